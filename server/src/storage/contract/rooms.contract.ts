import { expect, it } from 'vitest'
import { buyer, type ContractRun, fakeClock, roomFixture, secondRoom } from './harness.ts'

export function roomsContract(run: ContractRun): void {
  it('a room is created with its owner as a member and its documents', () =>
    run.with('rooms', async (storage) => {
      fakeClock(5_000)
      const { owner, room } = await roomFixture(storage)
      expect(room).toEqual({
        id: 'room1',
        title: 'Acme',
        ownerId: owner.id,
        template: 'standard',
        createdAt: 5_000,
        lastActivityAt: 5_000,
        closedAt: null,
        accessMode: 'invited',
        allowedDomains: [],
      })
      expect(await storage.getRoom('room1')).toEqual(room)
      expect(await storage.getRoom('missing')).toBeNull()
      expect(await storage.getMember('room1', owner.id)).toEqual({
        roomId: 'room1',
        personId: owner.id,
        role: 'owner',
        createdAt: 5_000,
        joinedAt: null,
        email: owner.email,
        name: owner.name,
      })
      expect(await storage.loadDocument('room.room1.internal')).not.toBeNull()
    }))

  it('rooms are listed most recently active first, with owner and member count', () =>
    run.with('rooms', async (storage) => {
      const { owner, room } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      const cfo = await buyer(storage, 'cfo')
      await storage.putMember('room1', cfo.id, 'viewer')

      // Activity only moves forward.
      await storage.touchRoom('room1', room.createdAt + 5000)
      await storage.touchRoom('room1', room.createdAt + 1000)
      expect((await storage.getRoom('room1'))?.lastActivityAt).toBe(room.createdAt + 5000)
      expect(
        (await storage.listRooms()).map((r) => [r.id, r.ownerEmail, r.ownerName, r.memberCount]),
      ).toEqual([
        ['room1', owner.email, owner.name, 2],
        ['room2', owner.email, owner.name, 1],
      ])
      expect((await storage.listRoomsOf(cfo.id)).map((r) => [r.id, r.role, r.memberCount])).toEqual(
        [['room1', 'viewer', 2]],
      )
      expect((await storage.listRoomsOf(owner.id)).map((r) => [r.id, r.role])).toEqual([
        ['room1', 'owner'],
        ['room2', 'owner'],
      ])
      expect(await storage.listRoomsOf('stranger')).toEqual([])

      // The first closing time sticks.
      await storage.closeRoom('room1', 123)
      await storage.closeRoom('room1', 456)
      expect((await storage.getRoom('room1'))?.closedAt).toBe(123)
    }))

  it('members: roles change in place, listed owner, sellers, then buyers; removal', () =>
    run.with('rooms', async (storage) => {
      const clock = fakeClock(1_000)
      const { owner } = await roomFixture(storage)
      const champion = await buyer(storage, 'champion')
      const seller = await storage.createPerson({
        email: 'second@vendor.example',
        name: 'Second',
        kind: 'seller',
      })
      clock.set(2_000)
      expect(await storage.putMember('room1', champion.id, 'viewer')).toMatchObject({
        role: 'viewer',
        createdAt: 2_000,
      })
      clock.set(3_000)
      // A new role keeps the member's first date.
      expect(await storage.putMember('room1', champion.id, 'champion')).toMatchObject({
        role: 'champion',
        createdAt: 2_000,
      })
      await storage.putMember('room1', seller.id, 'seller')
      expect((await storage.listMembers('room1')).map((m) => [m.email, m.role])).toEqual([
        ['owner@vendor.example', 'owner'],
        ['second@vendor.example', 'seller'],
        ['champion@buyer.example', 'champion'],
      ])
      expect(await storage.listMembers('missing')).toEqual([])
      expect(await storage.getMember('room1', 'stranger')).toBeNull()

      expect(await storage.removeMember('room1', champion.id)).toBe(true)
      expect(await storage.removeMember('room1', champion.id)).toBe(false)
      expect(await storage.getMember('room1', champion.id)).toBeNull()
      expect((await storage.listMembers('room1')).map((m) => m.personId)).toEqual([
        owner.id,
        seller.id,
      ])
    }))

  it('the first time a member opened the room sticks', () =>
    run.with('rooms', async (storage) => {
      const { owner } = await roomFixture(storage)
      expect((await storage.getMember('room1', owner.id))?.joinedAt).toBeNull()
      await storage.markJoined('room1', owner.id, 10)
      await storage.markJoined('room1', owner.id, 20)
      expect((await storage.getMember('room1', owner.id))?.joinedAt).toBe(10)
    }))
}
