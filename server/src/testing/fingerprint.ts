import type { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts'

/**
 * What a refused request must leave exactly as it was: every table that holds who may do what,
 * what was sent and what exists. Left out, because they move on their own or record refusals on
 * purpose: the audit log, engagement events, a room's last-activity time, and the documents'
 * bytes (compacted in the background; which documents exist is kept).
 */
const WATCHED: Readonly<Record<string, string>> = {
  people: 'SELECT id, email, name, kind, digest_opt_out FROM people ORDER BY id',
  rooms:
    'SELECT id, title, owner_id, template, closed_at, access_mode, allowed_domains FROM rooms ORDER BY id',
  members: 'SELECT * FROM members ORDER BY room_id, person_id',
  links: 'SELECT * FROM links ORDER BY id',
  sessions: 'SELECT * FROM sessions ORDER BY id_hash',
  access_changes: 'SELECT * FROM access_changes ORDER BY seq',
  revoked_members: 'SELECT * FROM revoked_members ORDER BY room_id, person_id',
  email_codes: 'SELECT * FROM email_codes ORDER BY id',
  outbox: 'SELECT id, to_address, subject FROM outbox ORDER BY id',
  settings: 'SELECT * FROM settings ORDER BY key',
  documents: 'SELECT name FROM documents ORDER BY name',
  api_keys: 'SELECT id, name, scopes, created_by, revoked_at FROM api_keys ORDER BY id',
  calendar_feeds: 'SELECT * FROM calendar_feeds ORDER BY id',
}

export type Fingerprint = ReadonlyMap<string, ReadonlySet<string>>

export function fingerprint(storage: SqliteStorage): Fingerprint {
  const tables = new Map<string, Set<string>>()
  for (const [table, query] of Object.entries(WATCHED)) {
    const rows = storage.db.prepare(query).all()
    tables.set(table, new Set(rows.map((row) => JSON.stringify(row))))
  }
  return tables
}

/** What differs between two fingerprints, one line per table ("members: +1 −0"); [] if nothing. */
export function differences(before: Fingerprint, after: Fingerprint): string[] {
  const lines: string[] = []
  for (const [table, rows] of after) {
    const earlier = before.get(table) ?? new Set<string>()
    const added = [...rows].filter((row) => !earlier.has(row))
    const removed = [...earlier].filter((row) => !rows.has(row))
    if (added.length > 0 || removed.length > 0)
      lines.push(
        `${table}: +${added.length} −${removed.length} ${(added[0] ?? removed[0] ?? '').slice(0, 160)}`,
      )
  }
  return lines
}
