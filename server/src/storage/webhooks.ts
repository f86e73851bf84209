/**
 * Webhooks (issue 14): subscriptions of a receiver to event types, the events outbox those
 * subscriptions are fed from, and one delivery per event and subscription with its log. Every
 * event leaves through here first, so a receiver's outage delays delivery and never loses one.
 */

/**
 * What a subscription delivers to: a signed JSON webhook, a Slack incoming webhook, or a CRM
 * connection (HubSpot, Salesforce) that writes the events of linked rooms on their deals.
 */
export type SubscriptionKind = 'webhook' | 'slack' | 'hubspot' | 'salesforce'

export interface WebhookSubscription {
  id: string
  kind: SubscriptionKind
  url: string
  /** Event types delivered (see shared/src/api/webhooks.ts). */
  events: string[]
  /** Standard Webhooks secret, `whsec_…`; a CRM connection's credentials (JSON) instead. */
  secret: string
  /** The secret before the last rotation, still signed with until `previousSecretUntil`. */
  previousSecret: string | null
  previousSecretUntil: number | null
  /** Who created it: a person id, or `cli`. */
  createdBy: string
  createdAt: number
  /** Set when it was disabled (by hand, or after failing for 24 hours). */
  disabledAt: number | null
  /** When its deliveries started failing (null while they succeed). */
  failingSince: number | null
}

export interface NewSubscription {
  id: string
  kind: SubscriptionKind
  url: string
  events: string[]
  secret: string
  createdBy: string
}

export interface SubscriptionPatch {
  url?: string
  events?: string[]
  secret?: string
  previousSecret?: string | null
  previousSecretUntil?: number | null
  disabledAt?: number | null
  failingSince?: number | null
}

/** An event waiting in (or delivered from) the outbox. */
export interface OutboxEvent {
  /** Order of recording: deliveries of one room go out in this order. */
  seq: number
  /** The `webhook-id`: the same on every attempt and replay, so receivers can deduplicate. */
  id: string
  type: string
  roomId: string
  /** The event's `data` (room, person, and what the type adds). */
  data: Record<string, unknown>
  at: number
}

export type NewOutboxEvent = Omit<OutboxEvent, 'seq'>

export type DeliveryStatus = 'pending' | 'delivered' | 'failed'

/** One event to one subscription, with the outcome of its latest attempt. */
export interface Delivery {
  id: string
  subscriptionId: string
  eventSeq: number
  eventId: string
  type: string
  roomId: string
  status: DeliveryStatus
  attempts: number
  nextAttemptAt: number
  lastAttemptAt: number | null
  /** HTTP status of the latest attempt (null: no answer). */
  responseCode: number | null
  latencyMs: number | null
  error: string | null
  deliveredAt: number | null
  createdAt: number
}

export interface AttemptResult {
  at: number
  status: DeliveryStatus
  responseCode: number | null
  latencyMs: number | null
  error: string | null
  /** When to try again (status pending). */
  nextAttemptAt: number
}

export interface ClaimedDelivery {
  delivery: Delivery
  event: OutboxEvent
  subscription: WebhookSubscription
}

export interface WebhookStore {
  createSubscription(input: NewSubscription): Promise<WebhookSubscription>
  getSubscription(id: string): Promise<WebhookSubscription | null>
  /** Every subscription, oldest first. */
  listSubscriptions(): Promise<WebhookSubscription[]>
  /** Null when there is no such subscription. */
  updateSubscription(id: string, patch: SubscriptionPatch): Promise<WebhookSubscription | null>
  /** Removes it with its deliveries; false if none. */
  deleteSubscription(id: string): Promise<boolean>
  /**
   * Records events in the outbox, each with a pending delivery for every enabled subscription to
   * its type, in one transaction. An event id recorded before is skipped (recording is
   * idempotent). Returns how many deliveries were made.
   */
  recordOutboxEvents(events: readonly NewOutboxEvent[]): Promise<number>
  /**
   * Claims up to `limit` deliveries due at `now` for `claimMs`: per subscription and room only the
   * earliest pending one (so a room's events arrive in order), never one claimed by another
   * worker (on PostgreSQL `FOR UPDATE SKIP LOCKED`), never for a disabled subscription.
   */
  claimDeliveries(now: number, limit: number, claimMs: number): Promise<ClaimedDelivery[]>
  /** Records an attempt (attempts + 1) and releases the claim. */
  finishAttempt(deliveryId: string, result: AttemptResult): Promise<void>
  /** A subscription's deliveries, latest event first (before `beforeSeq` when given). */
  listDeliveries(
    subscriptionId: string,
    options: { limit: number; beforeSeq?: number },
  ): Promise<Delivery[]>
  /** Sends a delivery again (pending, due at `now`); null if none. */
  replayDelivery(deliveryId: string, now: number): Promise<Delivery | null>
}
