import { describe, expect, it } from 'vitest'
import { sqliteFile } from '../config.ts'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts'
import { connect, seedCast, startTestServer } from '../testing/harness.ts'

describe('refused socket authentications in the audit log', () => {
  it('past 20 from one address in 10 minutes, the rest are summed up in one row instead of a row each', async () => {
    const test = await startTestServer(undefined, { MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: '0' })
    const cast = await seedCast(test.storage)
    for (let attempt = 0; attempt < 26; attempt++) {
      const client = connect(test.wsUrl, cast.roomId, `forged-token-${attempt}`)
      await expect(client.synced).rejects.toThrow(/authentication failed/)
      client.destroy()
    }
    const denied = async (storage: SqliteStorage) =>
      (await storage.listAudit({ limit: 1000 })).filter((entry) =>
        entry.action.startsWith('access.denied'),
      )
    const written = await denied(test.storage)
    expect(written).toHaveLength(20)
    expect(written.every((entry) => entry.action === 'access.denied')).toBe(true)
    expect(written[0]).toMatchObject({ ip: '127.0.0.1', detail: { reason: 'invalid-token' } })

    // The rows not written are summed up (every minute, and when the server stops).
    await test.server.close()
    const reopened = new SqliteStorage(sqliteFile({ dataDir: test.dataDir }))
    try {
      const after = await denied(reopened)
      expect(after).toHaveLength(21)
      expect(after.find((entry) => entry.action === 'access.denied.summary')).toMatchObject({
        subject: '127.0.0.1',
        detail: { refusals: 6 },
      })
    } finally {
      await reopened.close()
    }
  })
})
