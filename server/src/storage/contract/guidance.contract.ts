import { expect, it } from 'vitest'
import type { PlannedNudge, StoredAction } from '../guidance.ts'
import type { Storage } from '../storage.ts'
import { buyer, type ContractRun, roomFixture, secondRoom } from './harness.ts'

const DAY = 86_400_000

function nudge(roomId: string, key: string, personId: string, dueAt: number): PlannedNudge {
  return { roomId, key, personId, kind: 'invite-2', dueAt, line: `Reminder ${key}` }
}

function action(roomId: string, key: string, rank: number, at: number): StoredAction {
  return {
    roomId,
    key,
    kind: 'not-invited',
    at,
    rank,
    message: `Invite ${key}`,
    reason: `${key} is mapped but not invited`,
    href: `/r/${roomId}/stakeholders`,
    linkLabel: 'Invite',
  }
}

async function twoBuyers(storage: Storage) {
  const { owner } = await roomFixture(storage)
  await secondRoom(storage, owner.id)
  const cfo = await buyer(storage, 'cfo')
  const legal = await buyer(storage, 'legal')
  for (const room of ['room1', 'room2']) {
    await storage.putMember(room, cfo.id, 'stakeholder')
    await storage.putMember(room, legal.id, 'stakeholder')
  }
  return { owner, cfo, legal }
}

