import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, it } from 'vitest'
import { tempDir } from '../../testing/harness.ts'
import { readMigrations } from '../migrations.ts'
import { SqliteStorage } from './sqlite-storage.ts'

it('the CRM migration rebuilds the subscriptions table without losing a subscription, its types or its deliveries', async () => {
  const file = join(tempDir(), 'quorum.sqlite')
  // A file as the release before the CRM connections left it (migrations 1–9), with a webhook.
  const db = new Database(file)
  db.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  )
  for (const migration of readMigrations('sqlite').filter((each) => each.version <= 9)) {
    db.exec(migration.sql)
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(
      migration.version,
      migration.name,
    )
  }
  db.exec(`
    INSERT INTO webhook_subscriptions (id, kind, url, secret, created_by, created_at)
      VALUES ('sub1', 'webhook', 'https://hooks.example/a', 'whsec_a', 'seller1', 1000);
    INSERT INTO webhook_subscription_types VALUES ('sub1', 'room.closed');
    INSERT INTO webhook_events (id, type, room_id, data, at) VALUES ('evt_1', 'room.closed', 'room1', '{}', 2000);
    INSERT INTO webhook_deliveries (id, subscription_id, event_seq, room_id, status, next_attempt_at, created_at)
      VALUES ('sub1-1', 'sub1', 1, 'room1', 'pending', 0, 2000);
  `)
  db.close()

  const storage = new SqliteStorage(file)
  try {
    expect(await storage.getSubscription('sub1')).toMatchObject({
      kind: 'webhook',
      url: 'https://hooks.example/a',
      events: ['room.closed'],
    })
    expect((await storage.listDeliveries('sub1', { limit: 5 })).map((each) => each.id)).toEqual([
      'sub1-1',
    ])
    // The new kinds are accepted, and deleting a subscription still takes its deliveries along.
    await storage.createSubscription({
      id: 'hub',
      kind: 'hubspot',
      url: 'https://api.hubapi.com',
      events: ['room.closed'],
      secret: '{}',
      createdBy: 'seller1',
    })
    expect(await storage.deleteSubscription('sub1')).toBe(true)
    expect(
      storage.db.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries').get() as { n: number },
    ).toEqual({ n: 0 })
  } finally {
    await storage.close()
  }
})
