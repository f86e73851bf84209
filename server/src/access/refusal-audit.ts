import type { AuditInput, Storage } from '../storage/storage.ts'
import { audit } from './audit.ts'

/** Whether this address is over its limit of refusals (counted across instances with Redis). */
export type RefusalCounter = (address: string) => Promise<{ exceeded: boolean }>

/** How often the refusals counted but not written are summed up in the audit log. */
const SUMMARY_EVERY_MS = 60_000

export interface RefusalAudit {
  /** Writes the refusal to the audit log, or only counts it once its address is over the limit. */
  record(entry: AuditInput): Promise<void>
  /** Writes one summarising row per address for the refusals only counted so far. */
  flush(): Promise<void>
  stop(): Promise<void>
}

/**
 * The audit log of refused collaboration-socket authentications. A client retrying with a bad
 * token would otherwise add a row per attempt, forever: past the limit of its address, refusals
 * are counted, and one row per address and minute (`access.denied.summary`) says how many.
 */
export function refusalAudit(storage: Storage, overLimit: RefusalCounter): RefusalAudit {
  const unwritten = new Map<string, { count: number; since: number; until: number }>()

  async function flush(): Promise<void> {
    const batch = [...unwritten]
    unwritten.clear()
    for (const [address, { count, since, until }] of batch) {
      await audit(storage, {
        roomId: null,
        actor: 'anonymous',
        action: 'access.denied.summary',
        subject: address,
        detail: { refusals: count, since, until },
        ip: address,
      })
    }
  }

  const timer = setInterval(() => {
    flush().catch((error: unknown) => console.error('Writing refusal summaries failed:', error))
  }, SUMMARY_EVERY_MS)
  timer.unref()

  return {
    async record(entry) {
      const address = entry.ip ?? 'unknown'
      const { exceeded } = await overLimit(address).catch(() => ({ exceeded: false }))
      if (!exceeded) {
        await audit(storage, entry)
        return
      }
      const now = Date.now()
      const counted = unwritten.get(address)
      if (counted) {
        counted.count++
        counted.until = now
      } else unwritten.set(address, { count: 1, since: now, until: now })
    },
    flush,
    async stop() {
      clearInterval(timer)
      await flush()
    },
  }
}
