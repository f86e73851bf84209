import type { ConsensusMark, Milestone, Stakeholder, Task } from '../../../shared/src/room/index.ts'
import type { StoredAction } from '../storage/storage.ts'
import { dayOf, isBuyerMember, overdueBuyerTasks, type RoomFacts } from './insights.ts'

const DAY = 86_400_000
/** Whole days (UTC) a changed section is left for key people to read before it is an action. */
export const UNREAD_CHANGE_DAYS = 2

export const ACTION_KINDS = [
  'blocked',
  'buyer-task-overdue',
  'unread-change',
  'not-invited',
] as const
export type ActionKind = (typeof ACTION_KINDS)[number]

/** What next best actions are derived from: a room's facts, with its outline and consensus. */
export interface GuidanceFacts extends RoomFacts {
  roomId: string
  milestones: Milestone[]
  /** The business case's sections, in order. */
  sections: Array<{ id: string; title: string }>
  consensus: ConsensusMark[]
}

export interface NextAction extends StoredAction {
  kind: ActionKind
}

const ROLE_WORDS: Record<Stakeholder['buyingRole'], string> = {
  'economic-buyer': 'economic buyer',
  champion: 'champion',
  technical: 'technical evaluator',
  legal: 'legal',
  procurement: 'procurement',
  user: 'user',
  other: 'stakeholder',
}

/** "Dana Lee (CFO)", or with their buying role when the map has no title. */
function who(person: Stakeholder): string {
  const title =
    person.title.trim() || (person.buyingRole === 'other' ? '' : ROLE_WORDS[person.buyingRole])
  return title ? `${person.name} (${title})` : person.name
}

/** Whole UTC days from `from` to `to`. */
const daysBetween = (from: number, to: number) =>
  Math.round((Date.parse(dayOf(to)) - Date.parse(dayOf(from))) / DAY)

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * What the seller should do next in a room, each with the reason from the signals and the place
 * to act, best first: an objection blocking an item (open its thread), a buyer task overdue (ask
 * the champion), a key person who has not read a business-case section since it changed (send
 * them the section), a stakeholder on the map who is not invited (invite them). Each key names
 * the situation, so a dismissed action stays dismissed until the situation changes.
 */
