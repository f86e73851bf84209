import type Database from 'better-sqlite3'
import { type Row, text } from '../rows.ts'
import {
  DELIVERY_SELECT,
  DUE_DELIVERIES_WHERE,
  FAN_OUT,
  FINISH_ATTEMPT,
  finishValues,
  LIST_DELIVERIES,
  NO_SEQ_LIMIT,
  REPLAY,
  subscriptionPatch,
  toDelivery,
  toOutboxEvent,
  toSubscription,
  typesBySubscription,
} from '../webhook-rows.ts'
import type { ClaimedDelivery, WebhookStore, WebhookSubscription } from '../webhooks.ts'

export function sqliteWebhooks(db: Database.Database): WebhookStore {
  const statements = {
    insert: db.prepare(
      'INSERT INTO webhook_subscriptions (id, kind, url, secret, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    insertType: db.prepare(
      'INSERT OR IGNORE INTO webhook_subscription_types (subscription_id, type) VALUES (?, ?)',
    ),
    deleteTypes: db.prepare('DELETE FROM webhook_subscription_types WHERE subscription_id = ?'),
    get: db.prepare('SELECT * FROM webhook_subscriptions WHERE id = ?'),
    all: db.prepare('SELECT * FROM webhook_subscriptions ORDER BY created_at, id'),
    typesOf: db.prepare(
      'SELECT subscription_id, type FROM webhook_subscription_types WHERE subscription_id = ? ORDER BY subscription_id, type',
    ),
    allTypes: db.prepare(
      'SELECT subscription_id, type FROM webhook_subscription_types ORDER BY subscription_id, type',
    ),
    remove: db.prepare('DELETE FROM webhook_subscriptions WHERE id = ?'),
    removeDeliveries: db.prepare('DELETE FROM webhook_deliveries WHERE subscription_id = ?'),
    insertEvent: db.prepare(
      'INSERT OR IGNORE INTO webhook_events (id, type, room_id, data, at) VALUES (?, ?, ?, ?, ?)',
    ),
    fanOut: db.prepare(FAN_OUT),
    due: db.prepare(
      `SELECT d.id FROM webhook_deliveries d
       JOIN webhook_subscriptions s ON s.id = d.subscription_id
       WHERE ${DUE_DELIVERIES_WHERE}
       ORDER BY d.next_attempt_at, d.event_seq LIMIT ?`,
    ),
    claim: db.prepare('UPDATE webhook_deliveries SET claimed_until = ? WHERE id = ?'),
    delivery: db.prepare(`${DELIVERY_SELECT} WHERE d.id = ?`),
    eventOf: db.prepare('SELECT * FROM webhook_events WHERE seq = ?'),
    finish: db.prepare(FINISH_ATTEMPT),
    list: db.prepare(LIST_DELIVERIES),
    replay: db.prepare(REPLAY),
  }

  const getSubscription = (id: string): WebhookSubscription | null => {
    const row = statements.get.get(id) as Row | undefined
    if (!row) return null
    return toSubscription(
      row,
      (statements.typesOf.all(id) as Row[]).map((type) => text(type, 'type')),
    )
  }

  const setTypes = (id: string, events: readonly string[]) => {
    statements.deleteTypes.run(id)
    for (const type of events) statements.insertType.run(id, type)
  }

  const record = db.transaction((events: Parameters<WebhookStore['recordOutboxEvents']>[0]) => {
    let deliveries = 0
    for (const event of events) {
      const inserted = statements.insertEvent.run(
        event.id,
        event.type,
        event.roomId,
        JSON.stringify(event.data),
        event.at,
      )
      if (inserted.changes === 0) continue
      deliveries += statements.fanOut.run(event.id).changes
    }
    return deliveries
  })

  const claim = db.transaction((now: number, limit: number, claimMs: number) => {
    const ids = (statements.due.all(now, now, limit) as Row[]).map((row) => text(row, 'id'))
    const claimed: ClaimedDelivery[] = []
    const subscriptions = new Map<string, WebhookSubscription | null>()
    for (const id of ids) {
      statements.claim.run(now + claimMs, id)
      const delivery = toDelivery(statements.delivery.get(id) as Row)
      const event = toOutboxEvent(statements.eventOf.get(delivery.eventSeq) as Row)
      if (!subscriptions.has(delivery.subscriptionId))
        subscriptions.set(delivery.subscriptionId, getSubscription(delivery.subscriptionId))
      const subscription = subscriptions.get(delivery.subscriptionId)
      if (subscription) claimed.push({ delivery, event, subscription })
    }
    return claimed
  })

  return {
    async createSubscription(input) {
      const createdAt = Date.now()
      db.transaction(() => {
        statements.insert.run(
          input.id,
          input.kind,
          input.url,
          input.secret,
          input.createdBy,
          createdAt,
        )
        setTypes(input.id, input.events)
      })()
      const created = getSubscription(input.id)
      if (!created) throw new Error(`Subscription ${input.id} was not stored`)
      return created
    },
    async getSubscription(id) {
      return getSubscription(id)
    },
    async listSubscriptions() {
      const types = typesBySubscription(statements.allTypes.all() as Row[])
      return (statements.all.all() as Row[]).map((row) =>
        toSubscription(row, types.get(text(row, 'id')) ?? []),
      )
    },
    async updateSubscription(id, patch) {
      const columns = subscriptionPatch(patch)
      db.transaction(() => {
        if (columns)
          db.prepare(`UPDATE webhook_subscriptions SET ${columns.set} WHERE id = ?`).run(
            ...columns.values,
            id,
          )
        if (patch.events && statements.get.get(id)) setTypes(id, patch.events)
      })()
      return getSubscription(id)
    },
    async deleteSubscription(id) {
      return db.transaction(() => {
        statements.removeDeliveries.run(id)
        return statements.remove.run(id).changes > 0
      })()
    },
    async recordOutboxEvents(events) {
      return record(events)
    },
    async claimDeliveries(now, limit, claimMs) {
      return claim.immediate(now, limit, claimMs)
    },
    async finishAttempt(deliveryId, result) {
      statements.finish.run(...finishValues(deliveryId, result))
    },
    async listDeliveries(subscriptionId, options) {
      return (
        statements.list.all(
          subscriptionId,
          options.beforeSeq ?? NO_SEQ_LIMIT,
          options.limit,
        ) as Row[]
      ).map(toDelivery)
    },
    async replayDelivery(deliveryId, now) {
      statements.replay.run(now, deliveryId)
      const row = statements.delivery.get(deliveryId) as Row | undefined
      return row ? toDelivery(row) : null
    },
  }
}
