import type { EventPageStore, EventStore } from '../events.ts'
import { eventPageSql } from '../page-queries.ts'
import { int, intOrNull, toEvent } from '../rows.ts'
import type { PostgresDatabase } from './database.ts'

export function postgresEvents(database: PostgresDatabase): EventStore {
  return {
    async appendEvents(events) {
      if (events.length === 0) return
      const values: unknown[] = []
      const tuples = events.map((e, i) => {
        values.push(
          e.roomId,
          e.personId,
          e.side,
          e.kind,
          e.section,
          e.durationMs,
          JSON.stringify(e.detail),
          e.at,
        )
        const base = i * 8
        return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7}, $${base + 8})`
      })
      await database.run(
        `INSERT INTO events (room_id, person_id, side, kind, section, duration_ms, detail, at) VALUES ${tuples.join(', ')}`,
        values,
      )
    },
    async listEvents(filter) {
      if (filter.kinds?.length === 0) return []
      const values: unknown[] = [filter.roomId, filter.since ?? 0]
      const where = ['room_id = $1', 'at >= $2']
      if (filter.before !== undefined) {
        values.push(filter.before)
        where.push(`at < $${values.length}`)
      }
      if (filter.personId !== undefined) {
        values.push(filter.personId)
        where.push(`person_id = $${values.length}`)
      }
      if (filter.kinds !== undefined) {
        values.push([...filter.kinds])
        where.push(`kind = ANY($${values.length}::text[])`)
      }
      const rows = await database.rows(
        `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY at, id`,
        values,
      )
      return rows.map(toEvent)
    },
    async hasEvents(roomId, personId) {
      return (
        (await database.row(
          'SELECT 1 AS one FROM events WHERE room_id = $1 AND person_id = $2 LIMIT 1',
          [roomId, personId],
        )) !== undefined
      )
    },
    async digestState(personId) {
      const row = await database.row(
        'SELECT digest_sent_at, digest_opt_out FROM people WHERE id = $1',
        [personId],
      )
      return {
        sentAt: row ? intOrNull(row, 'digest_sent_at') : null,
        optOut: row ? int(row, 'digest_opt_out') === 1 : false,
      }
    },
    async setDigestState(personId, patch) {
      if (patch.sentAt !== undefined)
        await database.run('UPDATE people SET digest_sent_at = $1 WHERE id = $2', [
          patch.sentAt,
          personId,
        ])
      if (patch.optOut !== undefined)
        await database.run('UPDATE people SET digest_opt_out = $1 WHERE id = $2', [
          patch.optOut ? 1 : 0,
          personId,
        ])
    },
  }
}

export function postgresEventPages(database: PostgresDatabase): EventPageStore {
  return {
    async listEventPage(query) {
      if (query.kinds?.length === 0) return []
      const { sql, values } = eventPageSql(query, (index) => `$${index}`)
      return (await database.rows(sql, values)).map((row) => ({
        ...toEvent(row),
        id: int(row, 'id'),
      }))
    },
  }
}
