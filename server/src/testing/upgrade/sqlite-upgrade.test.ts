import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readMigrations } from '../../storage/migrations.ts'
import { SqliteStorage } from '../../storage/sqlite/sqlite-storage.ts'
import { tempDir } from '../harness.ts'
import { expectReleaseUpgrades, fixturePath, RELEASES } from './upgrade-checks.ts'

describe('a SQLite file made by an earlier release', () => {
  for (const release of RELEASES) {
    it(`${release}: opens, migrates forward and reads the same`, async () => {
      const file = join(tempDir(), 'quorum.sqlite')
      copyFileSync(fixturePath(release, 'quorum.sqlite'), file)
      const storage = new SqliteStorage(file)
      try {
        const versions = storage.db.prepare('SELECT version FROM schema_migrations').all()
        expect(versions).toHaveLength(readMigrations('sqlite').length)
        await expectReleaseUpgrades(storage, release, 'sqlite')
      } finally {
        await storage.close()
      }
    })
  }
})
