import { Problem } from '../errors.ts'

/**
 * Fixed-window counters kept in memory: enough to stop guessing and mail bombing from one
 * address or at one e-mail. Each instance counts its own traffic.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>()

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one hit for each key; throws a 429-style problem when any key is over its limit. */
  hit(...keys: Array<string | null | undefined>): void {
    const now = Date.now()
    if (this.windows.size > 50_000) this.sweep(now)
    for (const key of keys) {
      if (!key) continue
      const window = this.windows.get(key)
      if (!window || now - window.start >= this.windowMs) {
        this.windows.set(key, { start: now, count: 1 })
        continue
      }
      window.count++
      if (window.count > this.limit) {
        const wait = Math.ceil((window.start + this.windowMs - now) / 60_000)
        throw new Problem(
          'rate-limited',
          `Too many attempts. Please wait ${wait} minute${wait === 1 ? '' : 's'} and try again.`,
        )
      }
    }
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows)
      if (now - window.start >= this.windowMs) this.windows.delete(key)
  }
}
