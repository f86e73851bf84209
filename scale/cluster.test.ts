import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { revokeMemberByEmail } from '../server/src/access/revocation.ts'
import { loadRoomDoc } from '../server/src/collaboration/room-doc.ts'
import { PostgresStorage } from '../server/src/storage/postgres/postgres-storage.ts'
import { spawnServer } from '../server/src/testing/child.ts'
import { connect, eventually, seedCast, tempDir, tokenFor } from '../server/src/testing/harness.ts'
import { RawClient } from '../server/src/testing/raw.ts'
import { documentName } from '../shared/src/protocol.ts'
import { addTask, listMilestones, listTasks } from '../shared/src/room/index.ts'
import { freshDatabase, freshRedisPrefix, REDIS_URL } from './databases.ts'

/** Two Quorum instances on one PostgreSQL database and one Redis, as separate processes. */
async function cluster() {
  const databaseUrl = await freshDatabase()
  const storage = await PostgresStorage.open(databaseUrl)
  const env = { DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: freshRedisPrefix() }
  const a = await spawnServer(tempDir(), env)
  const b = await spawnServer(tempDir(), env)
  return { storage, a, b }
}

const titles = (doc: Y.Doc, prefix: string) =>
  listTasks(doc)
    .map((task) => task.title)
    .filter((title) => title.startsWith(prefix))

describe('several instances on PostgreSQL and Redis', () => {
  it('clients on different instances co-edit and see each other; SIGKILL loses nothing acknowledged', async () => {
    const { storage, a, b } = await cluster()
    try {
      const cast = await seedCast(storage)
      const onA = connect(
        a.wsUrl,
        cast.roomId,
        await tokenFor(storage, cast.roomId, cast.champion, 3600),
      )
      const onB = connect(
        b.wsUrl,
        cast.roomId,
        await tokenFor(storage, cast.roomId, cast.seller, 3600),
      )
      await Promise.all([onA.synced, onB.synced])

      // Co-editing across instances.
      const milestone = listMilestones(onA.doc)[0]?.id ?? ''
      addTask(onA.doc, { milestoneId: milestone, title: 'from A' })
      addTask(onB.doc, { milestoneId: milestone, title: 'from B' })
      await eventually(() => {
        expect(titles(onA.doc, 'from ').sort()).toEqual(['from A', 'from B'])
        expect(titles(onB.doc, 'from ').sort()).toEqual(['from A', 'from B'])
      }, 10_000)

      // Presence crosses instances too.
      onA.provider.awareness?.setLocalStateField('section', 'plan')
      await eventually(() => {
        const states = [...(onB.provider.awareness?.getStates().values() ?? [])] as Array<{
          user?: { name?: string }
          section?: string
        }>
        expect(
          states.some((state) => state.section === 'plan' && state.user?.name === 'champion'),
        ).toBe(true)
      }, 10_000)

      // A writes steadily; once 150 edits are acknowledged, A's server is killed mid-stream.
      let acknowledged = 0
      for (let i = 0; i < 150; i++) addTask(onA.doc, { milestoneId: milestone, title: `kill ${i}` })
      await eventually(() => expect(onA.allAcknowledged()).toBe(true), 20_000)
      acknowledged = 150
      for (let i = 150; i < 200; i++)
        addTask(onA.doc, { milestoneId: milestone, title: `kill ${i}` })
      a.process.kill('SIGKILL')
      await a.exited

      // Everything acknowledged is in PostgreSQL…
      const stored = await loadRoomDoc(storage, cast.roomId)
      const storedTitles = new Set(titles(stored, 'kill '))
      for (let i = 0; i < acknowledged; i++)
        expect(storedTitles.has(`kill ${i}`), `kill ${i}`).toBe(true)

      // …and A's client reconnects to B with the same document: nothing is lost, even the rest.
      onA.destroy()
      const moved = connect(
        b.wsUrl,
        cast.roomId,
        await tokenFor(storage, cast.roomId, cast.champion, 3600),
        'shared',
        onA.doc,
      )
      await moved.synced
      await eventually(() => expect(moved.allAcknowledged()).toBe(true), 20_000)
      await eventually(() => expect(titles(onB.doc, 'kill ')).toHaveLength(200), 10_000)
    } finally {
      await storage.close()
    }
  })

  it('a revocation made anywhere closes the socket on every instance; events are not double-counted', async () => {
    const { storage, a, b } = await cluster()
    try {
      const cast = await seedCast(storage)
      const name = documentName(cast.roomId)
      const watcherOnA = connect(
        a.wsUrl,
        cast.roomId,
        await tokenFor(storage, cast.roomId, cast.seller, 3600),
      )
      await watcherOnA.synced
      const raw = await RawClient.open(b.wsUrl)
      expect(
        (await raw.authenticate(name, await tokenFor(storage, cast.roomId, cast.stakeholder))).ok,
      ).toBe(true)

      // The buyer is connected to B only; both instances hold the room.
      await eventually(async () => {
        const opened = (await storage.listEvents({ roomId: cast.roomId })).filter(
          (e) => e.kind === 'room.opened' && e.side === 'buyer',
        )
        expect(opened).toHaveLength(1)
      })
      await revokeMemberByEmail(storage, cast.roomId, cast.stakeholder, { id: 'cli', ip: null })
      const closed = await raw.closed
      expect(closed.code).toBe(4403)
      // Still exactly one buyer "opened" event, though both instances saw the room.
      const opened = (await storage.listEvents({ roomId: cast.roomId })).filter(
        (e) => e.kind === 'room.opened' && e.side === 'buyer',
      )
      expect(opened).toHaveLength(1)
    } finally {
      await storage.close()
    }
  })
})
