import { expect, it } from 'vitest'
import type { RoomDigest } from '../summaries.ts'
import { buyer, type ContractRun, fakeClock, roomFixture, secondRoom } from './harness.ts'

function digest(roomId: string, score: number, patch: Partial<RoomDigest> = {}): RoomDigest {
  return {
    roomId,
    health: { score, reasons: score < 100 ? ['No champion in the room'] : [] },
    alerts: [],
    buyersEngaged: 1,
    buyersInvited: 2,
    buyerVisits: 3,
    tasksDone: 4,
    tasksTotal: 9,
    milestonesDone: 1,
    milestonesTotal: 3,
    lastBuyerActivityAt: null,
    buyerOrg: 'Acme Corp',
    closeDate: null,
    computedAt: 1_000,
    activitySeenAt: 1_000,
    validUntil: 90_000,
    ...patch,
  }
}

export function summariesContract(run: ContractRun): void {
  it('summaries: new and upgraded rooms are due until summarized; a change or time makes them due again', () =>
    run.with('summaries', async (storage) => {
      const clock = fakeClock(1_000)
      const { owner } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      expect(await storage.getRoomDigest('room1')).toBeNull()
      expect(await storage.claimDueRooms(1_000, 10, 5_000)).toEqual(['room1', 'room2'])
      // Claimed: another worker sweeping now gets neither, until the claim runs out.
      expect(await storage.claimDueRooms(2_000, 10, 5_000)).toEqual([])
      await storage.putRoomDigest(digest('room1', 70))
      expect(await storage.getRoomDigest('room1')).toEqual(digest('room1', 70))
      expect(await storage.claimDueRooms(6_000, 10, 5_000)).toEqual(['room2'])
      await storage.putRoomDigest(digest('room2', 40))
      expect(await storage.claimDueRooms(6_500, 10, 5_000)).toEqual([])

      // Marked due (by an event, a membership change), but one marked while a summary was being
      // computed stays due after that summary is stored.
      await storage.markRoomsDue(['room1', 'missing'], 7_000)
      await storage.putRoomDigest(digest('room1', 70, { computedAt: 6_900 }))
      expect(await storage.claimDueRooms(7_100, 10, 5_000)).toEqual(['room1'])
      await storage.putRoomDigest(digest('room1', 70, { computedAt: 7_200 }))
      expect(await storage.claimDueRooms(7_300, 10, 5_000)).toEqual([])

      // An edit moves the room's last activity past what the summary saw.
      clock.set(8_000)
      await storage.touchRoom('room2', 8_000)
      expect(await storage.claimDueRooms(8_000, 10, 5_000)).toEqual(['room2'])
      await storage.putRoomDigest(digest('room2', 40, { computedAt: 8_000, activitySeenAt: 8_000 }))
      // Time alone: past its validity.
      expect(await storage.claimDueRooms(90_000, 10, 5_000)).toEqual(['room1', 'room2'])
      // Closed rooms are not summarized any more; the limit holds.
      await storage.closeRoom('room1', 90_000)
      expect(await storage.claimDueRooms(200_000, 1, 5_000)).toEqual(['room2'])
    }))

  it('summaries: a page of a person’s rooms, sorted and counted in the query, with what is stale', () =>
    run.with('summaries', async (storage) => {
      fakeClock(10_000)
      const { owner } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      await storage.createRoom({
        id: 'room3',
        title: 'beta',
        ownerId: owner.id,
        template: 'standard',
        documents: [],
      })
      const cfo = await buyer(storage, 'cfo')
      await storage.putMember('room2', cfo.id, 'stakeholder')
      await storage.touchRoom('room1', 12_000)
      await storage.touchRoom('room3', 11_000)
      await storage.putRoomDigest(
        digest('room1', 80, {
          computedAt: 12_000,
          activitySeenAt: 12_000,
          lastBuyerActivityAt: 5_000,
        }),
      )
      await storage.putRoomDigest(
        digest('room2', 30, { computedAt: 12_000, activitySeenAt: 10_000 }),
      )

      const page = async (sort: 'activity' | 'health' | 'title' | 'buyer-activity', offset = 0) =>
        storage.listRoomPage({ personId: owner.id, sort, limit: 2, offset })
      const ids = async (sort: 'activity' | 'health' | 'title' | 'buyer-activity', offset = 0) =>
        (await page(sort, offset)).rooms.map((room) => room.id)

      expect(await ids('activity')).toEqual(['room1', 'room3'])
      expect(await ids('activity', 2)).toEqual(['room2'])
      expect(await ids('health')).toEqual(['room2', 'room1'])
      expect(await ids('health', 2)).toEqual(['room3'])
      expect(await ids('title')).toEqual(['room1', 'room3'])
      expect(await ids('buyer-activity')).toEqual(['room1', 'room3'])

      const first = await page('health')
      expect(first.total).toBe(3)
      expect(first.rooms[0]).toMatchObject({
        id: 'room2',
        title: 'Globex',
        role: 'owner',
        ownerName: 'Owner',
        memberCount: 2,
        digest: digest('room2', 30, { computedAt: 12_000, activitySeenAt: 10_000 }),
        stale: false,
      })
      expect(first.rooms[1]).toMatchObject({ id: 'room1', stale: false })
      // Never summarized.
      expect((await page('health', 2)).rooms[0]).toMatchObject({ digest: null, stale: true })

      // A buyer sees their one room; a session limited to a room sees only it.
      const cfoPage = await storage.listRoomPage({
        personId: cfo.id,
        sort: 'health',
        limit: 10,
        offset: 0,
      })
      expect(cfoPage.rooms.map((room) => [room.id, room.role])).toEqual([['room2', 'stakeholder']])
      const one = await storage.listRoomPage({
        personId: owner.id,
        sort: 'activity',
        limit: 10,
        offset: 0,
        roomId: 'room3',
      })
      expect([one.total, one.rooms.map((room) => room.id)]).toEqual([1, ['room3']])

      await storage.markRoomsDue(['room2'], 13_000)
      expect((await page('health')).rooms[0]).toMatchObject({ id: 'room2', stale: true })
    }))

  it('summaries: alerts of the seller team’s open rooms, newest first, and those since a time', () =>
    run.with('summaries', async (storage) => {
      const { owner } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      const cfo = await buyer(storage, 'cfo')
      await storage.putMember('room1', cfo.id, 'champion')
      const quiet = { kind: 'key-person-quiet', at: 500, message: 'Champion Ana has been quiet' }
      const overdue = { kind: 'task-overdue', at: 700, message: 'Buyer task "Sign" is overdue' }
      await storage.putRoomDigest(digest('room1', 60, { alerts: [quiet, overdue] }))
      await storage.putRoomDigest(
        digest('room2', 90, { alerts: [{ kind: 'rereads', at: 600, message: 'Read 3 times' }] }),
      )
      expect(await storage.listAlertsOf(owner.id, 10)).toEqual([
        { roomId: 'room1', roomTitle: 'Acme', ...overdue },
        { roomId: 'room2', roomTitle: 'Globex', kind: 'rereads', at: 600, message: 'Read 3 times' },
        { roomId: 'room1', roomTitle: 'Acme', ...quiet },
      ])
      expect((await storage.listAlertsOf(owner.id, 1)).map((alert) => alert.at)).toEqual([700])
      // A buyer is not on the seller team.
      expect(await storage.listAlertsOf(cfo.id, 10)).toEqual([])
      expect((await storage.listAlertsSince(600)).map((alert) => alert.at)).toEqual([700, 600])

      // A new summary replaces the room's alerts; a closed room's are gone from both lists.
      await storage.putRoomDigest(digest('room1', 60, { alerts: [overdue] }))
      expect((await storage.listAlertsOf(owner.id, 10)).map((alert) => alert.at)).toEqual([
        700, 600,
      ])
      await storage.closeRoom('room2', 800)
      expect((await storage.listAlertsSince(0)).map((alert) => alert.at)).toEqual([700])
    }))
}
