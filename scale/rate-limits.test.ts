import { describe, expect, it } from 'vitest'
import { PostgresStorage } from '../server/src/storage/postgres/postgres-storage.ts'
import { spawnServer } from '../server/src/testing/child.ts'
import { connect, seedCast, tempDir } from '../server/src/testing/harness.ts'
import { freshDatabase, freshRedisPrefix, REDIS_URL } from './databases.ts'

const signIn = (port: number, email: string) =>
  fetch(`http://127.0.0.1:${port}/api/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-quorum-csrf': '1' },
    body: JSON.stringify({ email }),
  })

describe('rate limits shared through Redis by several instances', () => {
  it('sign-in links: five per e-mail an hour across both instances, not five on each', async () => {
    const databaseUrl = await freshDatabase()
    const env = { DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: freshRedisPrefix() }
    const [a, b] = [await spawnServer(tempDir(), env), await spawnServer(tempDir(), env)]
    const statuses: number[] = []
    for (const port of [a.port, b.port, a.port, b.port, a.port, b.port, a.port])
      statuses.push((await signIn(port, 'dana@buyer.test')).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429])
    const refused = (await (await signIn(b.port, 'dana@buyer.test')).json()) as {
      error: { code: string; message: string }
    }
    expect(refused.error).toMatchObject({
      code: 'rate-limited',
      message: expect.stringMatching(
        /^Too many attempts\. Please wait \d+ minutes? and try again\.$/,
      ),
    })
  })

  it('refused socket authentications: the audit rows stop at the limit, counted over both instances', async () => {
    const databaseUrl = await freshDatabase()
    const storage = await PostgresStorage.open(databaseUrl)
    try {
      const env = {
        DATABASE_URL: databaseUrl,
        REDIS_URL,
        REDIS_PREFIX: freshRedisPrefix(),
        MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: '0',
      }
      const [a, b] = [await spawnServer(tempDir(), env), await spawnServer(tempDir(), env)]
      const cast = await seedCast(storage)
      for (let attempt = 0; attempt < 30; attempt++) {
        const client = connect(attempt % 2 ? b.wsUrl : a.wsUrl, cast.roomId, `forged-${attempt}`)
        await expect(client.synced).rejects.toThrow(/authentication failed/)
        client.destroy()
      }
      const rows = (await storage.listAudit({ limit: 1000 })).filter(
        (entry) => entry.action === 'access.denied',
      )
      expect(rows).toHaveLength(20)
    } finally {
      await storage.close()
    }
  })
})
