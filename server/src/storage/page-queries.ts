import type { EventPageQuery } from './events.ts'
import type { Row } from './rows.ts'
import { toSummary } from './rows.ts'
import type { InstanceRoomEntry, InstanceRoomQuery } from './summaries.ts'
import { staleness, toDigest } from './summary-rows.ts'

/**
 * The public API's paged reads, as SQL both drivers run (they differ only in placeholders):
 * conditions are added only for the filters given, so no parameter is ever an untyped null.
 */
type Placeholder = (index: number) => string
type Value = string | number

export function eventPageSql(
  query: EventPageQuery,
  placeholder: Placeholder,
): { sql: string; values: Value[] } {
  const values: Value[] = [query.roomId, query.afterId]
  const next = (value: Value) => {
    values.push(value)
    return placeholder(values.length)
  }
  const where = [`room_id = ${placeholder(1)}`, `id > ${placeholder(2)}`]
  if (query.since !== undefined) where.push(`at >= ${next(query.since)}`)
  if (query.before !== undefined) where.push(`at < ${next(query.before)}`)
  if (query.kinds !== undefined)
    where.push(`kind IN (${query.kinds.map((kind) => next(kind)).join(', ')})`)
  const limit = next(query.limit)
  return {
    sql: `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${limit}`,
    values,
  }
}

export function instanceRoomsSql(
  query: InstanceRoomQuery,
  placeholder: Placeholder,
): { sql: string; values: Value[] } {
  const values: Value[] = []
  const next = (value: Value) => {
    values.push(value)
    return placeholder(values.length)
  }
  // The rooms behind templates are not deals.
  const where: string[] = ["r.kind = 'deal'"]
  if (query.closed !== null)
    where.push(query.closed ? 'r.closed_at IS NOT NULL' : 'r.closed_at IS NULL')
  if (query.ownerId !== null) where.push(`r.owner_id = ${next(query.ownerId)}`)
  if (query.activeSince !== null) where.push(`r.last_activity_at >= ${next(query.activeSince)}`)
  if (query.after !== null) {
    const at = next(query.after.createdAt)
    const same = next(query.after.createdAt)
    where.push(
      `(r.created_at < ${at} OR (r.created_at = ${same} AND r.id > ${next(query.after.id)}))`,
    )
  }
  const limit = next(query.limit)
  return {
    sql: `SELECT r.*, p.email AS owner_email, p.name AS owner_name,
        (SELECT COUNT(*) FROM members m WHERE m.room_id = r.id) AS member_count,
        d.digest, s.due_at, s.valid_until, s.activity_seen_at
      FROM rooms r
      JOIN people p ON p.id = r.owner_id
      LEFT JOIN room_summaries s ON s.room_id = r.id
      LEFT JOIN room_digests d ON d.room_id = r.id
      WHERE ${where.join(' AND ')}
      ORDER BY r.created_at DESC, r.id
      LIMIT ${limit}`,
    values,
  }
}

export function toInstanceRoom(row: Row, now: number): InstanceRoomEntry {
  const digest = toDigest(row)
  const room = toSummary(row)
  return { ...room, digest, stale: staleness(row, digest, room.lastActivityAt, now) }
}
