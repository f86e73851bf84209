import { describe, expect, it } from 'vitest'
import { OPERATOR } from '../server/src/access/change-access.ts'
import { addSeller } from '../server/src/access/people.ts'
import { closeRoom } from '../server/src/access/revocation.ts'
import { createRoom } from '../server/src/collaboration/rooms.ts'
import { subscribe } from '../server/src/integrations/subscriptions.ts'
import { PostgresStorage } from '../server/src/storage/postgres/postgres-storage.ts'
import { spawnServer } from '../server/src/testing/child.ts'
import { eventually, tempDir } from '../server/src/testing/harness.ts'
import { webhookReceiver } from '../server/src/testing/webhook-receiver.ts'
import { freshDatabase } from './databases.ts'

describe('webhooks with several instances on PostgreSQL', () => {
  it('each delivery is made by one instance: none twice, every room in order', async () => {
    const databaseUrl = await freshDatabase()
    const storage = await PostgresStorage.open(databaseUrl)
    try {
      const receiver = await webhookReceiver()
      const { secret } = await subscribe(
        storage,
        { webhookAllowPrivate: true },
        { url: receiver.url, events: ['room.created', 'room.closed'], createdBy: OPERATOR },
      )
      receiver.trust(secret)
      const env = {
        DATABASE_URL: databaseUrl,
        WEBHOOK_ALLOW_PRIVATE: '1',
        WEBHOOK_DELIVERY: 'thread',
      }
      await Promise.all([spawnServer(tempDir(), env), spawnServer(tempDir(), env)])

      await addSeller(storage, 'http://quorum.test', { email: 'sam@vendor.test', name: 'Sam' })
      const rooms: string[] = []
      for (let i = 0; i < 30; i++) {
        const room = await createRoom(storage, {
          ownerEmail: 'sam@vendor.test',
          title: `Deal ${i}`,
        })
        rooms.push(room.id)
        await closeRoom(storage, room.id, { id: OPERATOR, ip: null })
      }
      await eventually(() => expect(receiver.received.length).toBeGreaterThanOrEqual(60), 30_000)
      // Whatever else arrives would have arrived by the time both have looked again.
      const settled = receiver.answered()
      await eventually(async () => {
        const log = await storage.listDeliveries((await storage.listSubscriptions())[0]?.id ?? '', {
          limit: 100,
        })
        expect(log.filter((delivery) => delivery.status === 'delivered')).toHaveLength(60)
      })
      expect(receiver.answered()).toBe(settled)

      const ids = receiver.received.map((r) => r.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids).toHaveLength(60)
      for (const roomId of rooms) {
        const types = receiver.received
          .filter((r) => (r.payload.data.room as { id: string }).id === roomId)
          .map((r) => r.type)
        expect(types, roomId).toEqual(['room.created', 'room.closed'])
      }
    } finally {
      await storage.close()
    }
  })
})
