import { instanceRoomsSql, toInstanceRoom } from '../page-queries.ts'
import { int, type Row, text } from '../rows.ts'
import type { AlertOfRoom, InstanceRoomStore, SummaryStore } from '../summaries.ts'
import {
  digestJson,
  dueRoomsWhere,
  PUT_DIGEST_SET,
  roomOwnersSql,
  roomPageSql,
  toDigest,
  toPageEntry,
} from '../summary-rows.ts'
import type { PostgresDatabase } from './database.ts'

const dollar = (index: number) => `$${index}`

const toAlertOfRoom = (row: Row): AlertOfRoom => ({
  roomId: text(row, 'room_id'),
  roomTitle: text(row, 'title'),
  kind: text(row, 'kind'),
  at: int(row, 'at'),
  message: text(row, 'message'),
})

export function postgresSummaries(database: PostgresDatabase): SummaryStore {
  return {
    async putRoomDigest(digest) {
      await database.transaction(async (client) => {
        await client.query(
          `INSERT INTO room_summaries (room_id, summarized, health_score, last_buyer_activity_at,
             computed_at, activity_seen_at, valid_until, due_at, claimed_until, buyer_org,
             close_date, alert_count)
           VALUES ($1, 1, $2, $3, $4, $5, $6, NULL, 0, $7, $8, $9)
           ON CONFLICT (room_id) DO UPDATE SET ${PUT_DIGEST_SET}`,
          [
            digest.roomId,
            digest.health.score,
            digest.lastBuyerActivityAt,
            digest.computedAt,
            digest.activitySeenAt,
            digest.validUntil,
            digest.buyerOrg,
            digest.closeDate,
            digest.alerts.length,
          ],
        )
        await client.query(
          'INSERT INTO room_digests (room_id, digest) VALUES ($1, $2) ON CONFLICT (room_id) DO UPDATE SET digest = EXCLUDED.digest',
          [digest.roomId, digestJson(digest)],
        )
        await client.query('DELETE FROM room_alerts WHERE room_id = $1', [digest.roomId])
        for (const alert of digest.alerts)
          await client.query(
            'INSERT INTO room_alerts (room_id, at, kind, message) VALUES ($1, $2, $3, $4)',
            [digest.roomId, alert.at, alert.kind, alert.message],
          )
      })
    },
    async getRoomDigest(roomId) {
      const row = await database.row('SELECT digest FROM room_digests WHERE room_id = $1', [roomId])
      return row ? toDigest(row) : null
    },
    async markRoomsDue(roomIds, at) {
      if (roomIds.length === 0) return
      await database.run(
        `INSERT INTO room_summaries (room_id, due_at)
         SELECT id, $2 FROM rooms WHERE id = ANY($1::text[])
         ON CONFLICT (room_id) DO UPDATE
           SET due_at = COALESCE(room_summaries.due_at, EXCLUDED.due_at)`,
        [roomIds, at],
      )
    },
    async claimDueRooms(now, limit, claimMs) {
      // SKIP LOCKED: instances sweeping at once take different rooms.
      const rows = await database.rows(
        `WITH due AS (
           SELECT r.id, COALESCE(s.due_at, 0) AS need FROM rooms r
           LEFT JOIN room_summaries s ON s.room_id = r.id
           WHERE ${dueRoomsWhere('$1')}
           ORDER BY COALESCE(s.due_at, 0), r.id LIMIT $2
           FOR UPDATE OF r SKIP LOCKED
         )
         INSERT INTO room_summaries (room_id, claimed_until) SELECT id, $3 FROM due
         ON CONFLICT (room_id) DO UPDATE SET claimed_until = EXCLUDED.claimed_until
         RETURNING room_id`,
        [now, limit, now + claimMs],
      )
      return rows.map((row) => text(row, 'room_id')).sort()
    },
    async listRoomPage(query) {
      const now = Date.now()
      const { page, count } = roomPageSql(query, dollar)
      const rows = await database.rows(page.sql, page.values)
      const first = rows[0]
      // The page's rows carry the list's count; a page past the end asks for it.
      const counted = first ? first : await database.row(count.sql, count.values)
      return {
        rooms: rows.map((row) => toPageEntry(row, now)),
        total: counted ? int(counted, 'total') : 0,
      }
    },
    async listRoomOwners(personId) {
      const rows = await database.rows(roomOwnersSql(dollar), [personId])
      return rows.map((row) => ({ id: text(row, 'id'), name: text(row, 'name') }))
    },
    async listAlertsOf(personId, limit) {
      const rows = await database.rows(
        `SELECT a.*, r.title FROM members me
         JOIN rooms r ON r.id = me.room_id AND r.closed_at IS NULL
         JOIN room_alerts a ON a.room_id = me.room_id
         WHERE me.person_id = $1 AND me.role IN ('owner', 'co-owner', 'seller')
         ORDER BY a.at DESC, a.room_id, a.kind LIMIT $2`,
        [personId, limit],
      )
      return rows.map(toAlertOfRoom)
    },
    async listAlertsSince(since) {
      const rows = await database.rows(
        `SELECT a.*, r.title FROM room_alerts a
         JOIN rooms r ON r.id = a.room_id AND r.closed_at IS NULL
         WHERE a.at >= $1 ORDER BY a.at DESC, a.room_id, a.kind`,
        [since],
      )
      return rows.map(toAlertOfRoom)
    },
  }
}

export function postgresInstanceRooms(database: PostgresDatabase): InstanceRoomStore {
  return {
    async listInstanceRooms(query) {
      const now = Date.now()
      const { sql, values } = instanceRoomsSql(query, (index) => `$${index}`)
      return (await database.rows(sql, values)).map((row) => toInstanceRoom(row, now))
    },
  }
}
