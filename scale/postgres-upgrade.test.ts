import { readFileSync } from 'node:fs'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { readMigrations } from '../server/src/storage/migrations.ts'
import { PostgresStorage } from '../server/src/storage/postgres/postgres-storage.ts'
import {
  expectReleaseUpgrades,
  fixturePath,
  RELEASES,
} from '../server/src/testing/upgrade/upgrade-checks.ts'
import { freshDatabase } from './databases.ts'

describe('a PostgreSQL database made by an earlier release', () => {
  for (const release of RELEASES) {
    it(`${release}: opens, migrates forward and reads the same`, async () => {
      const url = await freshDatabase()
      const restore = new pg.Client({ connectionString: url })
      await restore.connect()
      try {
        await restore.query(readFileSync(fixturePath(release, 'postgres.sql'), 'utf8'))
      } finally {
        await restore.end()
      }
      const storage = await PostgresStorage.open(url)
      try {
        const versions = await storage.pool.query('SELECT version FROM schema_migrations')
        expect(versions.rowCount).toBe(readMigrations('postgres').length)
        await expectReleaseUpgrades(storage, release, 'postgres')
      } finally {
        await storage.close()
      }
    })
  }
})
