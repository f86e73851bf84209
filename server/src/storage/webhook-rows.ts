import { int, intOrNull, type Row, text, textOrNull } from './rows.ts'
import type {
  Delivery,
  DeliveryStatus,
  OutboxEvent,
  SubscriptionKind,
  SubscriptionPatch,
  WebhookSubscription,
} from './webhooks.ts'

/** Row mappers and statements the two drivers share (same tables, `?` placeholders). */

/** A subscription's columns; its event types are read separately (`webhook_subscription_types`). */
export function toSubscription(row: Row, events: string[]): WebhookSubscription {
  return {
    id: text(row, 'id'),
    kind: text(row, 'kind') as SubscriptionKind,
    url: text(row, 'url'),
    events,
    secret: text(row, 'secret'),
    previousSecret: textOrNull(row, 'previous_secret'),
    previousSecretUntil: intOrNull(row, 'previous_secret_until'),
    createdBy: text(row, 'created_by'),
    createdAt: int(row, 'created_at'),
    disabledAt: intOrNull(row, 'disabled_at'),
    failingSince: intOrNull(row, 'failing_since'),
  }
}

/** Groups `(subscription_id, type)` rows into each subscription's list, in insertion order. */
export function typesBySubscription(rows: Row[]): Map<string, string[]> {
  const types = new Map<string, string[]>()
  for (const row of rows) {
    const id = text(row, 'subscription_id')
    const list = types.get(id) ?? []
    list.push(text(row, 'type'))
    types.set(id, list)
  }
  return types
}

export function toOutboxEvent(row: Row, prefix = ''): OutboxEvent {
  return {
    seq: int(row, `${prefix}seq`),
    id: text(row, `${prefix}id`),
    type: text(row, `${prefix}type`),
    roomId: text(row, `${prefix}room_id`),
    data: JSON.parse(text(row, `${prefix}data`)) as Record<string, unknown>,
    at: int(row, `${prefix}at`),
  }
}

export function toDelivery(row: Row): Delivery {
  return {
    id: text(row, 'id'),
    subscriptionId: text(row, 'subscription_id'),
    eventSeq: int(row, 'event_seq'),
    eventId: text(row, 'event_id'),
    type: text(row, 'type'),
    roomId: text(row, 'room_id'),
    status: text(row, 'status') as DeliveryStatus,
    attempts: int(row, 'attempts'),
    nextAttemptAt: int(row, 'next_attempt_at'),
    lastAttemptAt: intOrNull(row, 'last_attempt_at'),
    responseCode: intOrNull(row, 'response_code'),
    latencyMs: intOrNull(row, 'latency_ms'),
    error: textOrNull(row, 'error'),
    deliveredAt: intOrNull(row, 'delivered_at'),
    createdAt: int(row, 'created_at'),
  }
}

/** A delivery with its event's id and type (the log shows them). */
export const DELIVERY_SELECT = `SELECT d.*, e.id AS event_id, e.type AS type
  FROM webhook_deliveries d JOIN webhook_events e ON e.seq = d.event_seq`

export const LIST_DELIVERIES = `${DELIVERY_SELECT}
  WHERE d.subscription_id = ? AND d.event_seq < ? ORDER BY d.event_seq DESC LIMIT ?`

/**
 * The deliveries that may go now: pending, due, not claimed, of an enabled subscription, and
 * the earliest pending one of their subscription and room (a room's events go out in order).
 */
export const DUE_DELIVERIES_WHERE = `d.status = 'pending' AND d.next_attempt_at <= ?
  AND d.claimed_until <= ? AND s.disabled_at IS NULL
  AND NOT EXISTS (
    SELECT 1 FROM webhook_deliveries earlier
    WHERE earlier.subscription_id = d.subscription_id AND earlier.room_id = d.room_id
      AND earlier.status = 'pending' AND earlier.event_seq < d.event_seq)`

/** An event's deliveries: one per enabled subscription to its type (a CRM's only for rooms linked to it). */
export const FAN_OUT = `INSERT INTO webhook_deliveries
  (id, subscription_id, event_seq, room_id, status, attempts, next_attempt_at, claimed_until, created_at)
  SELECT s.id || '-' || e.seq, s.id, e.seq, e.room_id, 'pending', 0, 0, 0, e.at
  FROM webhook_events e
  JOIN webhook_subscription_types t ON t.type = e.type
  JOIN webhook_subscriptions s ON s.id = t.subscription_id AND s.disabled_at IS NULL
  WHERE e.id = ?
    AND (s.kind IN ('webhook', 'slack')
      OR EXISTS (SELECT 1 FROM crm_links l WHERE l.room_id = e.room_id AND l.provider = s.kind))`

export const FINISH_ATTEMPT = `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1,
  last_attempt_at = ?, response_code = ?, latency_ms = ?, error = ?, next_attempt_at = ?,
  delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END, claimed_until = 0
  WHERE id = ?`

export function finishValues(
  deliveryId: string,
  result: {
    at: number
    status: DeliveryStatus
    responseCode: number | null
    latencyMs: number | null
    error: string | null
    nextAttemptAt: number
  },
): unknown[] {
  return [
    result.status,
    result.at,
    result.responseCode,
    result.latencyMs,
    result.error,
    result.nextAttemptAt,
    result.status,
    result.at,
    deliveryId,
  ]
}

export const REPLAY = `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?,
  claimed_until = 0 WHERE id = ?`

const PATCH_COLUMNS: Record<Exclude<keyof SubscriptionPatch, 'events'>, string> = {
  url: 'url',
  secret: 'secret',
  previousSecret: 'previous_secret',
  previousSecretUntil: 'previous_secret_until',
  disabledAt: 'disabled_at',
  failingSince: 'failing_since',
}

/** `SET a = ?, b = ?` and its values for the columns a patch names (none: null). */
export function subscriptionPatch(
  patch: SubscriptionPatch,
): { set: string; values: unknown[] } | null {
  const entries = Object.entries(PATCH_COLUMNS).filter(
    ([key]) => patch[key as keyof typeof PATCH_COLUMNS] !== undefined,
  )
  if (entries.length === 0) return null
  return {
    set: entries.map(([, column]) => `${column} = ?`).join(', '),
    values: entries.map(([key]) => patch[key as keyof typeof PATCH_COLUMNS]),
  }
}

/** Placeholder for a large sequence number: "before" nothing means every row. */
export const NO_SEQ_LIMIT = Number.MAX_SAFE_INTEGER
