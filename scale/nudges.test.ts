import { describe, expect, it } from 'vitest'
import { createMailer } from '../server/src/access/mail.ts'
import { tokenSecret } from '../server/src/access/tokens.ts'
import { sendNudges } from '../server/src/signals/nudges.ts'
import { PostgresStorage } from '../server/src/storage/postgres/postgres-storage.ts'
import { calendar } from '../server/src/testing/guidance.ts'
import { seedCast } from '../server/src/testing/harness.ts'
import { freshDatabase } from './databases.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('nudges with several instances on PostgreSQL', () => {
  it('instances sweeping at the same moment send each reminder once, one mail per person a day', async () => {
    const clock = calendar('2026-06-01T09:00:00Z')
    const url = await freshDatabase()
    // Two instances: each its own pool, as two processes would have.
    const instances = [await PostgresStorage.open(url), await PostgresStorage.open(url)]
    const [first] = instances
    if (!first) throw new Error('no storage')
    try {
      const casts = [await seedCast(first, '-a'), await seedCast(first, '-b')]
      const secret = await tokenSecret(first)
      const sweepAll = async (offset: number) => {
        const now = clock.at(offset)
        const sent = await Promise.all(
          [...instances, ...instances].map((storage) =>
            sendNudges(storage, createMailer(storage, { smtpUrl: undefined, from: 'q@test' }), {
              publicUrl: 'http://quorum.test',
              secret,
              now,
            }),
          ),
        )
        return sent.reduce((sum, n) => sum + n, 0)
      }
      const invited = casts.flatMap((cast) => [cast.champion, cast.stakeholder, cast.viewer])

      expect(await sweepAll(DAY)).toBe(0)
      // Four sweeps at once, two per instance: six people, six mails.
      expect(await sweepAll(2 * DAY + HOUR)).toBe(6)
      expect(await sweepAll(2 * DAY + 2 * HOUR)).toBe(0)
      expect(await sweepAll(5 * DAY + HOUR)).toBe(6)
      expect(await sweepAll(6 * DAY + HOUR)).toBe(0)
      const mails = (await first.listOutbox(100)).filter((mail) =>
        mail.subject.startsWith('A reminder'),
      )
      // Each person got the 2-day and the 5-day reminder, once each.
      expect(mails.map((mail) => mail.to).sort()).toEqual([...invited, ...invited].sort())
    } finally {
      await Promise.all(instances.map((storage) => storage.close()))
    }
  }, 120_000)
})
