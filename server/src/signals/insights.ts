import { isSellerRole } from '../../../shared/src/access.ts'
import type { PersonEngagement, RoomInsights } from '../../../shared/src/api/signals.ts'
import type { RoomDocument, Stakeholder, Task } from '../../../shared/src/room/index.ts'
import type { EngagementEvent, Member } from '../storage/storage.ts'
import { documentEngagement } from './document-insights.ts'

const DAY = 86_400_000

export interface RoomFacts {
  events: EngagementEvent[]
  members: Member[]
  stakeholders: Stakeholder[]
  tasks: Task[]
  now: number
  /** The room's documents (its list in the room document); none when left out. */
  documents?: RoomDocument[]
  /** Buyers who came in by verifying an address at the buyer's domain, not by an invitation. */
  domainJoiners?: ReadonlySet<string>
}

/** What the Insights tab shows, one declaration for server and web app (shared/src/api/). */
export type { PersonEngagement, RoomInsights } from '../../../shared/src/api/signals.ts'

export const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10)

function mondayOf(at: number): string {
  const date = new Date(at)
  const offset = (date.getUTCDay() + 6) % 7
  return dayOf(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - offset))
}

export const isBuyerMember = (member: Member) => !isSellerRole(member.role)

export function overdueBuyerTasks(tasks: Task[], now: number): Task[] {
  const today = dayOf(now)
  return tasks.filter(
    (task) =>
      task.side === 'buyer' &&
      task.status !== 'done' &&
      task.dueDate !== null &&
      task.dueDate < today,
  )
}

/** What the seller team sees on a room's Insights tab. Buyer engagement only counts buyer events. */
export function roomInsights({
  events,
  members,
  tasks,
  now,
  documents = [],
}: RoomFacts): RoomInsights {
  const people = new Map<string, PersonEngagement>()
  for (const member of members) {
    people.set(member.personId, {
      personId: member.personId,
      name: member.name,
      role: member.role,
      lastSeen: null,
      opens: 0,
      totalMs: 0,
      bySection: {},
    })
  }
  const sections = new Map<
    string,
    { totalMs: number; views: number; viewers: Map<string, number> }
  >()
  for (const event of events) {
    const person = people.get(event.personId)
    if (person) person.lastSeen = Math.max(person.lastSeen ?? 0, event.at)
    if (event.kind === 'room.opened' && person) person.opens++
    if (event.kind === 'section.viewed' && event.section && event.durationMs !== null) {
      if (person) {
        person.totalMs += event.durationMs
        person.bySection[event.section] = (person.bySection[event.section] ?? 0) + event.durationMs
      }
      if (event.side === 'buyer') {
        const entry = sections.get(event.section) ?? {
          totalMs: 0,
          views: 0,
          viewers: new Map<string, number>(),
        }
        entry.totalMs += event.durationMs
        entry.views++
        entry.viewers.set(event.personId, (entry.viewers.get(event.personId) ?? 0) + 1)
        sections.set(event.section, entry)
      }
    }
  }
  const buyers = members.filter(isBuyerMember)
  const engaged = new Set(
    events.filter((event) => event.side === 'buyer').map((event) => event.personId),
  )

  const activity: RoomInsights['activity'] = []
  for (let i = 29; i >= 0; i--) activity.push({ day: dayOf(now - i * DAY), buyer: 0, seller: 0 })
  const byDay = new Map(activity.map((entry) => [entry.day, entry]))
  for (const event of events) {
    const entry = byDay.get(dayOf(event.at))
    if (entry) entry[event.side]++
  }

  const momentum: RoomInsights['momentum'] = []
  for (let i = 7; i >= 0; i--)
    momentum.push({ weekStart: mondayOf(now - i * 7 * DAY), completed: 0 })
  const byWeek = new Map(momentum.map((entry) => [entry.weekStart, entry]))
  for (const task of tasks) {
    if (task.status !== 'done' || task.doneAt === null) continue
    const entry = byWeek.get(mondayOf(task.doneAt))
    if (entry) entry.completed++
  }

  return {
    people: [...people.values()].sort(
      (a, b) => (b.lastSeen ?? 0) - (a.lastSeen ?? 0) || a.name.localeCompare(b.name),
    ),
    coverage: {
      engaged: buyers.filter((member) => engaged.has(member.personId)).length,
      invited: buyers.length,
      notEngaged: buyers
        .filter((member) => !engaged.has(member.personId))
        .map((member) => member.name),
    },
    sections: [...sections.entries()]
      .map(([section, entry]) => ({
        section,
        totalMs: entry.totalMs,
        views: entry.views,
        rereads: [...entry.viewers.values()].reduce(
          (sum, count) => sum + Math.max(0, count - 1),
          0,
        ),
      }))
      .sort((a, b) => b.rereads - a.rereads || b.totalMs - a.totalMs),
    activity,
    momentum,
    overdueBuyerTasks: overdueBuyerTasks(tasks, now).length,
    documents: documentEngagement(events, documents, members),
  }
}