export function guidanceContract(run: ContractRun): void {
  it('nudges: planned per room, due ones listed, each sent once and one mail a day per person', () =>
    run.with('guidance', async (storage) => {
      const { cfo, legal } = await twoBuyers(storage)
      await storage.putRoomGuidance('room1', {
        nudges: [
          nudge('room1', 'a', cfo.id, 2 * DAY),
          nudge('room1', 'b', cfo.id, 5 * DAY),
          nudge('room1', 'c', legal.id, 2 * DAY),
        ],
        actions: [],
      })
      await storage.putRoomGuidance('room2', {
        nudges: [nudge('room2', 'a', cfo.id, 2 * DAY + 10)],
        actions: [],
      })
      const planned = await storage.listRoomNudges('room1')
      // Soonest first (ties by person), none sent yet.
      expect(planned.map((n) => n.dueAt)).toEqual([2 * DAY, 2 * DAY, 5 * DAY])
      expect(
        planned
          .map((n) => n.key)
          .slice(0, 2)
          .sort(),
      ).toEqual(['a', 'c'])
      expect(planned.every((n) => n.sentAt === null)).toBe(true)
      const due = await storage.listDueNudges(3 * DAY, 0)
      // By person, then time.
      const cfoFirst = cfo.id < legal.id
      const cfoDue = ['room1:a', 'room2:a']
      expect(due.map((n) => `${n.roomId}:${n.key}`)).toEqual(
        cfoFirst ? [...cfoDue, 'room1:c'] : ['room1:c', ...cfoDue],
      )
      expect(due[0]).toMatchObject({ email: expect.stringContaining('@buyer.example') })
      expect(due.find((n) => n.roomId === 'room2')?.roomTitle).toBe('Globex')
      // Only what falls after `since`.
      expect(await storage.listDueNudges(3 * DAY, 2 * DAY + 5)).toHaveLength(1)

      // Claimed: the nudges are the claimer's; a second claim the same day gets nothing.
      const both = [
        { roomId: 'room1', key: 'a' },
        { roomId: 'room2', key: 'a' },
      ]
      expect(await storage.claimNudgeMail(cfo.id, both, 3 * DAY, DAY)).toEqual(both)
      expect(await storage.claimNudgeMail(cfo.id, both, 3 * DAY + 1, DAY)).toEqual([])
      expect((await storage.listRoomNudges('room1')).find((n) => n.key === 'a')?.sentAt).toBe(
        3 * DAY,
      )
      expect((await storage.listDueNudges(3 * DAY, 0)).map((n) => n.key)).toEqual(['c'])
      // A day later: what was sent is not sent again (and does not use up the day).
      expect(await storage.claimNudgeMail(cfo.id, both, 4 * DAY, DAY)).toEqual([])
      expect(
        await storage.claimNudgeMail(cfo.id, [{ roomId: 'room1', key: 'b' }], 5 * DAY, DAY),
      ).toEqual([{ roomId: 'room1', key: 'b' }])

      // A new plan replaces the old; what was sent stays sent.
      await storage.putRoomGuidance('room1', {
        nudges: [nudge('room1', 'a', cfo.id, 2 * DAY)],
        actions: [],
      })
      expect(await storage.listRoomNudges('room1')).toEqual([
        { ...nudge('room1', 'a', cfo.id, 2 * DAY), sentAt: 3 * DAY },
      ])
    }))

  it('nudges: turned off per room or per person, unsubscribed people and closed rooms get none', () =>
    run.with('guidance', async (storage) => {
      const { cfo, legal } = await twoBuyers(storage)
      const plan = (roomId: string) => ({
        nudges: [nudge(roomId, 'a', cfo.id, DAY), nudge(roomId, 'b', legal.id, DAY)],
        actions: [],
      })
      await storage.putRoomGuidance('room1', plan('room1'))
      await storage.putRoomGuidance('room2', plan('room2'))
      const due = async () =>
        (await storage.listDueNudges(2 * DAY, 0)).map((n) => `${n.roomId}:${n.key}`).sort()
      expect(await due()).toEqual(['room1:a', 'room1:b', 'room2:a', 'room2:b'])

      await storage.setNudgeStop('room1', null, true, 10)
      await storage.setNudgeStop('room2', legal.id, true, 10)
      await storage.setNudgeStop('room2', legal.id, true, 20)
      expect(await storage.listNudgeStops('room1')).toEqual({ room: true, people: [] })
      expect(await storage.listNudgeStops('room2')).toEqual({ room: false, people: [legal.id] })
      expect(await due()).toEqual(['room2:a'])
      await storage.setNudgeStop('room1', null, false, 30)
      expect(await storage.listNudgeStops('room1')).toEqual({ room: false, people: [] })
      expect(await due()).toEqual(['room1:a', 'room1:b', 'room2:a'])

      expect(await storage.listNudgeUnsubscribed([cfo.id, legal.id])).toEqual([])
      await storage.unsubscribeNudges(cfo.id, 40)
      await storage.unsubscribeNudges(cfo.id, 50)
      expect(await storage.listNudgeUnsubscribed([cfo.id, legal.id])).toEqual([cfo.id])
      expect(await storage.listNudgeUnsubscribed([])).toEqual([])
      expect(await due()).toEqual(['room1:b'])
      // An unsubscribed person cannot be claimed a mail either.
      expect(
        await storage.claimNudgeMail(cfo.id, [{ roomId: 'room1', key: 'a' }], 2 * DAY, DAY),
      ).toEqual([])

      await storage.closeRoom('room1', 60)
      expect(await due()).toEqual([])
      // Someone no longer in the room is not nudged from it.
      await storage.setNudgeStop('room2', legal.id, false, 70)
      await storage.removeMember('room2', legal.id)
      expect(await due()).toEqual([])
    }))

  it('next best actions: the seller team’s open rooms, best first, without those they dismissed', () =>
    run.with('guidance', async (storage) => {
      const { owner, cfo } = await twoBuyers(storage)
      await storage.putRoomGuidance('room1', {
        nudges: [],
        actions: [action('room1', 'legal', 4, 100), action('room1', 'blocked', 1, 50)],
      })
      await storage.putRoomGuidance('room2', {
        nudges: [],
        actions: [action('room2', 'legal', 4, 200)],
      })
      const keys = async (personId: string, limit = 10) =>
        (await storage.listActionsOf(personId, limit)).map((a) => `${a.roomId}:${a.key}`)
      expect(await keys(owner.id)).toEqual(['room1:blocked', 'room2:legal', 'room1:legal'])
      expect(await keys(owner.id, 1)).toEqual(['room1:blocked'])
      expect((await storage.listActionsOf(owner.id, 1))[0]).toEqual({
        ...action('room1', 'blocked', 1, 50),
        roomTitle: 'Acme',
      })
      // Buyers see none.
      expect(await keys(cfo.id)).toEqual([])

      await storage.dismissAction(owner.id, 'room2', 'legal', 300)
      await storage.dismissAction(owner.id, 'room2', 'legal', 400)
      expect(await storage.listDismissedActions(owner.id, 'room2')).toEqual(['legal'])
      expect(await storage.listDismissedActions(owner.id, 'room1')).toEqual([])
      expect(await keys(owner.id)).toEqual(['room1:blocked', 'room1:legal'])
      // Still dismissed after the summary is stored again.
      await storage.putRoomGuidance('room2', {
        nudges: [],
        actions: [action('room2', 'legal', 4, 200), action('room2', 'legal-2', 4, 500)],
      })
      expect(await keys(owner.id)).toEqual(['room1:blocked', 'room2:legal-2', 'room1:legal'])
      await storage.closeRoom('room1', 600)
      expect(await keys(owner.id)).toEqual(['room2:legal-2'])
    }))
}
