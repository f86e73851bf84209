import type { PlannedNudge } from '../storage/storage.ts'
import { isBuyerMember } from './insights.ts'
import type { GuidanceFacts } from './next-actions.ts'

const DAY = 86_400_000
/** Days after an invitation not yet opened that its reminders are due. */
export const INVITE_REMINDER_DAYS = [2, 5] as const
/** A nudge not sent within this long after it was due (the one-a-day rule held it) is dropped. */
export const NUDGE_GRACE_MS = 2 * DAY

export type NudgeKind = 'invite-2' | 'invite-5' | 'task-before' | 'task-after'

/**
 * The reminders a room plans: people invited who have not opened the room get one 2 and one
 * 5 days after their invitation; the owner of a task not done gets one the day before its due
 * date and one the day after (from 00:00 UTC). Each key names the situation (the invitation, the
 * task and its due date), so a reminder is sent once and a new due date plans new ones. Whether
 * a nudge goes out (turned off, unsubscribed, one mail a day) is decided when it is sent.
 */
export function plannedNudges(facts: GuidanceFacts): PlannedNudge[] {
  const { roomId, members, stakeholders, tasks } = facts
  const nudges: PlannedNudge[] = []
  for (const member of members) {
    if (!isBuyerMember(member) || member.joinedAt !== null) continue
    const invited = new Date(member.createdAt).toISOString().slice(0, 10)
    for (const days of INVITE_REMINDER_DAYS) {
      nudges.push({
        roomId,
        key: `invite-${days}:${member.personId}:${member.createdAt}`,
        personId: member.personId,
        kind: `invite-${days}`,
        dueAt: member.createdAt + days * DAY,
        line: `You were invited on ${invited} and have not opened the room yet.`,
      })
    }
  }
  const inRoom = new Set(members.map((member) => member.personId))
  for (const task of tasks) {
    if (task.status === 'done' || task.dueDate === null) continue
    const personId = stakeholders.find((person) => person.id === task.ownerId)?.memberId
    if (!personId || !inRoom.has(personId)) continue
    const due = Date.parse(task.dueDate)
    if (Number.isNaN(due)) continue
    nudges.push(
      {
        roomId,
        key: `task-before:${task.id}:${task.dueDate}`,
        personId,
        kind: 'task-before',
        dueAt: due - DAY,
        line: `Your task “${task.title}” is due tomorrow (${task.dueDate}).`,
      },
      {
        roomId,
        key: `task-after:${task.id}:${task.dueDate}`,
        personId,
        kind: 'task-after',
        dueAt: due + DAY,
        line: `Your task “${task.title}” was due on ${task.dueDate} and is not done yet.`,
      },
    )
  }
  return nudges.sort((a, b) => a.dueAt - b.dueAt || (a.key < b.key ? -1 : 1))
}
