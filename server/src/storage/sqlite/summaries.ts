import type Database from 'better-sqlite3'
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

const toAlertOfRoom = (row: Row): AlertOfRoom => ({
  roomId: text(row, 'room_id'),
  roomTitle: text(row, 'title'),
  kind: text(row, 'kind'),
  at: int(row, 'at'),
  message: text(row, 'message'),
})

export function sqliteSummaries(db: Database.Database): SummaryStore {
  const question = () => '?'
  // Prepared once per shape of query (sort and filters given), a bounded few.
  const prepared = new Map<string, Database.Statement>()
  const statementOf = (sql: string): Database.Statement => {
    const cached = prepared.get(sql)
    if (cached) return cached
    const statement = db.prepare(sql)
    if (prepared.size >= 200) prepared.clear()
    prepared.set(sql, statement)
    return statement
  }
  const statements = {
    put: db.prepare(
      `INSERT INTO room_summaries (room_id, summarized, health_score, last_buyer_activity_at,
         computed_at, activity_seen_at, valid_until, due_at, claimed_until, buyer_org, close_date,
         alert_count)
       VALUES (?, 1, ?, ?, ?, ?, ?, NULL, 0, ?, ?, ?)
       ON CONFLICT (room_id) DO UPDATE SET ${PUT_DIGEST_SET}`,
    ),
    putJson: db.prepare(
      'INSERT INTO room_digests (room_id, digest) VALUES (?, ?) ON CONFLICT (room_id) DO UPDATE SET digest = excluded.digest',
    ),
    deleteAlerts: db.prepare('DELETE FROM room_alerts WHERE room_id = ?'),
    insertAlert: db.prepare(
      'INSERT INTO room_alerts (room_id, at, kind, message) VALUES (?, ?, ?, ?)',
    ),
    get: db.prepare('SELECT digest FROM room_digests WHERE room_id = ?'),
    markDue: db.prepare(
      `INSERT INTO room_summaries (room_id, due_at) SELECT id, ? FROM rooms WHERE id = ?
       ON CONFLICT (room_id) DO UPDATE SET due_at = COALESCE(room_summaries.due_at, excluded.due_at)`,
    ),
    due: db.prepare(
      `SELECT r.id FROM rooms r LEFT JOIN room_summaries s ON s.room_id = r.id
       WHERE ${dueRoomsWhere('@now')}
       ORDER BY COALESCE(s.due_at, 0), r.id LIMIT @limit`,
    ),
    claim: db.prepare(
      `INSERT INTO room_summaries (room_id, claimed_until) VALUES (?, ?)
       ON CONFLICT (room_id) DO UPDATE SET claimed_until = excluded.claimed_until`,
    ),
    owners: db.prepare(roomOwnersSql(question)),
    alertsOf: db.prepare(
      `SELECT a.*, r.title FROM members me
       JOIN rooms r ON r.id = me.room_id AND r.closed_at IS NULL
       JOIN room_alerts a ON a.room_id = me.room_id
       WHERE me.person_id = ? AND me.role IN ('owner', 'co-owner', 'seller')
       ORDER BY a.at DESC, a.room_id, a.kind LIMIT ?`,
    ),
    alertsSince: db.prepare(
      `SELECT a.*, r.title FROM room_alerts a
       JOIN rooms r ON r.id = a.room_id AND r.closed_at IS NULL
       WHERE a.at >= ? ORDER BY a.at DESC, a.room_id, a.kind`,
    ),
  }

  const putDigest = db.transaction((digest: Parameters<SummaryStore['putRoomDigest']>[0]) => {
    statements.put.run(
      digest.roomId,
      digest.health.score,
      digest.lastBuyerActivityAt,
      digest.computedAt,
      digest.activitySeenAt,
      digest.validUntil,
      digest.buyerOrg,
      digest.closeDate,
      digest.alerts.length,
    )
    statements.putJson.run(digest.roomId, digestJson(digest))
    statements.deleteAlerts.run(digest.roomId)
    for (const alert of digest.alerts)
      statements.insertAlert.run(digest.roomId, alert.at, alert.kind, alert.message)
  })
  const markDue = db.transaction((roomIds: readonly string[], at: number) => {
    for (const roomId of roomIds) statements.markDue.run(at, roomId)
  })
  const claim = db.transaction((now: number, limit: number, claimMs: number): string[] => {
    const ids = (statements.due.all({ now, limit }) as Row[]).map((row) => text(row, 'id'))
    for (const id of ids) statements.claim.run(id, now + claimMs)
    return ids
  })

  return {
    async putRoomDigest(digest) {
      putDigest(digest)
    },
    async getRoomDigest(roomId) {
      const row = statements.get.get(roomId) as Row | undefined
      return row ? toDigest(row) : null
    },
    async markRoomsDue(roomIds, at) {
      markDue(roomIds, at)
    },
    async claimDueRooms(now, limit, claimMs) {
      return claim(now, limit, claimMs)
    },
    async listRoomPage(query) {
      const now = Date.now()
      const { page, count } = roomPageSql(query, question)
      const rows = statementOf(page.sql).all(...page.values) as Row[]
      const first = rows[0]
      const total = first
        ? int(first, 'total')
        : int(statementOf(count.sql).get(...count.values) as Row, 'total')
      return { rooms: rows.map((row) => toPageEntry(row, now)), total }
    },
    async listRoomOwners(personId) {
      return (statements.owners.all(personId) as Row[]).map((row) => ({
        id: text(row, 'id'),
        name: text(row, 'name'),
      }))
    },
    async listAlertsOf(personId, limit) {
      return (statements.alertsOf.all(personId, limit) as Row[]).map(toAlertOfRoom)
    },
    async listAlertsSince(since) {
      return (statements.alertsSince.all(since) as Row[]).map(toAlertOfRoom)
    },
  }
}

export function sqliteInstanceRooms(db: Database.Database): InstanceRoomStore {
  return {
    async listInstanceRooms(query) {
      const now = Date.now()
      const { sql, values } = instanceRoomsSql(query, () => '?')
      return (db.prepare(sql).all(...values) as Row[]).map((row) => toInstanceRoom(row, now))
    },
  }
}
