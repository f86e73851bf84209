import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { addSeller } from '../access/people.ts'
import { createRoom } from '../collaboration/rooms.ts'
import { sqliteFile } from '../config.ts'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts'
import { spawnServer } from '../testing/child.ts'
import { eventually, tempDir } from '../testing/harness.ts'
import { webhookReceiver } from '../testing/webhook-receiver.ts'

const BIN = fileURLToPath(new URL('../../../bin/quorum.js', import.meta.url))
const run = promisify(execFile)

/** `quorum …` in its own process over `dataDir`, as an operator runs it; its JSON output. */
async function quorumJson(dataDir: string, ...args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, [BIN, ...args, '--json'], {
    env: { ...process.env, DATA_DIR: dataDir, WEBHOOK_ALLOW_PRIVATE: '1' },
  })
  return JSON.parse(stdout)
}

const SERVER_ENV = {
  WEBHOOK_ALLOW_PRIVATE: '1',
  WEBHOOK_FIRST_RETRY_MS: '100',
  WEBHOOK_TIMEOUT_MS: '1000',
  // As in production: delivery in its own thread (the test runner's default is inline).
  WEBHOOK_DELIVERY: 'thread',
}

describe('webhooks across a crash', () => {
  it('deliveries pending when the server is SIGKILLed are delivered after restart, none lost (set up with the CLI)', async () => {
    const dataDir = tempDir()
    const receiver = await webhookReceiver()
    receiver.setFailing(true)
    const added = (await quorumJson(
      dataDir,
      'webhook',
      'add',
      '--url',
      receiver.url,
      '--events',
      'room.created,room.closed',
    )) as { id: string; secret: string }
    expect(Object.keys(added).sort()).toEqual(['id', 'secret'])
    expect(added.secret).toMatch(/^whsec_/)
    receiver.trust(added.secret)

    const first = await spawnServer(dataDir, SERVER_ENV)
    const storage = new SqliteStorage(sqliteFile({ dataDir }))
    try {
      await addSeller(storage, 'http://quorum.test', { email: 'sam@vendor.test', name: 'Sam' })
      const rooms = []
      for (let i = 0; i < 5; i++)
        rooms.push(await createRoom(storage, { ownerEmail: 'sam@vendor.test', title: `Deal ${i}` }))
      // The server tries, the receiver is down: every delivery pending, some tried already.
      await eventually(() => expect(receiver.answered()).toBeGreaterThanOrEqual(5), 30_000)
      first.process.kill('SIGKILL')
      await first.exited

      const pending = (await quorumJson(
        dataDir,
        'webhook',
        'deliveries',
        '--id',
        added.id,
      )) as Array<Record<string, unknown>>
      expect(pending).toHaveLength(5)
      for (const delivery of pending) {
        expect(Object.keys(delivery).sort()).toEqual(['attempts', 'eventId', 'status', 'type'])
        expect(delivery).toMatchObject({ type: 'room.created', status: 'pending' })
      }
      expect(receiver.received).toEqual([])

      receiver.setFailing(false)
      await spawnServer(dataDir, SERVER_ENV)
      await eventually(() => expect(receiver.received).toHaveLength(5), 30_000)
      expect(
        receiver.received.map((r) => (r.payload.data.room as { title: string }).title).sort(),
      ).toEqual(rooms.map((room) => room.title).sort())
      expect(new Set(receiver.received.map((r) => r.id))).toEqual(
        new Set(pending.map((delivery) => delivery.eventId)),
      )
      // The log is written once each answer is back, just after the receiver has the event.
      const delivered = await eventually(async () => {
        const log = (await quorumJson(
          dataDir,
          'webhook',
          'deliveries',
          '--id',
          added.id,
        )) as Array<{
          status: string
          attempts: number
        }>
        expect(log.every((delivery) => delivery.status === 'delivered')).toBe(true)
        return log
      }, 30_000)
      // Tried before the kill and again after it (one not yet tried at the kill goes out at once).
      expect(delivered.some((delivery) => delivery.attempts >= 2)).toBe(true)
    } finally {
      await storage.close()
    }
    // Three CLI runs and two server starts: slow on a busy machine.
  }, 120_000)
})
