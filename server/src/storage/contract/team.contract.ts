import { expect, it } from 'vitest'
import { type ContractRun, roomFixture, secondRoom } from './harness.ts'

export function teamContract(run: ContractRun): void {
  it('a seller joins the team, changes role, is listed admins first, and leaves', () =>
    run.with('team', async (storage) => {
      const { owner } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      const sam = await storage.createPerson({
        email: 'sam@vendor.example',
        name: 'Aaron',
        kind: 'seller',
      })
      expect(await storage.getTeammate(owner.id)).toBeNull()
      expect(await storage.putTeammate(sam.id, 'member', 5_000)).toEqual({
        personId: sam.id,
        email: 'sam@vendor.example',
        name: 'Aaron',
        role: 'member',
        joinedAt: 5_000,
        roomsOwned: 0,
      })
      await storage.putTeammate(owner.id, 'admin', 6_000)
      expect((await storage.getTeammate(owner.id))?.roomsOwned).toBe(2)
      expect((await storage.listTeammates()).map((t) => [t.name, t.role])).toEqual([
        ['Owner', 'admin'],
        ['Aaron', 'member'],
      ])
      // A change of role keeps when they joined.
      const promoted = await storage.putTeammate(sam.id, 'admin', 9_000)
      expect([promoted.role, promoted.joinedAt]).toEqual(['admin', 5_000])
      expect((await storage.listTeammates()).map((t) => t.name)).toEqual(['Aaron', 'Owner'])
      expect(await storage.removeTeammate(sam.id)).toBe(true)
      expect(await storage.removeTeammate(sam.id)).toBe(false)
      expect(await storage.getTeammate(sam.id)).toBeNull()
      expect((await storage.listTeammates()).map((t) => t.name)).toEqual(['Owner'])
    }))

  it('a room changes owner: the old owner stays as co-owner, or leaves the room', () =>
    run.with('team', async (storage) => {
      const { owner, room } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      const next = await storage.createPerson({
        email: 'next@vendor.example',
        name: 'Next',
        kind: 'seller',
      })
      expect(await storage.roomsOwnedBy(owner.id)).toEqual(['room1', 'room2'])
      expect(
        await storage.transferRoom(room.id, next.id, { previousOwnerLeaves: false, at: 7_000 }),
      ).toBe(owner.id)
      expect((await storage.getRoom(room.id))?.ownerId).toBe(next.id)
      expect((await storage.getMember(room.id, next.id))?.role).toBe('owner')
      expect((await storage.getMember(room.id, owner.id))?.role).toBe('co-owner')
      expect(await storage.roomsOwnedBy(owner.id)).toEqual(['room2'])
      // Handing a room to its owner changes nothing.
      expect(
        await storage.transferRoom(room.id, next.id, { previousOwnerLeaves: true, at: 8_000 }),
      ).toBe(next.id)
      expect((await storage.getMember(room.id, next.id))?.role).toBe('owner')
      await storage.transferRoom('room2', next.id, { previousOwnerLeaves: true, at: 8_000 })
      expect(await storage.getMember('room2', owner.id)).toBeNull()
      expect(await storage.roomsOwnedBy(next.id)).toEqual(['room1', 'room2'])
      await expect(
        storage.transferRoom('missing', next.id, { previousOwnerLeaves: true, at: 8_000 }),
      ).rejects.toThrow()
    }))
}