export function nextActions(facts: GuidanceFacts): NextAction[] {
  const { roomId, events, stakeholders, tasks, now, sections, consensus, milestones } = facts
  const actions: NextAction[] = []
  const base = `/r/${roomId}`
  const buyerStakeholders = stakeholders.filter((person) => person.side === 'buyer')
  const byMember = new Map(
    stakeholders
      .filter((person) => person.memberId)
      .map((person) => [person.memberId as string, person]),
  )
  const buyerMembers = new Map(
    facts.members.filter(isBuyerMember).map((member) => [member.personId, member]),
  )
  const champion = buyerStakeholders.find(
    (person) => person.buyingRole === 'champion' && person.memberId,
  )

  // Objections that block an item: a buyer's "block" on the consensus meter.
  for (const mark of consensus) {
    if (mark.stance !== 'block') continue
    const person = byMember.get(mark.personId)
    const member = buyerMembers.get(mark.personId)
    if (!member && person?.side !== 'buyer') continue
    const name = person ? who(person) : (member?.name ?? 'A buyer')
    const place = itemPlace(mark.itemKey, sections, milestones, base)
    actions.push({
      roomId,
      key: `blocked:${mark.itemKey}:${mark.personId}:${mark.at}`,
      kind: 'blocked',
      at: mark.at,
      rank: 1,
      message: 'Open the thread and answer the objection',
      reason: `${name} blocked ${place.label}${mark.note ? `: “${mark.note}”` : ''}`,
      href: place.href,
      linkLabel: 'Open the thread',
    })
  }

  // Buyer tasks past their due date.
  for (const task of overdueBuyerTasks(tasks, now)) {
    const owner = ownerOf(task, stakeholders)
    const overdue = daysBetween(Date.parse(task.dueDate ?? ''), now)
    const ask = champion && champion.memberId !== owner?.memberId ? champion : null
    actions.push({
      roomId,
      key: `overdue:${task.id}:${task.dueDate}`,
      kind: 'buyer-task-overdue',
      at: Date.parse(task.dueDate ?? '') + DAY,
      rank: 2,
      message: ask ? `Ask ${ask.name}, the champion, about it` : 'Ask the buyer about it',
      reason: `“${task.title}” is ${plural(overdue, 'day')} overdue and owned by ${
        owner ? who(owner) : 'the buyer'
      }`,
      href: `${base}/plan/${task.id}`,
      linkLabel: 'Open the task',
    })
  }

  // Business-case sections changed since a key person last read them.
  const edited = new Map<string, { at: number; by: string }>()
  const reads = new Map<string, number>()
  for (const event of events) {
    const sectionId = typeof event.detail.sectionId === 'string' ? event.detail.sectionId : ''
    if (!sectionId) continue
    if (event.kind === 'business-case.edited' && event.at >= (edited.get(sectionId)?.at ?? 0))
      edited.set(sectionId, { at: event.at, by: event.personId })
    else if (event.kind === 'section.read') {
      const key = `${sectionId}|${event.personId}`
      reads.set(key, Math.max(reads.get(key) ?? 0, event.at))
    }
  }
  for (const section of sections) {
    const change = edited.get(section.id)
    if (change === undefined) continue
    const changedAt = change.at
    const days = daysBetween(changedAt, now)
    if (days < UNREAD_CHANGE_DAYS) continue
    for (const person of buyerStakeholders) {
      // The person who made the change has no need to read it.
      if (!person.memberId || !buyerMembers.has(person.memberId) || change.by === person.memberId)
        continue
      const readAt = reads.get(`${section.id}|${person.memberId}`)
      const key = person.buyingRole === 'economic-buyer' || person.buyingRole === 'champion'
      // Key people, and anyone who had read the section before it changed.
      if (!key && readAt === undefined) continue
      if (readAt !== undefined && readAt >= changedAt) continue
      const title = section.title || 'a business-case section'
      actions.push({
        roomId,
        key: `unread:${section.id}:${person.id}:${changedAt}`,
        kind: 'unread-change',
        at: changedAt,
        rank: 3,
        message: `Send ${person.name} the section`,
        reason: `${who(person)} has not read “${title}” since it changed ${plural(days, 'day')} ago`,
        href: `${base}/business-case/${section.id}`,
        linkLabel: `Open “${title}”`,
      })
    }
  }

  // People on the buying group's map who are not in the room.
  for (const person of buyerStakeholders) {
    if (person.memberId) continue
    actions.push({
      roomId,
      key: `uninvited:${person.id}`,
      kind: 'not-invited',
      at: 0,
      rank: 4,
      message: `Invite ${person.name}`,
      reason: `${who(person)} is on the stakeholder map but not invited`,
      href: `${base}/stakeholders/invite`,
      linkLabel: 'Invite to the room',
    })
  }

  return actions.sort((a, b) => a.rank - b.rank || b.at - a.at || (a.key < b.key ? -1 : 1))
}

function ownerOf(task: Task, stakeholders: Stakeholder[]): Stakeholder | null {
  return stakeholders.find((person) => person.id === task.ownerId) ?? null
}

/** The words and the link for a consensus item (the business case, a section, a milestone). */
function itemPlace(
  itemKey: string,
  sections: GuidanceFacts['sections'],
  milestones: Milestone[],
  base: string,
): { label: string; href: string } {
  if (itemKey.startsWith('section:')) {
    const id = itemKey.slice('section:'.length)
    const title = sections.find((section) => section.id === id)?.title || 'a section'
    return { label: `“${title}”`, href: `${base}/business-case/${id}` }
  }
  if (itemKey.startsWith('milestone:')) {
    const id = itemKey.slice('milestone:'.length)
    const title = milestones.find((milestone) => milestone.id === id)?.title || 'a milestone'
    return { label: `the milestone “${title}”`, href: `${base}/plan/${id}` }
  }
  return { label: 'the business case', href: `${base}/business-case` }
}
