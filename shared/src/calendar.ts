import type * as Y from 'yjs'
import { readMeta } from './room/meta.ts'
import { listStakeholders } from './room/people.ts'
import { listMilestones, listTasks } from './room/plan.ts'
import type { Task } from './room/schema.ts'

/**
 * iCalendar (RFC 5545) for plan due dates: the server's feeds and the web app's "Add to calendar"
 * write the same events. Due dates are whole days, so each event is an all-day event.
 */
export interface DueDateEvent {
  /** Stable across versions of the feed, so calendars update an event instead of adding one. */
  uid: string
  /** yyyy-mm-dd */
  date: string
  summary: string
  description: string
  url: string
  /** Done tasks are kept (marked done), so a calendar does not lose the history. */
  done: boolean
}

/** TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11). */
export const escapeText = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')

/** Lines longer than 75 octets are folded: CRLF and a space, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder()
  const parts: string[] = []
  let current = ''
  let octets = 0
  for (const char of line) {
    const size = encoder.encode(char).length
    const limit = parts.length === 0 ? 75 : 74
    if (octets + size > limit) {
      parts.push(current)
      current = ''
      octets = 0
    }
    current += char
    octets += size
  }
  parts.push(current)
  return parts.join('\r\n ')
}

const basicDate = (date: string) => date.replaceAll('-', '')

/** The day after a yyyy-mm-dd date (DTEND of an all-day event is exclusive). */
export function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`)
  day.setUTCDate(day.getUTCDate() + 1)
  return day.toISOString().slice(0, 10)
}

const stamp = (at: number) => `${new Date(at).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`

/** A whole calendar (`text/calendar`), its lines ended with CRLF. */
export function icsCalendar(
  name: string,
  events: readonly DueDateEvent[],
  now = Date.now(),
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Quorum//Deal room plan//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    ...events.flatMap((event) => [
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART;VALUE=DATE:${basicDate(event.date)}`,
      `DTEND;VALUE=DATE:${basicDate(nextDay(event.date))}`,
      `SUMMARY:${escapeText(event.done ? `✓ ${event.summary}` : event.summary)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
      `URL:${event.url}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ]
  return `${lines.map(foldLine).join('\r\n')}\r\n`
}

/** What a room's feed shows of a plan: milestones and tasks with a due date (of one owner). */
export function planDueDates(
  doc: Y.Doc,
  room: { id: string; url: string },
  options: { ownerId?: string | null } = {},
): DueDateEvent[] {
  const meta = readMeta(doc)
  const milestones = listMilestones(doc)
  const stakeholders = new Map(listStakeholders(doc).map((each) => [each.id, each.name]))
  const mine = options.ownerId !== undefined
  const events: DueDateEvent[] = []
  if (!mine)
    for (const milestone of milestones)
      if (milestone.dueDate)
        events.push({
          uid: `milestone-${milestone.id}@${room.id}.quorum`,
          date: milestone.dueDate,
          summary: `${meta.title}: ${milestone.title}`,
          description: `Milestone of the plan of ${meta.title}${meta.buyerOrg ? ` (${meta.buyerOrg})` : ''}.`,
          url: `${room.url}/plan`,
          done: milestone.status === 'done',
        })
  for (const task of listTasks(doc)) {
    if (!task.dueDate) continue
    if (mine && (options.ownerId === null || task.ownerId !== options.ownerId)) continue
    events.push(
      taskEvent(
        task,
        { ...room, title: meta.title },
        {
          milestone: milestones.find((each) => each.id === task.milestoneId)?.title ?? '',
          owner: task.ownerId ? (stakeholders.get(task.ownerId) ?? '') : '',
        },
      ),
    )
  }
  return events
}

/** One task as an event (the web app's "Add to calendar" too). */
export function taskEvent(
  task: Task,
  room: { id: string; url: string; title: string },
  names: { milestone: string; owner: string },
): DueDateEvent {
  const lines = [
    names.milestone ? `Milestone: ${names.milestone}` : '',
    names.owner ? `Owner: ${names.owner}` : 'No owner yet',
    `Status: ${task.status}`,
  ].filter(Boolean)
  return {
    uid: `task-${task.id}@${room.id}.quorum`,
    date: task.dueDate ?? '',
    summary: `${room.title}: ${task.title}`,
    description: lines.join('\n'),
    url: `${room.url}/plan`,
    done: task.status === 'done',
  }
}
