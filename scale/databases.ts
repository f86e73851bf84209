import IORedis from 'ioredis'
import pg from 'pg'
import { onTestFinished } from 'vitest'
import { newId } from '../shared/src/ids.ts'

/** The server the suite creates its databases on (trust auth on this machine and CI's). */
export const ADMIN_URL =
  process.env.QUORUM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
export const REDIS_URL = process.env.QUORUM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A fresh, empty database for one test, dropped when the test ends (connections closed first). */
export async function freshDatabase(): Promise<string> {
  const name = `quorum_test_${newId(10).toLowerCase()}`
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  onTestFinished(async () => {
    const cleanup = new pg.Client({ connectionString: ADMIN_URL })
    await cleanup.connect()
    try {
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    } finally {
      await cleanup.end()
    }
  })
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

/** A Redis key prefix of its own; its keys are deleted when the test ends. */
export function freshRedisPrefix(): string {
  const prefix = `quorum-test-${newId(10)}`
  onTestFinished(async () => {
    const redis = new IORedis(REDIS_URL)
    try {
      let cursor = '0'
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
        cursor = next
        if (keys.length) await redis.del(...keys)
      } while (cursor !== '0')
    } finally {
      redis.disconnect()
    }
  })
  return prefix
}
