import type { RoomSort } from '../../../shared/src/api/rooms.ts'
import { roomFilterSql } from './room-filters.ts'
import { type Row, text, toRoomOf } from './rows.ts'
import { toRoomStage } from './stage-rows.ts'
import type { RoomDigest, RoomPageEntry, RoomPageQuery } from './summaries.ts'

/**
 * SQL and row mapping shared by both drivers' summary stores: the same tables, the same order.
 * Health is the seller team's: for another role, or a closed room, it sorts last.
 */
const ORDER: Record<RoomSort, string> = {
  activity: 'r.last_activity_at DESC, r.id',
  health: `CASE WHEN r.closed_at IS NULL AND me.role IN ('owner', 'co-owner', 'seller') THEN s.health_score END
    ASC NULLS LAST, r.last_activity_at DESC, r.id`,
  title: 'lower(r.title), r.id',
  'buyer-activity': 's.last_buyer_activity_at DESC NULLS LAST, r.last_activity_at DESC, r.id',
  'close-date': 's.close_date ASC NULLS LAST, r.last_activity_at DESC, r.id',
}

type Value = string | number

/**
 * A page of a person's rooms: the page's rooms are chosen, filtered and sorted on the narrow join
 * first, then only they are joined with their owner and counted. The page's rows carry the count
 * of the whole list (`total`, from the same scan); `count` is for a page past the end, which has
 * no row to carry it.
 */
export function roomPageSql(
  query: RoomPageQuery,
  placeholder: (index: number) => string,
): { page: { sql: string; values: Value[] }; count: { sql: string; values: Value[] } } {
  const values: Value[] = []
  const next = (value: Value) => {
    values.push(value)
    return placeholder(values.length)
  }
  // The rooms behind templates are not deals and never listed.
  const where = [`me.person_id = ${next(query.personId)}`, "r.kind = 'deal'"]
  if (query.roomId) where.push(`me.room_id = ${next(query.roomId)}`)
  where.push(...roomFilterSql(query.filter ?? {}, next))
  const from = `FROM members me
      JOIN rooms r ON r.id = me.room_id
      LEFT JOIN room_summaries s ON s.room_id = r.id
      WHERE ${where.join(' AND ')}`
  const count = { sql: `SELECT COUNT(*) AS total ${from}`, values: [...values] }
  const limit = next(query.limit)
  const offset = next(query.offset)
  const sql = `WITH page AS (
      SELECT me.room_id, me.role, COUNT(*) OVER () AS total ${from}
      ORDER BY ${ORDER[query.sort]}
      LIMIT ${limit} OFFSET ${offset}
    )
    SELECT r.*, p.email AS owner_email, p.name AS owner_name, me.role AS role, me.total,
      (SELECT COUNT(*) FROM members m WHERE m.room_id = r.id) AS member_count,
      d.digest, s.due_at, s.valid_until, s.activity_seen_at, s.buyer_org, s.close_date
    FROM page me
    JOIN rooms r ON r.id = me.room_id
    JOIN people p ON p.id = r.owner_id
    LEFT JOIN room_summaries s ON s.room_id = r.id
    LEFT JOIN room_digests d ON d.room_id = r.id
    ORDER BY ${ORDER[query.sort]}`
  return { page: { sql, values }, count }
}

/**
 * The owners of a person's rooms, by name. Rooms are owned by the team (a teammate removed hands
 * their rooms on), so each teammate is asked whether they own one of the person's rooms, through
 * the rooms' owner index, instead of reading every room of the person. Placeholder 1: the person.
 */
export const roomOwnersSql = (placeholder: (index: number) => string): string =>
  `SELECT p.id, p.name FROM team_members t JOIN people p ON p.id = t.person_id
     WHERE EXISTS (SELECT 1 FROM rooms r JOIN members me ON me.room_id = r.id
       WHERE r.owner_id = t.person_id AND r.kind = 'deal' AND me.person_id = ${placeholder(1)})
     ORDER BY p.name, p.id`

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
  buyer_org = EXCLUDED.buyer_org, close_date = EXCLUDED.close_date,
  alert_count = EXCLUDED.alert_count,
  last_buyer_activity_at = EXCLUDED.last_buyer_activity_at, computed_at = EXCLUDED.computed_at,
  activity_seen_at = EXCLUDED.activity_seen_at, valid_until = EXCLUDED.valid_until,
  claimed_until = 0,
  due_at = CASE WHEN room_summaries.due_at > EXCLUDED.computed_at THEN room_summaries.due_at END`

export const digestJson = (digest: RoomDigest): string => JSON.stringify(digest)

export function toDigest(row: Row): RoomDigest | null {
  const value = row.digest
  if (value === null || value === undefined) return null
  // Summaries stored before the room list's filters lack the buyer and close date until redone.
  const stored = JSON.parse(text(row, 'digest')) as Omit<RoomDigest, 'buyerOrg' | 'closeDate'> &
    Partial<Pick<RoomDigest, 'buyerOrg' | 'closeDate'>>
  return { ...stored, buyerOrg: stored.buyerOrg ?? '', closeDate: stored.closeDate ?? null }
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
    buyerOrg: typeof row.buyer_org === 'string' ? row.buyer_org : '',
    closeDate: typeof row.close_date === 'string' ? row.close_date : null,
    digest,
    stale: staleness(row, digest, room.lastActivityAt, now),
  }
}
