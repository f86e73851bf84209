import pg from 'pg'
import { readMigrations } from '../migrations.ts'
import type { Row } from '../rows.ts'

// BIGINT columns hold epoch milliseconds and sequence numbers: well inside 2^53.
pg.types.setTypeParser(20, (value) => Number(value))

/** Lock id serialising migrations when several instances start at once. */
const MIGRATION_LOCK = 7_405_811

/** One pool of connections and the few ways the stores query through it. */
export class PostgresDatabase {
  readonly pool: pg.Pool

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 10 })
    this.pool.on('error', (error) => console.error('PostgreSQL pool error:', error.message))
  }

  async rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, params)).rows as Row[]
  }

  async row(sql: string, params: unknown[] = []): Promise<Row | undefined> {
    return (await this.rows(sql, params))[0]
  }

  /** Runs a statement; how many rows it changed. */
  async count(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.pool.query(sql, params)).rowCount ?? 0
  }

  async run(sql: string, params: unknown[] = []): Promise<void> {
    await this.pool.query(sql, params)
  }

  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }

  /** Applies the migrations the database lacks, one instance at a time. */
  async migrate(): Promise<void> {
    const client = await this.pool.connect()
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      )
      const applied = new Set(
        (await client.query('SELECT version FROM schema_migrations')).rows.map((row) =>
          Number(row.version),
        ),
      )
      for (const migration of readMigrations('postgres')) {
        if (applied.has(migration.version)) continue
        await client.query('BEGIN')
        try {
          await client.query(migration.sql)
          await client.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
            [migration.version, migration.name, Date.now()],
          )
          await client.query('COMMIT')
        } catch (error) {
          await client.query('ROLLBACK')
          throw error
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
      client.release()
    }
  }

  close(): Promise<void> {
    return this.pool.end()
  }
}
