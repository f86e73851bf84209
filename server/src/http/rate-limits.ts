import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Redis } from 'ioredis'
import { Problem } from '../errors.ts'

const HOUR = 60 * 60 * 1000

/** A fixed-window counter per key, shared by every instance when REDIS_URL is set. */
export type Counter = (key: string) => Promise<{ exceeded: boolean; resetMs: number }>

/** Counts one hit for each key; refuses with a 429 problem when any key is over its limit. */
export type Limit = (...keys: Array<string | null | undefined>) => Promise<void>

export interface RateLimits {
  /** Sign-in links, per address and per e-mail. */
  signIn: Limit
  /** Join codes asked for, per address and per e-mail. */
  codeRequest: Limit
  /** Join codes checked, per address. */
  codeCheck: Limit
  /** Invitations sent, per address and per person. */
  invite: Limit
  /** Sign-ins started at the identity provider (SSO), per address: a whole office may share one. */
  ssoStart: Limit
  /** Refused collaboration-socket authentications, per client address (audit rows past it). */
  socketRefusals: Counter
  close(): Promise<void>
}

/**
 * The limits of sign-in, join codes, invitations and refused socket authentications, on
 * @fastify/rate-limit: in memory, or in Redis (REDIS_URL) so that every instance counts the same
 * traffic. A Redis outage lets requests through (and is logged) rather than refusing every
 * sign-in.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  options: { redisUrl: string | undefined; redisPrefix: string },
): Promise<RateLimits> {
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false })
    : undefined
  redis?.on('error', (error: Error) => app.log.warn({ err: error }, 'Rate-limit Redis error'))
  await app.register(rateLimit, {
    global: false,
    skipOnError: true,
    // Keys are addresses and e-mail addresses: enough room that a flood of new ones does not
    // evict the counts of the ones under attack.
    cache: 50_000,
    ...(redis ? { redis, nameSpace: `${options.redisPrefix}:rate-limit:` } : {}),
  })

  function counter(name: string, max: number, windowMs: number): Counter {
    const keyOf = new WeakMap<object, string>()
    const limiter = app.createRateLimit({
      max,
      timeWindow: windowMs,
      keyGenerator: (subject) => keyOf.get(subject) ?? '',
    })
    return async (key) => {
      // The limiter reads only the key (through keyGenerator) and `routeOptions.config` of the
      // request it is given: these limits count e-mail addresses and people, not requests.
      const subject = { routeOptions: { config: {} } }
      keyOf.set(subject, `${name}:${key}`)
      const verdict = await limiter(subject as unknown as FastifyRequest)
      if (verdict.isAllowed) return { exceeded: false, resetMs: 0 }
      return { exceeded: verdict.isExceeded, resetMs: verdict.ttl }
    }
  }

  function limit(name: string, max: number, windowMs: number): Limit {
    const count = counter(name, max, windowMs)
    return async (...keys) => {
      for (const key of keys) {
        if (!key) continue
        const { exceeded, resetMs } = await count(key)
        if (exceeded) {
          const wait = Math.max(1, Math.ceil(resetMs / 60_000))
          throw new Problem(
            'rate-limited',
            `Too many attempts. Please wait ${wait} minute${wait === 1 ? '' : 's'} and try again.`,
          )
        }
      }
    }
  }

  return {
    signIn: limit('signin', 5, HOUR),
    codeRequest: limit('code-request', 5, HOUR),
    codeCheck: limit('code-check', 20, HOUR),
    invite: limit('invite', 50, HOUR),
    ssoStart: limit('sso-start', 120, HOUR),
    socketRefusals: counter('socket-refusal', 20, 10 * 60_000),
    async close() {
      await redis?.quit().catch(() => redis.disconnect())
    },
  }
}
