import { expect, it } from 'vitest'
import type { RoomDigest, RoomFilter, RoomSort, Storage } from '../storage.ts'
import { buyer, type ContractRun, fakeClock, roomFixture, secondRoom } from './harness.ts'

function digest(roomId: string, score: number, patch: Partial<RoomDigest>): RoomDigest {
  return {
    roomId,
    health: { score, reasons: [] },
    alerts: [],
    buyersEngaged: 0,
    buyersInvited: 0,
    buyerVisits: 0,
    tasksDone: 0,
    tasksTotal: 0,
    milestonesDone: 0,
    milestonesTotal: 0,
    lastBuyerActivityAt: null,
    buyerOrg: '',
    closeDate: null,
    computedAt: 20_000,
    activitySeenAt: 20_000,
    validUntil: 900_000,
    ...patch,
  }
}

/**
 * Four rooms of two owners: room1 Acme (owner, healthy, closing 2027-03-10, buyer Acme Corp),
 * room2 Globex (owner, poor with an alert, closing 2027-03-28, buyer Globex Industries), room3
 * "Initech 50% pilot" (the teammate's; the owner is a seller in it; fair, closing 2027-04-02),
 * room4 (the teammate's, never summarized).
 */
async function teamRooms(storage: Storage) {
  fakeClock(10_000)
  const { owner } = await roomFixture(storage)
  await secondRoom(storage, owner.id)
  const mate = await storage.createPerson({
    email: 'mate@vendor.example',
    name: 'Alex Mate',
    kind: 'seller',
  })
  // Rooms are owned by the team's sellers.
  await storage.putTeammate(owner.id, 'admin', 10_000)
  await storage.putTeammate(mate.id, 'member', 10_000)
  for (const [id, title] of [
    ['room3', 'Initech 50% pilot'],
    ['room4', 'Umbrella'],
  ] as const) {
    await storage.createRoom({ id, title, ownerId: mate.id, template: 'pilot', documents: [] })
    await storage.putMember(id, owner.id, 'seller')
  }
  const quiet = { kind: 'key-person-quiet', at: 500, message: 'Champion has been quiet' }
  await storage.putRoomDigest(
    digest('room1', 90, { buyerOrg: 'Acme Corp', closeDate: '2027-03-10' }),
  )
  await storage.putRoomDigest(
    digest('room2', 30, {
      buyerOrg: 'Globex Industries',
      closeDate: '2027-03-28',
      alerts: [quiet],
    }),
  )
  await storage.putRoomDigest(digest('room3', 60, { buyerOrg: 'Initech', closeDate: '2027-04-02' }))
  return { owner, mate }
}

export function roomListContract(run: ContractRun): void {
  it('room list: filters by owner, health, close date, needing attention and words, counted in the query', () =>
    run.with('summaries', async (storage) => {
      const { owner, mate } = await teamRooms(storage)
      const list = async (filter: RoomFilter, sort: RoomSort = 'title') => {
        const page = await storage.listRoomPage({
          personId: owner.id,
          sort,
          limit: 10,
          offset: 0,
          filter,
        })
        return { ids: page.rooms.map((room) => room.id), total: page.total }
      }
      expect(await list({})).toEqual({ ids: ['room1', 'room2', 'room3', 'room4'], total: 4 })
      expect(await list({ ownerId: mate.id })).toEqual({ ids: ['room3', 'room4'], total: 2 })
      expect((await list({ health: 'good' })).ids).toEqual(['room1'])
      expect((await list({ health: 'fair' })).ids).toEqual(['room3'])
      expect((await list({ health: 'poor' })).ids).toEqual(['room2'])
      // "Closing this month" is a range; a room without a close date is outside every range.
      expect(await list({ closeFrom: '2027-03-01', closeTo: '2027-03-31' })).toEqual({
        ids: ['room1', 'room2'],
        total: 2,
      })
      expect((await list({ closeFrom: '2027-03-28' })).ids).toEqual(['room2', 'room3'])
      expect((await list({ needsAttention: true })).ids).toEqual(['room2'])
      // Words in the title or the buyer organisation, any case; % is a character, not a pattern.
      expect((await list({ search: 'industries' })).ids).toEqual(['room2'])
      expect((await list({ search: 'INITECH pilot' })).ids).toEqual(['room3'])
      expect((await list({ search: '50%' })).ids).toEqual(['room3'])
      expect((await list({ search: '%' })).ids).toEqual(['room3'])
      expect(await list({ search: 'nothing-like-it' })).toEqual({ ids: [], total: 0 })
      // Filters combine; the page is cut after filtering.
      expect(await list({ ownerId: owner.id, closeTo: '2027-03-15' })).toEqual({
        ids: ['room1'],
        total: 1,
      })
      const cut = await storage.listRoomPage({
        personId: owner.id,
        sort: 'close-date',
        limit: 1,
        offset: 1,
        filter: { closeFrom: '2027-01-01' },
      })
      expect([cut.total, cut.rooms.map((room) => room.id)]).toEqual([3, ['room2']])
      // A page past the end still says how many there are.
      const past = await storage.listRoomPage({
        personId: owner.id,
        sort: 'title',
        limit: 2,
        offset: 10,
        filter: { closeFrom: '2027-01-01' },
      })
      expect([past.total, past.rooms]).toEqual([3, []])
      // Soonest close first, rooms without a date last; the entries carry buyer and close date.
      expect((await list({}, 'close-date')).ids).toEqual(['room1', 'room2', 'room3', 'room4'])
      const [first] = (
        await storage.listRoomPage({ personId: owner.id, sort: 'close-date', limit: 1, offset: 0 })
      ).rooms
      expect(first).toMatchObject({ buyerOrg: 'Acme Corp', closeDate: '2027-03-10' })
      // A closed room has no health band and needs no attention.
      await storage.closeRoom('room2', 30_000)
      expect((await list({ needsAttention: true })).ids).toEqual([])
      expect((await list({ health: 'poor' })).ids).toEqual([])
    }))

  it('room list: health and attention are the seller team’s; the owners of a person’s rooms', () =>
    run.with('summaries', async (storage) => {
      const { owner, mate } = await teamRooms(storage)
      const cfo = await buyer(storage, 'cfo')
      await storage.putMember('room2', cfo.id, 'champion')
      const page = await storage.listRoomPage({
        personId: cfo.id,
        sort: 'activity',
        limit: 10,
        offset: 0,
        filter: { needsAttention: true },
      })
      expect(page.total).toBe(0)
      expect(await storage.listRoomOwners(owner.id)).toEqual([
        { id: mate.id, name: 'Alex Mate' },
        { id: owner.id, name: 'Owner' },
      ])
      expect(await storage.listRoomOwners(cfo.id)).toEqual([{ id: owner.id, name: 'Owner' }])
    }))
}
