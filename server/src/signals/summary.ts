import type { RoomSummaryInfo } from '../../../shared/src/api/rooms.ts'
import type { Milestone } from '../../../shared/src/room/index.ts'
import { recordWebhookEvents, type WebhookEventInput } from '../access/webhook-events.ts'
import type { RoomDigest, Storage } from '../storage/storage.ts'
import { roomAlerts } from './alerts.ts'
import { DOCUMENT_READ_DAYS, dealHealth } from './health.ts'
import { type RoomFacts, roomInsights } from './insights.ts'
import { NINETY_DAYS, roomFacts } from './room-facts.ts'

const DAY = 86_400_000
/** Alerts of these kinds last a week from their event (see alerts.ts). */
const WEEK = 7 * DAY

/** The first whole number of days after `from` that is later than `now`. */
const nextWholeDay = (from: number, now: number): number =>
  from + (Math.floor((now - from) / DAY) + 1) * DAY

/**
 * The first time at which time alone could change a room's health or alerts, its facts staying
 * the same: a day boundary (UTC; overdue tasks, rereads per day), one more whole day since a key
 * person's or any buyer's last visit (quiet and silent days), an alert of the last week ageing
 * out, an event leaving the 90-day window, and a document shared long enough ago that nobody
 * opening it counts against health. Until then the summary is current.
 */
export function summaryValidUntil({
  events,
  stakeholders,
  now,
  documents = [],
}: RoomFacts): number {
  const candidates = [Math.floor(now / DAY + 1) * DAY]
  for (const document of documents) candidates.push(document.updatedAt + DOCUMENT_READ_DAYS * DAY)
  const lastSeen = new Map<string, number>()
  let lastBuyer = 0
  let oldest = Number.POSITIVE_INFINITY
  for (const event of events) {
    oldest = Math.min(oldest, event.at)
    if (event.side !== 'buyer') continue
    lastSeen.set(event.personId, Math.max(lastSeen.get(event.personId) ?? 0, event.at))
    lastBuyer = Math.max(lastBuyer, event.at)
    if (event.at + WEEK > now) candidates.push(event.at + WEEK)
  }
  if (events.length > 0) candidates.push(oldest + NINETY_DAYS + 1)
  if (lastBuyer > 0) candidates.push(nextWholeDay(lastBuyer, now))
  for (const person of stakeholders) {
    const seen = person.memberId ? lastSeen.get(person.memberId) : undefined
    if (seen !== undefined) candidates.push(nextWholeDay(seen, now))
  }
  return Math.min(...candidates.filter((at) => at > now))
}

/** A room's summary from its facts: the same health and alerts its Insights tab computes. */
export function digestOf(
  roomId: string,
  facts: RoomFacts & { milestones: Milestone[]; targetCloseDate?: string | null },
  activitySeenAt: number,
): RoomDigest {
  const buyerEvents = facts.events.filter((event) => event.side === 'buyer')
  const { coverage } = roomInsights(facts)
  return {
    roomId,
    health: dealHealth(facts),
    alerts: roomAlerts(facts).map(({ kind, at, message }) => ({ kind, at, message })),
    buyersEngaged: coverage.engaged,
    buyersInvited: coverage.invited,
    buyerVisits: buyerEvents.filter((event) => event.kind === 'room.opened').length,
    tasksDone: facts.tasks.filter((task) => task.status === 'done').length,
    tasksTotal: facts.tasks.length,
    milestonesDone: facts.milestones.filter((milestone) => milestone.status === 'done').length,
    milestonesTotal: facts.milestones.length,
    targetCloseDate: facts.targetCloseDate ?? null,
    lastBuyerActivityAt: buyerEvents.reduce<number | null>(
      (latest, event) => Math.max(latest ?? 0, event.at),
      null,
    ),
    computedAt: facts.now,
    activitySeenAt,
    validUntil: summaryValidUntil(facts),
  }
}

/** What the room list shows of a summary besides its health. */
export function summaryInfo(digest: RoomDigest): RoomSummaryInfo {
  return {
    openAlerts: digest.alerts.length,
    buyersEngaged: digest.buyersEngaged,
    buyersInvited: digest.buyersInvited,
    buyerVisits: digest.buyerVisits,
    tasksDone: digest.tasksDone,
    tasksTotal: digest.tasksTotal,
    milestonesDone: digest.milestonesDone,
    milestonesTotal: digest.milestonesTotal,
    lastBuyerActivity: digest.lastBuyerActivityAt,
  }
}

/**
 * Computes a room's summary now and stores it. The room's last activity is read before its
 * facts, so an edit made meanwhile leaves the summary due again rather than lost.
 */
export async function summarizeRoom(
  storage: Storage,
  roomId: string,
  now = Date.now(),
): Promise<RoomDigest | null> {
  const room = await storage.getRoom(roomId)
  if (!room) return null
  const digest = digestOf(roomId, await roomFacts(storage, roomId, now), room.lastActivityAt)
  const previous = await storage.getRoomDigest(roomId)
  await storage.putRoomDigest(digest)
  await recordWebhookEvents(storage, summaryEvents(previous, digest))
  return digest
}

/**
 * The webhook events a new summary makes: `deal.health_changed` when the score moved, and
 * `alert.raised` for each alert it has that the one before did not. Their ids come from what
 * they report, so two instances summarizing the same room record each once.
 */
export function summaryEvents(previous: RoomDigest | null, next: RoomDigest): WebhookEventInput[] {
  const events: WebhookEventInput[] = []
  const base = { roomId: next.roomId, personId: null }
  if (previous && previous.health.score !== next.health.score)
    events.push({
      ...base,
      type: 'deal.health_changed',
      id: `evt_health_${next.roomId}_${previous.computedAt}_${next.health.score}`,
      at: next.computedAt,
      fields: { health: next.health, previousScore: previous.health.score },
    })
  const known = new Set((previous?.alerts ?? []).map((alert) => `${alert.kind}|${alert.at}`))
  for (const alert of next.alerts) {
    if (known.has(`${alert.kind}|${alert.at}`)) continue
    events.push({
      ...base,
      type: 'alert.raised',
      id: `evt_alert_${next.roomId}_${alert.kind}_${alert.at}`,
      at: alert.at,
      fields: { alert: { kind: alert.kind, message: alert.message } },
    })
  }
  return events
}
