import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ApiScope } from '../../../shared/src/api/apikeys.ts'
import type { Actor } from '../access/change-access.ts'
import { Problem, RetryLater } from '../errors.ts'
import { activeKey, keyActorId } from '../integrations/api-keys.ts'
import type { ApiKey, Storage } from '../storage/storage.ts'
import { clientIp } from './room-access.ts'

/** Who calls the public API: the key, and the actor its changes are made and audited as. */
export interface ApiCaller {
  key: ApiKey
  actor: Actor
}

type Authenticate = (request: FastifyRequest, scope: ApiScope) => Promise<ApiCaller>

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by `registerApiKeys`: reads and checks a request's API key (see `requireApiKey`). */
    quorumApiKeys: Authenticate
  }
}

/** A key's last use is written at most this often (not a write per request). */
const TOUCH_EVERY_MS = 60_000

/**
 * API-key authentication for the public REST API (`/api/v1/…`, webhooks): the key is read from
 * storage on every request, so a revoked key is refused at once on every instance; each key has
 * its own rate limit (@fastify/rate-limit, in Redis with REDIS_URL so instances count together).
 */
export function registerApiKeys(
  app: FastifyInstance,
  storage: Storage,
  options: { perMinute: number },
): void {
  const keyOf = new WeakMap<object, string>()
  const limiter = app.createRateLimit({
    max: options.perMinute,
    timeWindow: 60_000,
    keyGenerator: (subject) => keyOf.get(subject) ?? '',
  })

  const authenticate: Authenticate = async (request, scope) => {
    const header = request.headers.authorization ?? ''
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match?.[1])
      throw new Problem(
        'unauthorized',
        'This API takes an API key: send it as "Authorization: Bearer <key>" (make one on the Integrations page or with `quorum apikey create`).',
      )
    const key = await activeKey(storage, match[1])
    if (!key) throw new Problem('unauthorized', 'This API key is not valid, or it was revoked.')

    // The limiter reads only the key (through keyGenerator) and `routeOptions.config`.
    const subject = { routeOptions: { config: {} } }
    keyOf.set(subject, `api-key:${key.id}`)
    const verdict = await limiter(subject as unknown as FastifyRequest)
    if (!verdict.isAllowed && verdict.isExceeded) {
      const seconds = Math.max(1, verdict.ttlInSeconds)
      throw new RetryLater(
        `This key made more than ${options.perMinute} requests in a minute; try again in ${seconds} s.`,
        seconds,
      )
    }
    if (!key.scopes.includes(scope))
      throw new Problem(
        'forbidden',
        `This key lacks the scope ${scope} (it has ${key.scopes.join(', ')}). Make a key with it.`,
      )
    const now = Date.now()
    if (key.lastUsedAt === null || key.lastUsedAt <= now - TOUCH_EVERY_MS)
      await storage.touchApiKey(key.id, now, TOUCH_EVERY_MS)
    return { key, actor: { id: keyActorId(key), ip: clientIp(request) } }
  }
  app.decorate('quorumApiKeys', authenticate)
}

/**
 * The API key of this request, which must hold `scope`: 401 without a valid key, 403 without the
 * scope, 429 past the key's rate limit (with Retry-After). Cookies are never read here.
 */
export function requireApiKey(request: FastifyRequest, scope: ApiScope): Promise<ApiCaller> {
  return request.server.quorumApiKeys(request, scope)
}
