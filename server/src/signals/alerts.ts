import { documentAlerts } from './document-alerts.ts'
import { dayOf, overdueBuyerTasks, type RoomFacts } from './insights.ts'

const DAY = 86_400_000

export const ALERT_KINDS = [
  'stakeholder-joined',
  'key-person-quiet',
  'rereads',
  'task-overdue',
  'deal-woke-up',
  'document-rereads',
  'document-forwarded',
] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

export const isAlertKind = (kind: string): kind is AlertKind =>
  (ALERT_KINDS as readonly string[]).includes(kind)

export interface Alert {
  kind: AlertKind
  /** When the alert became true (for ordering and for the daily digest). */
  at: number
  message: string
}

export interface AlertSettings {
  /** A champion or economic buyer quiet this many days raises an alert. */
  quietDays: number
  /** The business case read this many times by buyers in a day raises an alert. */
  rereadsPerDay: number
  /** A buyer event after this many silent days means the deal woke up. */
  wakeAfterDays: number
  /** One document opened this many times by buyers in a day raises an alert. */
  documentReadsPerDay: number
}

export const DEFAULT_ALERTS: AlertSettings = {
  quietDays: 5,
  rereadsPerDay: 3,
  wakeAfterDays: 7,
  documentReadsPerDay: 3,
}

/** Things a seller should act on, newest first. */
export function roomAlerts(facts: RoomFacts, settings: AlertSettings = DEFAULT_ALERTS): Alert[] {
  const { events, stakeholders, tasks, now } = facts
  const alerts: Alert[] = []
  const buyerEvents = events.filter((event) => event.side === 'buyer').sort((a, b) => a.at - b.at)
  const nameOf = new Map(
    stakeholders
      .filter((person) => person.memberId)
      .map((person) => [person.memberId as string, person.name]),
  )

  for (const event of buyerEvents) {
    if (event.kind === 'stakeholder.first-seen' && now - event.at < 7 * DAY) {
      alerts.push({
        kind: 'stakeholder-joined',
        at: event.at,
        message: `${nameOf.get(event.personId) ?? 'A new stakeholder'} joined the room`,
      })
    }
  }

  for (const person of stakeholders) {
    if (
      !person.memberId ||
      (person.buyingRole !== 'champion' && person.buyingRole !== 'economic-buyer')
    )
      continue
    const last = Math.max(
      0,
      ...buyerEvents.filter((event) => event.personId === person.memberId).map((event) => event.at),
    )
    if (last === 0) continue
    const quiet = Math.floor((now - last) / DAY)
    if (quiet >= settings.quietDays) {
      const label = person.buyingRole === 'champion' ? 'Champion' : 'Economic buyer'
      alerts.push({
        kind: 'key-person-quiet',
        at: last + settings.quietDays * DAY,
        message: `${label} ${person.name} has been quiet for ${quiet} days`,
      })
    }
  }

  const byDay = new Map<string, number>()
  for (const event of buyerEvents) {
    if (event.kind === 'section.viewed' && event.section === 'business-case')
      byDay.set(dayOf(event.at), (byDay.get(dayOf(event.at)) ?? 0) + 1)
  }
  for (const [day, count] of byDay) {
    if (count >= settings.rereadsPerDay && now - Date.parse(day) < 7 * DAY) {
      alerts.push({
        kind: 'rereads',
        at: Date.parse(day),
        message: `The business case was read ${count} times on ${day}`,
      })
    }
  }

  for (const task of overdueBuyerTasks(tasks, now)) {
    alerts.push({
      kind: 'task-overdue',
      at: Date.parse(task.dueDate ?? '') + DAY,
      message: `Buyer task "${task.title}" is overdue (due ${task.dueDate})`,
    })
  }

  for (let i = 1; i < buyerEvents.length; i++) {
    const gap = (buyerEvents[i]?.at ?? 0) - (buyerEvents[i - 1]?.at ?? 0)
    const at = buyerEvents[i]?.at ?? 0
    if (gap >= settings.wakeAfterDays * DAY && now - at < 7 * DAY) {
      alerts.push({
        kind: 'deal-woke-up',
        at,
        message: `The deal woke up: first buyer activity in ${Math.floor(gap / DAY)} days`,
      })
    }
  }
  alerts.push(...documentAlerts(facts, settings.documentReadsPerDay))
  return alerts.sort((a, b) => b.at - a.at)
}
