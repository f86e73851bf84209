import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { EngagementEvent, EngagementKind, EventFilter, Storage } from './storage.ts'

const bytes = (...values: number[]) => new Uint8Array(values)

/** A real first snapshot: meta.a = 'a'. */
const SEED = (() => {
  const doc = new Y.Doc()
  doc.getMap('meta').set('a', 'a')
  return Y.encodeStateAsUpdate(doc)
})()

/**
 * The behaviour every storage driver must have. Each driver's test file calls this with a
 * factory for a fresh, empty store; the suite closes what it opens.
 */
export function storageContract(driver: string, open: () => Promise<Storage>): void {
  async function withStorage(test: (storage: Storage) => Promise<void>): Promise<void> {
    const storage = await open()
    try {
      await test(storage)
    } finally {
      await storage.close()
    }
  }

  async function roomFixture(storage: Storage) {
    const owner = await storage.createPerson({
      email: 'Owner@Vendor.example ',
      name: ' Owner ',
      kind: 'seller',
    })
    const room = await storage.createRoom({
      id: 'room1',
      title: 'Acme',
      ownerId: owner.id,
      template: 'standard',
      documents: [
        { name: 'room.room1', snapshot: SEED },
        { name: 'room.room1.internal', snapshot: Y.encodeStateAsUpdate(new Y.Doc()) },
      ],
    })
    return { owner, room }
  }

  describe(`${driver} storage contract`, () => {
    it('documents: snapshot plus an ordered log, compacted up to a sequence number', () =>
      withStorage(async (storage) => {
        expect(await storage.loadDocument('room.nothing')).toBeNull()
        await roomFixture(storage)
        expect(await storage.loadDocument('room.room1')).toEqual({
          snapshot: SEED,
          updates: [],
          lastSeq: 0,
        })

        // Three real edits, in order, with one to another document in between.
        const doc = new Y.Doc()
        Y.applyUpdate(doc, SEED)
        const edit = (key: string) => {
          const before = Y.encodeStateVector(doc)
          doc.getMap('meta').set(key, key)
          return Y.encodeStateAsUpdate(doc, before)
        }
        const u1 = edit('b')
        const u2 = edit('c')
        const afterTwo = Y.encodeStateAsUpdate(doc)
        const u3 = edit('d')
        const first = await storage.appendUpdate('room.room1', u1)
        const second = await storage.appendUpdate('room.room1', u2)
        await storage.appendUpdate('room.room1.internal', bytes(0, 0))
        const third = await storage.appendUpdate('room.room1', u3)
        expect(first).toBeLessThan(second)
        expect(second).toBeLessThan(third)
        expect(await storage.loadDocument('room.room1')).toEqual({
          snapshot: SEED,
          updates: [u1, u2, u3],
          lastSeq: third,
        })
        expect(await storage.countUpdates('room.room1')).toBe(3)

        // Compaction covers the first two; the third was appended after the snapshot was taken.
        await storage.compactDocument('room.room1', afterTwo, second)
        const compacted = await storage.loadDocument('room.room1')
        expect(compacted?.updates).toEqual([u3])
        expect(compacted?.lastSeq).toBe(third)
        const loaded = new Y.Doc()
        if (compacted?.snapshot) Y.applyUpdate(loaded, compacted.snapshot)
        for (const update of compacted?.updates ?? []) Y.applyUpdate(loaded, update)
        expect(loaded.getMap('meta').toJSON()).toEqual({ a: 'a', b: 'b', c: 'c', d: 'd' })
        expect(await storage.countUpdates('room.room1.internal')).toBe(1)

        // A log without a snapshot is still a document.
        await storage.appendUpdate('room.orphan', bytes(5))
        expect(await storage.loadDocument('room.orphan')).toMatchObject({
          snapshot: null,
          updates: [bytes(5)],
        })
      }))

    it('people: e-mails are unique and compared case-insensitively', () =>
      withStorage(async (storage) => {
        const { owner } = await roomFixture(storage)
        expect(owner).toMatchObject({
          email: 'owner@vendor.example',
          name: 'Owner',
          kind: 'seller',
        })
        expect(await storage.findPersonByEmail('OWNER@vendor.example')).toEqual(owner)
        expect(await storage.getPerson(owner.id)).toEqual(owner)
        expect(await storage.getPerson('missing')).toBeNull()
        await expect(
          storage.createPerson({ email: 'owner@VENDOR.example', name: 'Twin', kind: 'buyer' }),
        ).rejects.toThrow()
        await storage.createPerson({ email: 'b@buyer.example', name: 'B', kind: 'buyer' })
        expect(await storage.countPeople('seller')).toBe(1)
        expect(await storage.countPeople('buyer')).toBe(1)
      }))

    it('rooms and members: the owner joins on creation, roles change in place', () =>
      withStorage(async (storage) => {
        const { owner, room } = await roomFixture(storage)
        const buyer = await storage.createPerson({
          email: 'b@buyer.example',
          name: 'B',
          kind: 'buyer',
        })
        expect(await storage.getRoom('room1')).toEqual(room)
        expect(await storage.getMember('room1', owner.id)).toMatchObject({
          role: 'owner',
          email: owner.email,
        })
        await storage.putMember('room1', buyer.id, 'viewer')
        expect((await storage.putMember('room1', buyer.id, 'champion')).role).toBe('champion')
        expect((await storage.listMembers('room1')).map((m) => [m.email, m.role])).toEqual([
          ['owner@vendor.example', 'owner'],
          ['b@buyer.example', 'champion'],
        ])
        expect(await storage.getMember('room1', 'stranger')).toBeNull()

        await storage.touchRoom('room1', room.createdAt + 5000)
        await storage.touchRoom('room1', room.createdAt + 1000)
        expect((await storage.getRoom('room1'))?.lastActivityAt).toBe(room.createdAt + 5000)
        const [summary] = await storage.listRooms()
        expect(summary).toMatchObject({ id: 'room1', ownerEmail: owner.email, memberCount: 2 })

        await storage.closeRoom('room1', 123)
        await storage.closeRoom('room1', 456)
        expect((await storage.getRoom('room1'))?.closedAt).toBe(123)
      }))

    it('links: found by hash, used once, revocable', () =>
      withStorage(async (storage) => {
        const { owner } = await roomFixture(storage)
        const link = await storage.createLink({
          kind: 'invite',
          tokenHash: 'h1',
          personId: owner.id,
          roomId: 'room1',
          expiresAt: 99,
        })
        expect(await storage.findLinkByHash('h1')).toEqual(link)
        expect(await storage.findLinkByHash('nope')).toBeNull()
        const [a, b] = await Promise.all([
          storage.consumeLink(link.id, 5),
          storage.consumeLink(link.id, 6),
        ])
        expect([a, b].filter(Boolean)).toHaveLength(1)
        expect((await storage.findLinkByHash('h1'))?.usedAt).toBe(5)

        await storage.createLink({
          kind: 'setup',
          tokenHash: 's1',
          personId: null,
          roomId: null,
          expiresAt: null,
        })
        await storage.createLink({
          kind: 'setup',
          tokenHash: 's2',
          personId: null,
          roomId: null,
          expiresAt: null,
        })
        expect(await storage.revokeLinks({ kind: 'setup' }, 7)).toBe(2)
        expect((await storage.findLinkByHash('s2'))?.revokedAt).toBe(7)
        expect(await storage.revokeLinks({ kind: 'setup' }, 8)).toBe(0)
      }))

    it('sessions and joins: a revoked session stays revoked; the first join time sticks', () =>
      withStorage(async (storage) => {
        const { owner } = await roomFixture(storage)
        await storage.createSession('hash1', {
          personId: owner.id,
          roomId: 'room1',
          expiresAt: 1000,
        })
        expect(await storage.getSession('hash1')).toMatchObject({
          personId: owner.id,
          roomId: 'room1',
          expiresAt: 1000,
          revokedAt: null,
        })
        await storage.revokeSession('hash1', 50)
        await storage.revokeSession('hash1', 60)
        expect((await storage.getSession('hash1'))?.revokedAt).toBe(50)
        expect(await storage.getSession('nope')).toBeNull()

        expect((await storage.getMember('room1', owner.id))?.joinedAt).toBeNull()
        await storage.markJoined('room1', owner.id, 10)
        await storage.markJoined('room1', owner.id, 20)
        expect((await storage.getMember('room1', owner.id))?.joinedAt).toBe(10)
        const rooms = await storage.listRoomsOf(owner.id)
        expect(rooms.map((room) => [room.id, room.role])).toEqual([['room1', 'owner']])
        expect(await storage.listRoomsOf('stranger')).toEqual([])
      }))

    it('access changes: one log in order, for a room, a person, or a person everywhere', () =>
      withStorage(async (storage) => {
        const { owner } = await roomFixture(storage)
        const start = await storage.lastAccessChangeSeq()
        const revoked = await storage.recordAccessChange({
          roomId: 'room1',
          personId: owner.id,
          kind: 'revoked',
        })
        const closed = await storage.recordAccessChange({
          roomId: 'room1',
          personId: null,
          kind: 'room-closed',
        })
        const signedOut = await storage.recordAccessChange({
          roomId: null,
          personId: owner.id,
          kind: 'signed-out',
        })
        expect(revoked).toBeGreaterThan(start)
        expect([closed, signedOut]).toEqual([revoked + 1, revoked + 2])
        expect(await storage.lastAccessChangeSeq()).toBe(signedOut)
        const since = await storage.accessChangesSince(revoked)
        expect(
          since.map(({ seq, roomId, personId, kind }) => ({ seq, roomId, personId, kind })),
        ).toEqual([
          { seq: closed, roomId: 'room1', personId: null, kind: 'room-closed' },
          { seq: signedOut, roomId: null, personId: owner.id, kind: 'signed-out' },
        ])
        expect(await storage.accessChangesSince(signedOut)).toEqual([])
      }))

    it('events: in time order, narrowed by time, person and kind', () =>
      withStorage(async (storage) => {
        const event = (personId: string, kind: EngagementKind, at: number): EngagementEvent => ({
          roomId: 'room1',
          personId,
          side: 'buyer',
          kind,
          section: null,
          durationMs: null,
          detail: { at },
          at,
        })
        await storage.appendEvents([
          event('cfo', 'room.opened', 10),
          event('cfo', 'comment.added', 20),
          event('champion', 'task.added', 20),
          event('champion', 'business-case.edited', 30),
          event('cfo', 'room.left', 40),
        ])
        await storage.appendEvents([{ ...event('cfo', 'room.opened', 15), roomId: 'room2' }])
        const list = async (filter: Omit<EventFilter, 'roomId'>) =>
          (await storage.listEvents({ roomId: 'room1', ...filter })).map(
            (e) => `${e.personId} ${e.kind} ${e.at}`,
          )
        expect(await list({})).toEqual([
          'cfo room.opened 10',
          'cfo comment.added 20',
          'champion task.added 20',
          'champion business-case.edited 30',
          'cfo room.left 40',
        ])
        expect((await storage.listEvents({ roomId: 'room1' }))[1]?.detail).toEqual({ at: 20 })
        expect(await list({ since: 20, before: 40 })).toEqual([
          'cfo comment.added 20',
          'champion task.added 20',
          'champion business-case.edited 30',
        ])
        expect(await list({ personId: 'cfo', kinds: ['room.opened', 'room.left'] })).toEqual([
          'cfo room.opened 10',
          'cfo room.left 40',
        ])
        expect(await list({ kinds: [] })).toEqual([])
        expect(await storage.hasEvents('room1', 'champion')).toBe(true)
        expect(await storage.hasEvents('room1', 'stranger')).toBe(false)
      }))

    it('settings: the first value set wins', () =>
      withStorage(async (storage) => {
        expect(await storage.getSetting('secret')).toBeNull()
        expect(await storage.initSetting('secret', 'one')).toBe('one')
        expect(await storage.initSetting('secret', 'two')).toBe('one')
        expect(await storage.getSetting('secret')).toBe('one')
      }))
  })
}
