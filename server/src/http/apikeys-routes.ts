import type { FastifyInstance } from 'fastify'
import type { ApiKeyInfo } from '../../../shared/src/api/apikeys.ts'
import { API_SCOPES, apikeys } from '../../../shared/src/api/index.ts'
import { requireSession } from '../access/sessions.ts'
import { Problem } from '../errors.ts'
import { createApiKey, revokeApiKey } from '../integrations/api-keys.ts'
import type { ApiKey, Storage } from '../storage/storage.ts'
import type { ApiDependencies } from './api.ts'
import { clientIp, sessionCookie } from './room-access.ts'
import { route } from './route.ts'

/** A key as the page shows it: its creator's name, never the key or its hash. */
export async function keyInfo(storage: Storage, key: ApiKey): Promise<ApiKeyInfo> {
  const creator = key.createdBy === null ? null : await storage.getPerson(key.createdBy)
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdBy: creator ? { id: creator.id, name: creator.name } : null,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
  }
}

/**
 * The seller team's API keys (the Integrations page). Until there are workspaces (issue 15) the
 * instance is the workspace: every seller sees, makes and revokes the instance's keys.
 */
export function apiKeysRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config } = dependencies
  const options = dependencies.routes
  const secure = config.publicUrl.startsWith('https://')

  const requireSeller = async (
    request: Parameters<typeof sessionCookie>[0],
    reply: Parameters<typeof sessionCookie>[1],
  ) => {
    const session = await requireSession(storage, sessionCookie(request, reply, secure))
    if (session.person.kind !== 'seller')
      throw new Problem('forbidden', 'Only the seller team manages API keys.')
    return session.person
  }

  route(app, apikeys.listApiKeys, options, async ({ request, reply }) => {
    await requireSeller(request, reply)
    const keys = await storage.listApiKeys()
    return { keys: await Promise.all(keys.map((key) => keyInfo(storage, key))) }
  })

  route(app, apikeys.createApiKey, options, async ({ request, reply, body }) => {
    const person = await requireSeller(request, reply)
    const input = body()
    const { key, secret } = await createApiKey(storage, {
      name: input.name,
      scopes: input.scopes ?? API_SCOPES,
      createdBy: person.id,
      ip: clientIp(request),
    })
    return { id: key.id, key: secret, info: await keyInfo(storage, key) }
  })

  route(app, apikeys.revokeApiKey, options, async ({ request, reply, params }) => {
    const person = await requireSeller(request, reply)
    await revokeApiKey(storage, params.keyId, { id: person.id, ip: clientIp(request) })
    return { revoked: true as const }
  })
}
