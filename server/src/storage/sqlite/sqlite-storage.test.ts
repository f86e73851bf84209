import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../testing/harness.ts'
import { storageContract } from '../contract/storage-contract.ts'
import { readMigrations } from '../migrations.ts'
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

  it('commits the edits of one turn together, or none of them', async () => {
    const storage = new SqliteStorage(join(tempDir(), 'quorum.sqlite'))
    try {
      storage.inOneCommit(() => {
        storage.appendUpdateSync('room.a', new Uint8Array([1]))
        storage.appendUpdateSync('room.a', new Uint8Array([2]))
      })
      expect(() =>
        storage.inOneCommit(() => {
          storage.appendUpdateSync('room.a', new Uint8Array([3]))
          throw new Error('the turn failed')
        }),
      ).toThrow('the turn failed')
      expect(storage.loadDocumentSync('room.a')?.updates).toEqual([
        new Uint8Array([1]),
        new Uint8Array([2]),
      ])
      // The synchronous compaction the durability extension runs on unload.
      const lastSeq = storage.loadDocumentSync('room.a')?.lastSeq ?? 0
      storage.compactDocumentSync('room.a', new Uint8Array([9]), lastSeq)
      expect(storage.loadDocumentSync('room.a')).toEqual({
        snapshot: new Uint8Array([9]),
        updates: [],
        lastSeq: 0,
      })
    } finally {
      await storage.close()
    }
  })

  it('upgrades a database made by the previous release, keeping its access changes', async () => {
    const file = join(tempDir(), 'quorum.sqlite')
    // The previous release: migrations up to 004, with a change recorded under its schema.
    const old = new Database(file)
    old.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    )
    for (const migration of readMigrations('sqlite').filter((m) => m.version <= 4)) {
      old.exec(migration.sql)
      old
        .prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)')
        .run(migration.version, migration.name, 1)
    }
    old
      .prepare(
        "INSERT INTO access_changes (room_id, person_id, kind, created_at) VALUES ('r1', 'p1', 'revoked', 5)",
      )
      .run()
    old.close()

    const storage = new SqliteStorage(file)
    expect(await storage.accessChangesSince(0)).toEqual([
      { seq: 1, roomId: 'r1', personId: 'p1', kind: 'revoked', createdAt: 5 },
    ])
    // The sequence goes on from the kept rows, and the new kinds and "every room" are accepted.
    expect(
      await storage.recordAccessChange({ roomId: null, personId: 'p1', kind: 'signed-out' }),
    ).toBe(2)
    await storage.close()
  })
})
