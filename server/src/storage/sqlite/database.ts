import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { readMigrations } from '../migrations.ts'
import { int, type Row } from '../rows.ts'

/** Opens (creating if needed) the SQLite file in WAL mode and applies the migrations it lacks. */
export function openSqliteDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  // NORMAL in WAL mode: a commit survives a crash of the process (the acknowledged-edit
  // guarantee); FULL would also survive power loss at the cost of an fsync per update.
  db.pragma(`synchronous = ${process.env.QUORUM_SQLITE_SYNC === 'full' ? 'FULL' : 'NORMAL'}`)
  db.pragma('busy_timeout = 5000')
  // Rooms are read once when they load and then live in memory; the OS caches the file too. The
  // page cache (4 MiB) is sized for what is read on every request: a seller's room list sorts
  // their rooms' narrow summary rows, about 2 MiB of pages at 10,000 rooms.
  db.pragma('cache_size = -4096')
  migrate(db)
  db.pragma('foreign_keys = ON')
  return db
}

/**
 * Applies the migrations a file lacks, each in a transaction, with foreign keys off (SQLite's way
 * to rebuild a table others refer to: dropping it would otherwise cascade) and checked after.
 */
function migrate(db: Database.Database): void {
  db.pragma('foreign_keys = OFF')
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  )
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .all()
      .map((row) => int(row as Row, 'version')),
  )
  const missing = readMigrations('sqlite').filter((migration) => !applied.has(migration.version))
  for (const migration of missing) {
    db.transaction(() => {
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      )
    }).immediate()
  }
  if (missing.length === 0) return
  const broken = db.pragma('foreign_key_check') as unknown[]
  if (broken.length > 0)
    throw new Error(`A migration left ${broken.length} rows referring to missing rows`)
}
