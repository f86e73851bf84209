import { expect } from 'vitest'
import type { Storage } from '../../storage/storage.ts'

/**
 * The seller team after an upgrade (issue 15): every seller of the release is on the team, the
 * earliest-created one its admin and the others members; rooms take co-owners.
 */
export async function expectTeamAfterUpgrade(storage: Storage): Promise<void> {
  const teammates = await storage.listTeammates()
  const first = await storage.firstSeller()
  expect(teammates.length).toBe(await storage.countPeople('seller'))
  expect(teammates.length).toBeGreaterThan(0)
  expect(teammates.filter((each) => each.role === 'admin').map((each) => each.personId)).toEqual([
    first?.id,
  ])
  const rooms = await storage.listRooms()
  const owned = teammates.reduce((sum, each) => sum + each.roomsOwned, 0)
  expect(owned).toBe(rooms.length)
  const [room] = rooms
  if (!room) throw new Error('the fixture has rooms')
  const newcomer = await storage.createPerson({
    email: 'co-owner@upgrade.test',
    name: 'Co-owner',
    kind: 'seller',
  })
  expect((await storage.putMember(room.id, newcomer.id, 'co-owner')).role).toBe('co-owner')
}
