import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../testing/harness.ts'
import { readMigrations } from '../migrations.ts'
import { storageContract } from '../storage-contract.ts'
import { SqliteStorage } from './sqlite-storage.ts'

storageContract('sqlite', async () => new SqliteStorage(join(tempDir(), 'quorum.sqlite')))

describe('sqlite driver', () => {
  it('creates the file in WAL mode and applies migrations once across reopenings', async () => {
    const file = join(tempDir(), 'nested', 'quorum.sqlite')
    const first = new SqliteStorage(file)
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal')
    await first.initSetting('kept', 'yes')
    await first.close()
    const second = new SqliteStorage(file)
    expect(await second.getSetting('kept')).toBe('yes')
    expect(second.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({
      n: readMigrations('sqlite').length,
    })
    await second.close()
  })
})
