import type Database from 'better-sqlite3'
import type { EventPageStore, EventStore } from '../events.ts'
import { eventPageSql } from '../page-queries.ts'
import { int, intOrNull, type Row, toEvent } from '../rows.ts'

export function sqliteEvents(db: Database.Database): EventStore {
  const insertEvent = db.prepare(
    'INSERT INTO events (room_id, person_id, side, kind, section, duration_ms, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  return {
    async appendEvents(events) {
      db.transaction(() => {
        for (const e of events)
          insertEvent.run(
            e.roomId,
            e.personId,
            e.side,
            e.kind,
            e.section,
            e.durationMs,
            JSON.stringify(e.detail),
            e.at,
          )
      })()
    },
    async listEvents(filter) {
      if (filter.kinds?.length === 0) return []
      const where = ['room_id = ?', 'at >= ?']
      const values: Array<string | number> = [filter.roomId, filter.since ?? 0]
      if (filter.before !== undefined) {
        where.push('at < ?')
        values.push(filter.before)
      }
      if (filter.personId !== undefined) {
        where.push('person_id = ?')
        values.push(filter.personId)
      }
      if (filter.kinds !== undefined) {
        where.push(`kind IN (${filter.kinds.map(() => '?').join(', ')})`)
        values.push(...filter.kinds)
      }
      const rows = db
        .prepare(`SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY at, id`)
        .all(...values) as Row[]
      return rows.map(toEvent)
    },
    async hasEvents(roomId, personId) {
      return (
        db
          .prepare('SELECT 1 FROM events WHERE room_id = ? AND person_id = ? LIMIT 1')
          .get(roomId, personId) !== undefined
      )
    },
    async digestState(personId) {
      const row = db
        .prepare('SELECT digest_sent_at, digest_opt_out FROM people WHERE id = ?')
        .get(personId) as Row | undefined
      return {
        sentAt: row ? intOrNull(row, 'digest_sent_at') : null,
        optOut: row ? int(row, 'digest_opt_out') === 1 : false,
      }
    },
    async setDigestState(personId, patch) {
      if (patch.sentAt !== undefined)
        db.prepare('UPDATE people SET digest_sent_at = ? WHERE id = ?').run(patch.sentAt, personId)
      if (patch.optOut !== undefined)
        db.prepare('UPDATE people SET digest_opt_out = ? WHERE id = ?').run(
          patch.optOut ? 1 : 0,
          personId,
        )
    },
  }
}

export function sqliteEventPages(db: Database.Database): EventPageStore {
  return {
    async listEventPage(query) {
      if (query.kinds?.length === 0) return []
      const { sql, values } = eventPageSql(query, () => '?')
      return (db.prepare(sql).all(...values) as Row[]).map((row) => ({
        ...toEvent(row),
        id: int(row, 'id'),
      }))
    },
  }
}
