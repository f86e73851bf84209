import type pg from 'pg'
import { numbered } from '../file-rows.ts'
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
import type { PostgresDatabase } from './database.ts'

type Query = Pick<pg.PoolClient, 'query'>

async function subscriptionOf(db: Query, id: string): Promise<WebhookSubscription | null> {
  const row = (await db.query('SELECT * FROM webhook_subscriptions WHERE id = $1', [id])).rows[0] as
    | Row
    | undefined
  if (!row) return null
  const types = await db.query(
    'SELECT type FROM webhook_subscription_types WHERE subscription_id = $1 ORDER BY type',
    [id],
  )
  return toSubscription(
    row,
    (types.rows as Row[]).map((type) => text(type, 'type')),
  )
}

async function setTypes(db: Query, id: string, events: readonly string[]): Promise<void> {
  await db.query('DELETE FROM webhook_subscription_types WHERE subscription_id = $1', [id])
  if (events.length === 0) return
  await db.query(
    `INSERT INTO webhook_subscription_types (subscription_id, type)
     SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
    [id, [...new Set(events)]],
  )
}

export function postgresWebhooks(database: PostgresDatabase): WebhookStore {
  const pool = database.pool
  return {
    async createSubscription(input) {
      await database.transaction(async (client) => {
        await client.query(
          'INSERT INTO webhook_subscriptions (id, kind, url, secret, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [input.id, input.kind, input.url, input.secret, input.createdBy, Date.now()],
        )
        await setTypes(client, input.id, input.events)
      })
      const created = await subscriptionOf(pool, input.id)
      if (!created) throw new Error(`Subscription ${input.id} was not stored`)
      return created
    },
    async getSubscription(id) {
      return subscriptionOf(pool, id)
    },
    async listSubscriptions() {
      const types = typesBySubscription(
        await database.rows(
          'SELECT subscription_id, type FROM webhook_subscription_types ORDER BY subscription_id, type',
        ),
      )
      return (
        await database.rows('SELECT * FROM webhook_subscriptions ORDER BY created_at, id')
      ).map((row) => toSubscription(row, types.get(text(row, 'id')) ?? []))
    },
    async updateSubscription(id, patch) {
      const columns = subscriptionPatch(patch)
      await database.transaction(async (client) => {
        if (columns)
          await client.query(
            numbered(`UPDATE webhook_subscriptions SET ${columns.set} WHERE id = ?`),
            [...columns.values, id],
          )
        if (patch.events && (await subscriptionOf(client, id)))
          await setTypes(client, id, patch.events)
      })
      return subscriptionOf(pool, id)
    },
    async deleteSubscription(id) {
      return database.transaction(async (client) => {
        await client.query('DELETE FROM webhook_deliveries WHERE subscription_id = $1', [id])
        const removed = await client.query('DELETE FROM webhook_subscriptions WHERE id = $1', [id])
        return (removed.rowCount ?? 0) > 0
      })
    },
    async recordOutboxEvents(events) {
      if (events.length === 0) return 0
      return database.transaction(async (client) => {
        let deliveries = 0
        for (const event of events) {
          const inserted = await client.query(
            `INSERT INTO webhook_events (id, type, room_id, data, at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO NOTHING`,
            [event.id, event.type, event.roomId, JSON.stringify(event.data), event.at],
          )
          if (inserted.rowCount === 0) continue
          deliveries += (await client.query(numbered(FAN_OUT), [event.id])).rowCount ?? 0
        }
        return deliveries
      })
    },
    async claimDeliveries(now, limit, claimMs) {
      // SKIP LOCKED: instances claiming at once take different deliveries; the order rule
      // (no earlier pending delivery of the room) keeps a room's next one back while one is out.
      const ids = (
        await database.rows(
          numbered(`WITH due AS (
             SELECT d.id FROM webhook_deliveries d
             JOIN webhook_subscriptions s ON s.id = d.subscription_id
             WHERE ${DUE_DELIVERIES_WHERE}
             ORDER BY d.next_attempt_at, d.event_seq LIMIT ?
             FOR UPDATE OF d SKIP LOCKED
           )
           UPDATE webhook_deliveries SET claimed_until = ? FROM due
           WHERE webhook_deliveries.id = due.id RETURNING webhook_deliveries.id`),
          [now, now, limit, now + claimMs],
        )
      ).map((row) => text(row, 'id'))
      if (ids.length === 0) return []
      const deliveries = (
        await database.rows(`${DELIVERY_SELECT} WHERE d.id = ANY($1::text[])`, [ids])
      ).map(toDelivery)
      const events = new Map(
        (
          await database.rows('SELECT * FROM webhook_events WHERE seq = ANY($1::bigint[])', [
            deliveries.map((delivery) => delivery.eventSeq),
          ])
        ).map((row) => {
          const event = toOutboxEvent(row)
          return [event.seq, event]
        }),
      )
      const subscriptions = new Map<string, WebhookSubscription | null>()
      const claimed: ClaimedDelivery[] = []
      deliveries.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.eventSeq - b.eventSeq)
      for (const delivery of deliveries) {
        if (!subscriptions.has(delivery.subscriptionId))
          subscriptions.set(
            delivery.subscriptionId,
            await subscriptionOf(pool, delivery.subscriptionId),
          )
        const subscription = subscriptions.get(delivery.subscriptionId)
        const event = events.get(delivery.eventSeq)
        if (subscription && event) claimed.push({ delivery, event, subscription })
      }
      return claimed
    },
    async finishAttempt(deliveryId, result) {
      await database.run(numbered(FINISH_ATTEMPT), finishValues(deliveryId, result))
    },
    async listDeliveries(subscriptionId, options) {
      return (
        await database.rows(numbered(LIST_DELIVERIES), [
          subscriptionId,
          options.beforeSeq ?? NO_SEQ_LIMIT,
          options.limit,
        ])
      ).map(toDelivery)
    },
    async replayDelivery(deliveryId, now) {
      await database.run(numbered(REPLAY), [now, deliveryId])
      const row = await database.row(`${DELIVERY_SELECT} WHERE d.id = $1`, [deliveryId])
      return row ? toDelivery(row) : null
    },
  }
}
