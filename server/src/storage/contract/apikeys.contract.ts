import { expect, it } from 'vitest'
import type { EngagementEvent } from '../events.ts'
import { buyer, type ContractRun, fakeClock, roomFixture, secondRoom } from './harness.ts'

const key = (id: string, createdBy: string | null) => ({
  id,
  name: `Key ${id}`,
  prefix: `qk_${id}`,
  keyHash: `hash-of-${id}`,
  scopes: ['rooms:read', 'events:read'] as const,
  createdBy,
})

/** The public API's keys and calendar feeds, and the paged reads it makes of events and rooms. */
export function apiKeysContract(run: ContractRun): void {
  it('API keys: made, found by hash, listed newest first, used, revoked once', () =>
    run.with('apikeys', async (storage) => {
      const clock = fakeClock(1_000)
      const { owner } = await roomFixture(storage)
      const first = await storage.createApiKey(key('k1', owner.id))
      expect(first).toEqual({
        id: 'k1',
        name: 'Key k1',
        prefix: 'qk_k1',
        keyHash: 'hash-of-k1',
        scopes: ['rooms:read', 'events:read'],
        createdBy: owner.id,
        createdAt: 1_000,
        lastUsedAt: null,
        revokedAt: null,
      })
      clock.set(2_000)
      const second = await storage.createApiKey({ ...key('k2', null), scopes: [] })
      expect(second.scopes).toEqual([])
      expect(second.createdBy).toBeNull()
      await expect(
        storage.createApiKey({ ...key('k3', null), keyHash: 'hash-of-k1' }),
      ).rejects.toThrow()

      expect(await storage.findApiKeyByHash('hash-of-k1')).toEqual(first)
      expect(await storage.findApiKeyByHash('hash-of-nothing')).toBeNull()
      expect(await storage.getApiKey('k2')).toEqual(second)
      expect(await storage.getApiKey('k9')).toBeNull()
      expect((await storage.listApiKeys()).map((each) => each.id)).toEqual(['k2', 'k1'])

      // A use is recorded at most once per interval.
      await storage.touchApiKey('k1', 5_000, 60_000)
      await storage.touchApiKey('k1', 30_000, 60_000)
      expect((await storage.getApiKey('k1'))?.lastUsedAt).toBe(5_000)
      await storage.touchApiKey('k1', 65_000, 60_000)
      expect((await storage.getApiKey('k1'))?.lastUsedAt).toBe(65_000)

      expect(await storage.revokeApiKey('k1', 70_000)).toBe(true)
      expect(await storage.revokeApiKey('k1', 80_000)).toBe(false)
      expect(await storage.revokeApiKey('k9', 80_000)).toBe(false)
      expect((await storage.findApiKeyByHash('hash-of-k1'))?.revokedAt).toBe(70_000)
    }))

  it('calendar feeds: one per person and kind is found until revoked', () =>
    run.with('apikeys', async (storage) => {
      fakeClock(3_000)
      const { owner, room } = await roomFixture(storage)
      const cfo = await buyer(storage, 'cfo')
      const roomFeed = await storage.createCalendarFeed({
        id: 'f1',
        personId: cfo.id,
        roomId: room.id,
        mine: false,
      })
      expect(roomFeed).toEqual({
        id: 'f1',
        personId: cfo.id,
        roomId: room.id,
        mine: false,
        createdAt: 3_000,
        revokedAt: null,
      })
      const everywhere = await storage.createCalendarFeed({
        id: 'f2',
        personId: owner.id,
        roomId: null,
        mine: true,
      })
      expect(await storage.getCalendarFeed('f2')).toEqual(everywhere)
      expect(await storage.getCalendarFeed('f9')).toBeNull()
      expect(await storage.findCalendarFeed(cfo.id, room.id, false)).toEqual(roomFeed)
      expect(await storage.findCalendarFeed(cfo.id, room.id, true)).toBeNull()
      expect(await storage.findCalendarFeed(owner.id, null, true)).toEqual(everywhere)
      expect(await storage.findCalendarFeed(owner.id, room.id, true)).toBeNull()

      expect(await storage.revokeCalendarFeed('f1', 4_000)).toBe(true)
      expect(await storage.revokeCalendarFeed('f1', 5_000)).toBe(false)
      expect(await storage.findCalendarFeed(cfo.id, room.id, false)).toBeNull()
      expect((await storage.getCalendarFeed('f1'))?.revokedAt).toBe(4_000)
    }))

  it('events a page at a time: in the order recorded, after a cursor, by kind and time', () =>
    run.with('events', async (storage) => {
      const event = (kind: EngagementEvent['kind'], at: number, roomId = 'room1') => ({
        roomId,
        personId: 'cfo',
        side: 'buyer' as const,
        kind,
        section: null,
        durationMs: null,
        detail: { at },
        at,
      })
      await storage.appendEvents([
        event('room.opened', 10),
        event('task.completed', 30),
        event('room.opened', 5, 'room2'),
        // Recorded late, dated earlier (a coalesced change): still after the cursor.
        event('task.changed', 20),
        event('comment.added', 40),
      ])
      const all = await storage.listEventPage({ roomId: 'room1', afterId: 0, limit: 10 })
      expect(all.map((each) => each.kind)).toEqual([
        'room.opened',
        'task.completed',
        'task.changed',
        'comment.added',
      ])
      expect(all[0]).toEqual({ ...event('room.opened', 10), id: all[0]?.id })
      const ids = all.map((each) => each.id)
      expect([...ids].sort((a, b) => a - b)).toEqual(ids)

      const first = await storage.listEventPage({ roomId: 'room1', afterId: 0, limit: 2 })
      const rest = await storage.listEventPage({
        roomId: 'room1',
        afterId: first.at(-1)?.id ?? 0,
        limit: 2,
      })
      expect([...first, ...rest]).toEqual(all)
      const kinds = async (query: { since?: number; before?: number; kinds?: string[] }) =>
        (
          await storage.listEventPage({
            roomId: 'room1',
            afterId: 0,
            limit: 10,
            ...query,
            kinds: query.kinds as EngagementEvent['kind'][] | undefined,
          })
        ).map((each) => each.at)
      expect(await kinds({ since: 20 })).toEqual([30, 20, 40])
      expect(await kinds({ before: 30 })).toEqual([10, 20])
      expect(
        await kinds({ since: 15, before: 40, kinds: ['task.changed', 'comment.added'] }),
      ).toEqual([20])
      expect(await kinds({ kinds: [] })).toEqual([])
    }))

  it('every room of the instance a page at a time, newest first, by state, owner and activity', () =>
    run.with('summaries', async (storage) => {
      const clock = fakeClock(10_000)
      const { owner, room } = await roomFixture(storage)
      clock.set(20_000)
      const other = await secondRoom(storage, owner.id)
      const seller = await storage.createPerson({
        email: 'second@vendor.example',
        name: 'Second',
        kind: 'seller',
      })
      clock.set(30_000)
      const third = await storage.createRoom({
        id: 'room3',
        title: 'Initech',
        ownerId: seller.id,
        template: 'standard',
        documents: [],
      })
      await storage.closeRoom(other.id, 40_000)
      await storage.touchRoom(room.id, 50_000)
      const ids = async (query: Partial<Parameters<typeof storage.listInstanceRooms>[0]>) =>
        (
          await storage.listInstanceRooms({
            limit: 10,
            after: null,
            closed: null,
            ownerId: null,
            activeSince: null,
            ...query,
          })
        ).map((entry) => entry.id)
      expect(await ids({})).toEqual([third.id, other.id, room.id])
      expect(await ids({ limit: 2 })).toEqual([third.id, other.id])
      expect(await ids({ after: { createdAt: 20_000, id: other.id } })).toEqual([room.id])
      expect(await ids({ closed: true })).toEqual([other.id])
      expect(await ids({ closed: false })).toEqual([third.id, room.id])
      expect(await ids({ ownerId: seller.id })).toEqual([third.id])
      expect(await ids({ activeSince: 40_000 })).toEqual([room.id])

      const [entry] = await storage.listInstanceRooms({
        limit: 1,
        after: null,
        closed: null,
        ownerId: seller.id,
        activeSince: null,
      })
      expect(entry).toMatchObject({
        id: third.id,
        title: 'Initech',
        ownerEmail: 'second@vendor.example',
        ownerName: 'Second',
        memberCount: 1,
        digest: null,
        stale: true,
      })
    }))
}
