import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import { addTask, listMilestones, listTasks } from '../../../shared/src/room/index.ts'
import {
  type Cast,
  connect,
  eventually,
  seedCast,
  startTestServer,
  type TestServer,
  tokenFor,
} from '../testing/harness.ts'
import { frame, RawClient, syncStep1Frame, updateFrame } from '../testing/raw.ts'

/** Deterministic pseudo-random bytes, so a failing input can be replayed. */
function noise(seed: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  let state = seed
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0
    bytes[i] = state >>> 24
  }
  return bytes
}

/** The server still answers, and a client in another room still edits and syncs. */
async function expectServerHealthy(context: TestServer, bystander: Cast): Promise<void> {
  const health = await fetch(`${context.httpUrl}/healthz`)
  expect(health.status).toBe(200)
  const token = await tokenFor(context.storage, bystander.roomId, bystander.seller)
  const writer = connect(context.wsUrl, bystander.roomId, token)
  const reader = connect(context.wsUrl, bystander.roomId, token)
  await Promise.all([writer.synced, reader.synced])
  const title = `still alive ${Math.random()}`
  addTask(writer.doc, { milestoneId: listMilestones(writer.doc)[0]?.id ?? '', title })
  await eventually(() => expect(listTasks(reader.doc).map((task) => task.title)).toContain(title))
}

describe('bad input leaves the server up and other rooms untouched', () => {
  it('closes a socket that sends a garbage binary frame', async () => {
    const context = await startTestServer()
    const bystander = await seedCast(context.storage)
    const raw = await RawClient.open(context.wsUrl)
    raw.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))
    expect((await raw.closed).code).toBeGreaterThanOrEqual(1000)
    await expectServerHealthy(context, bystander)
  })

  it('closes a socket that sends a text frame', async () => {
    const context = await startTestServer()
    const bystander = await seedCast(context.storage)
    const raw = await RawClient.open(context.wsUrl)
    raw.send('{"hello":"world"}')
    expect(await raw.closed).toEqual({ code: 1003, reason: 'binary frames only' })
    await expectServerHealthy(context, bystander)
  })

  it('closes a socket that sends a frame over the size limit (1009) before buffering it', async () => {
    const context = await startTestServer()
    const bystander = await seedCast(context.storage)
    const raw = await RawClient.open(context.wsUrl)
    raw.send(new Uint8Array(300 * 1024))
    expect((await raw.closed).code).toBe(1009)
    await expectServerHealthy(context, bystander)
  })

  it('survives malformed updates from an authenticated writer and keeps the room intact', async () => {
    const context = await startTestServer()
    const cast = await seedCast(context.storage)
    const bystander = await seedCast(context.storage, 'other')
    const name = documentName(cast.roomId)
    const token = await tokenFor(context.storage, cast.roomId, cast.champion)
    const watcher = connect(context.wsUrl, cast.roomId, token)
    await watcher.synced
    const before = listTasks(watcher.doc)

    const valid = Y.encodeStateAsUpdate(watcher.doc)
    const malformed = [
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]),
      valid.slice(0, Math.floor(valid.length / 2)),
      ...Array.from({ length: 12 }, (_, seed) => noise(seed + 1, 40)),
    ]
    for (const update of malformed) {
      const raw = await RawClient.open(context.wsUrl)
      expect(await raw.authenticate(name, token)).toMatchObject({ ok: true })
      raw.send(updateFrame(name, update))
      raw.send(syncStep1Frame(name, new Uint8Array([0xff, 0xff])))
      raw.send(frame(name, 99, () => {}))
      raw.socket.close()
      await raw.closed
    }
    await expectServerHealthy(context, bystander)

    // The room still syncs, to a fresh client too, with its plan intact.
    const fresh = connect(context.wsUrl, cast.roomId, token)
    await fresh.synced
    expect(listTasks(fresh.doc).map((task) => task.id)).toEqual(before.map((task) => task.id))
    addTask(watcher.doc, {
      milestoneId: listMilestones(watcher.doc)[0]?.id ?? '',
      title: 'After the storm',
    })
    await eventually(() =>
      expect(listTasks(fresh.doc).map((task) => task.title)).toContain('After the storm'),
    )

    // And what was stored loads after a restart.
    const expected = listTasks(fresh.doc)
    await context.server.close()
    const restarted = await startTestServer(context.dataDir)
    const reloaded = connect(
      restarted.wsUrl,
      cast.roomId,
      await tokenFor(restarted.storage, cast.roomId, cast.champion),
    )
    await reloaded.synced
    expect(listTasks(reloaded.doc)).toEqual(expected)
  })
})
