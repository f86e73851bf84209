import type { RoomSort } from '../../../shared/src/api/rooms.ts'
import { type Row, text, toRoomOf } from './rows.ts'
import { toRoomStage } from './stage-rows.ts'
import type { RoomDigest, RoomPageEntry } from './summaries.ts'

/**
 * SQL and row mapping shared by both drivers' summary stores: the same tables, the same order.
 * Health is the seller team's: for another role, or a closed room, it sorts last.
 */
const ORDER: Record<RoomSort, string> = {
  activity: 'r.last_activity_at DESC, r.id',
  health: `CASE WHEN r.closed_at IS NULL AND me.role IN ('owner', 'seller') THEN s.health_score END
    ASC NULLS LAST, r.last_activity_at DESC, r.id`,
  title: 'lower(r.title), r.id',
  'buyer-activity': 's.last_buyer_activity_at DESC NULLS LAST, r.last_activity_at DESC, r.id',
}

/**
 * A page of a person's rooms: the page's rooms are chosen and sorted on the narrow join first,
 * then only they are joined with their owner and counted.
 * Placeholders, in order: person, room (or null), limit, offset, stage (or null). The rooms
 * behind templates are not deals and never listed.
 */
export function roomPageSql(sort: RoomSort, placeholder: (index: number) => string): string {
  const p = placeholder
  return `WITH page AS (
      SELECT me.room_id, me.role FROM members me
      JOIN rooms r ON r.id = me.room_id
      LEFT JOIN room_summaries s ON s.room_id = r.id
      WHERE me.person_id = ${p(1)} AND me.room_id = COALESCE(${p(2)}, me.room_id)
        AND r.kind = 'deal' AND r.stage = COALESCE(${p(5)}, r.stage)
      ORDER BY ${ORDER[sort]}
      LIMIT ${p(3)} OFFSET ${p(4)}
    )
    SELECT r.*, p.email AS owner_email, p.name AS owner_name, me.role AS role,
      (SELECT COUNT(*) FROM members m WHERE m.room_id = r.id) AS member_count,
      d.digest, s.due_at, s.valid_until, s.activity_seen_at
    FROM page me
    JOIN rooms r ON r.id = me.room_id
    JOIN people p ON p.id = r.owner_id
    LEFT JOIN room_summaries s ON s.room_id = r.id
    LEFT JOIN room_digests d ON d.room_id = r.id
    ORDER BY ${ORDER[sort]}`
}

/** Placeholders: person, room (or null), stage (or null). */
export const roomCountSql = (placeholder: (index: number) => string): string =>
  `SELECT COUNT(*) AS total FROM members me JOIN rooms r ON r.id = me.room_id
   WHERE me.person_id = ${placeholder(1)} AND me.room_id = COALESCE(${placeholder(2)}, me.room_id)
     AND r.kind = 'deal' AND r.stage = COALESCE(${placeholder(3)}, r.stage)`

/**
 * Rooms whose summary must be computed: open, not claimed by a worker now, and missing, marked
 * due, past its validity, or older than the room's last activity. Placeholder 1 is now.
 */
export const dueRoomsWhere = (now: string): string =>
  `r.closed_at IS NULL AND COALESCE(s.claimed_until, 0) <= ${now}
   AND (s.room_id IS NULL OR s.summarized = 0 OR s.due_at IS NOT NULL
        OR s.valid_until <= ${now} OR r.last_activity_at > s.activity_seen_at)`

/** Storing a digest: the columns, and `due_at` kept only if marked after the digest began. */
export const PUT_DIGEST_SET = `summarized = 1, health_score = EXCLUDED.health_score,
  last_buyer_activity_at = EXCLUDED.last_buyer_activity_at, computed_at = EXCLUDED.computed_at,
  activity_seen_at = EXCLUDED.activity_seen_at, valid_until = EXCLUDED.valid_until,
  claimed_until = 0,
  due_at = CASE WHEN room_summaries.due_at > EXCLUDED.computed_at THEN room_summaries.due_at END`

export const digestJson = (digest: RoomDigest): string => JSON.stringify(digest)

export function toDigest(row: Row): RoomDigest | null {
  const value = row.digest
  return value === null || value === undefined
    ? null
    : (JSON.parse(text(row, 'digest')) as RoomDigest)
}

/** Whether a row's summary is out of date: missing, marked due, expired, or older than an edit. */
export function staleness(
  row: Row,
  digest: RoomDigest | null,
  lastActivityAt: number,
  now: number,
): boolean {
  return (
    digest === null ||
    (row.due_at !== null && row.due_at !== undefined) ||
    Number(row.valid_until) <= now ||
    lastActivityAt > Number(row.activity_seen_at)
  )
}

export function toPageEntry(row: Row, now: number): RoomPageEntry {
  const digest = toDigest(row)
  const room = toRoomOf(row)
  return {
    ...room,
    stage: toRoomStage(row),
    digest,
    stale: staleness(row, digest, room.lastActivityAt, now),
  }
}
