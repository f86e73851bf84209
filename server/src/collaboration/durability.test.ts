import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCodes, documentName } from '../../../shared/src/protocol.ts'
import { addTask, listMilestones, listTasks, roots } from '../../../shared/src/room/index.ts'
import { sqliteFile } from '../config.ts'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts'
import { spawnServer } from '../testing/child.ts'
import {
  type Cast,
  connect,
  eventually,
  seedCast,
  startTestServer,
  tempDir,
  tokenFor,
} from '../testing/harness.ts'
import { RawClient, syncStep2Frame, Wire } from '../testing/raw.ts'
import { loadRoomDoc } from './room-doc.ts'

async function prepare(): Promise<{ dataDir: string; cast: Cast; token: string }> {
  const dataDir = tempDir()
  const storage = new SqliteStorage(sqliteFile({ dataDir }))
  const cast = await seedCast(storage)
  const token = await tokenFor(storage, cast.roomId, cast.champion, 3600)
  await storage.close()
  return { dataDir, cast, token }
}

/** `count` edits, each its own update: tasks added and characters typed into the business case. */
function makeEdits(doc: Y.Doc, count: number, tag: string): void {
  const [milestone] = listMilestones(doc)
  if (!milestone) throw new Error('no milestone')
  const paragraph = new Y.XmlElement('paragraph')
  const typed = new Y.XmlText()
  paragraph.insert(0, [typed])
  roots.businessCase(doc).insert(0, [paragraph])
  for (let i = 0; i < count; i++) {
    if (i % 3 === 0) addTask(doc, { milestoneId: milestone.id, title: `${tag} task ${i}` })
    else typed.insert(typed.length, `${i % 10}`)
  }
}

function expectedText(count: number): string {
  let text = ''
  for (let i = 0; i < count; i++) if (i % 3 !== 0) text += `${i % 10}`
  return text
}

async function readRoom(wsUrl: string, roomId: string, token: string): Promise<Y.Doc> {
  const client = connect(wsUrl, roomId, token)
  await client.synced
  return client.doc
}

const taskTitles = (doc: Y.Doc, tag: string) =>
  listTasks(doc)
    .map((task) => task.title)
    .filter((title) => title.startsWith(tag))

describe('no acknowledged edit is lost', () => {
  it('survives SIGKILL right after the acknowledgements arrive', async () => {
    const { dataDir, cast, token } = await prepare()
    const first = await spawnServer(dataDir)
    const writer = connect(first.wsUrl, cast.roomId, token)
    await writer.synced
    makeEdits(writer.doc, 300, 'kill')
    await eventually(() => expect(writer.allAcknowledged()).toBe(true), 15_000)

    first.process.kill('SIGKILL')
    expect(await first.exited).toBe('SIGKILL')
    writer.destroy()

    const second = await spawnServer(dataDir)
    const doc = await readRoom(second.wsUrl, cast.roomId, token)
    expect(taskTitles(doc, 'kill')).toHaveLength(100)
    expect(roots.businessCase(doc).toString()).toContain(expectedText(300))
  })

  it('survives a clean restart, which compacts the log into a snapshot, and a SIGKILL after it', async () => {
    const { dataDir, cast, token } = await prepare()
    const first = await spawnServer(dataDir)
    const writer = connect(first.wsUrl, cast.roomId, token)
    await writer.synced
    makeEdits(writer.doc, 120, 'before')
    await eventually(() => expect(writer.allAcknowledged()).toBe(true), 15_000)
    first.process.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    expect(first.output()).toContain('Quorum stopped cleanly.')
    writer.destroy()

    // The clean stop folded the log into the snapshot.
    const storage = new SqliteStorage(sqliteFile({ dataDir }))
    expect(await storage.countUpdates(documentName(cast.roomId))).toBe(0)
    await storage.close()

    const second = await spawnServer(dataDir)
    const again = connect(second.wsUrl, cast.roomId, token)
    await again.synced
    expect(taskTitles(again.doc, 'before')).toHaveLength(40)
    makeEdits(again.doc, 90, 'after')
    await eventually(() => expect(again.allAcknowledged()).toBe(true), 15_000)
    second.process.kill('SIGKILL')
    await second.exited
    again.destroy()

    const third = await spawnServer(dataDir)
    const doc = await readRoom(third.wsUrl, cast.roomId, token)
    expect(taskTitles(doc, 'before')).toHaveLength(40)
    expect(taskTitles(doc, 'after')).toHaveLength(30)
    expect(roots.businessCase(doc).toString()).toContain(expectedText(120))
    expect(roots.businessCase(doc).toString()).toContain(expectedText(90))
  })

  it('acknowledges nothing it could not store, and takes the edit again once it can', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const token = await tokenFor(test.storage, cast.roomId, cast.champion)
    const name = documentName(cast.roomId)
    const raw = await RawClient.open(test.wsUrl)
    expect((await raw.authenticate(name, token)).ok).toBe(true)
    const doc = new Y.Doc()
    const loaded = test.server.collaboration.hocuspocus.documents.get(name)
    if (!loaded) throw new Error('room not loaded')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(loaded))
    const before = Y.encodeStateVector(doc)
    addTask(doc, {
      milestoneId: listMilestones(doc)[0]?.id ?? '',
      title: 'Written while the disk refused',
    })
    const edit = Y.encodeStateAsUpdate(doc, before)

    // The disk refuses writes (full, read-only): the edit is answered by closing, not acknowledged.
    test.storage.db.pragma('query_only = ON')
    raw.send(syncStep2Frame(name, edit))
    expect(await raw.closed).toEqual(CloseCodes.notSaved)
    expect(raw.messages.filter((m) => m.type === Wire.syncStatus && m.applied)).toEqual([])

    // The client sends it again once the server can store it: acknowledged, and stored.
    test.storage.db.pragma('query_only = OFF')
    const again = await RawClient.open(test.wsUrl)
    expect((await again.authenticate(name, token)).ok).toBe(true)
    expect(await again.sendUpdate(name, edit)).toBe(true)
    const stored = await loadRoomDoc(test.storage, cast.roomId)
    expect(taskTitles(stored, 'Written while')).toEqual(['Written while the disk refused'])
  })

  it('compacts when the last client leaves, and the compacted room loads the same', async () => {
    const { storage, wsUrl, server } = await startTestServer()
    const cast = await seedCast(storage)
    const token = await tokenFor(storage, cast.roomId, cast.seller)
    const writer = connect(wsUrl, cast.roomId, token)
    await writer.synced
    makeEdits(writer.doc, 60, 'unload')
    await eventually(() => expect(writer.allAcknowledged()).toBe(true))
    const name = documentName(cast.roomId)
    expect(await storage.countUpdates(name)).toBeGreaterThan(0)
    const before = Y.encodeStateAsUpdate(writer.doc)
    writer.destroy()

    await eventually(() => expect(server.collaboration.hocuspocus.documents.has(name)).toBe(false))
    expect(await storage.countUpdates(name)).toBe(0)
    const doc = await readRoom(wsUrl, cast.roomId, token)
    const reference = new Y.Doc()
    Y.applyUpdate(reference, before)
    expect(listTasks(doc)).toEqual(listTasks(reference))
    expect(roots.businessCase(doc).toString()).toBe(roots.businessCase(reference).toString())
  })
})
