import { createHash, randomBytes } from 'node:crypto'
import { API_SCOPES, type ApiScope, isApiScope } from '../../../shared/src/api/apikeys.ts'
import { newId } from '../../../shared/src/ids.ts'
import { audit } from '../access/audit.ts'
import { type Actor, API_KEY_ACTOR, OPERATOR } from '../access/change-access.ts'
import { Problem } from '../errors.ts'
import type { ApiKey, Storage } from '../storage/storage.ts'

/** Every key starts with this, so a leaked one is easy to recognise (and to scan for). */
export const KEY_PREFIX = 'qk_'
/** How many characters of a key are kept in clear to tell keys apart. */
const SHOWN_CHARS = KEY_PREFIX.length + 6

/** The stored form of a key: its SHA-256, so a leaked database does not leak working keys. */
export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex')

/** Reads `--scopes rooms:read,events:read` (absent: every scope). */
export function parseScopes(list: string | undefined): ApiScope[] {
  if (list === undefined) return [...API_SCOPES]
  const scopes = [
    ...new Set(
      list
        .split(',')
        .map((scope) => scope.trim())
        .filter(Boolean),
    ),
  ]
  const unknown = scopes.filter((scope) => !isApiScope(scope))
  if (unknown.length > 0 || scopes.length === 0)
    throw new Problem(
      'invalid',
      `Scopes are ${API_SCOPES.join(', ')} (got "${unknown.join(', ') || list}")`,
    )
  return scopes.filter(isApiScope)
}

/**
 * Makes an API key of the instance (the workspace, until issue 15): 32 random bytes, shown
 * once in the answer and kept only as a hash. `createdBy` is the seller who made it, null for
 * the operator at the command line.
 */
export async function createApiKey(
  storage: Storage,
  input: { name: string; scopes: readonly ApiScope[]; createdBy: string | null; ip: string | null },
): Promise<{ key: ApiKey; secret: string }> {
  const name = input.name.trim()
  if (name === '') throw new Problem('invalid', 'An API key needs a name (--name)')
  if (name.length > 100) throw new Problem('invalid', 'A key’s name can be at most 100 characters')
  if (input.scopes.length === 0) throw new Problem('invalid', 'An API key needs at least one scope')
  const secret = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`
  const key = await storage.createApiKey({
    id: newId(12),
    name,
    prefix: secret.slice(0, SHOWN_CHARS),
    keyHash: hashKey(secret),
    scopes: [...new Set(input.scopes)],
    createdBy: input.createdBy,
  })
  await audit(storage, {
    roomId: null,
    actor: input.createdBy ?? OPERATOR,
    action: 'apikey.created',
    subject: key.id,
    detail: { name: key.name, scopes: key.scopes },
    ip: input.ip,
  })
  return { key, secret }
}

/** Revokes a key at once: every instance reads the key on every request, so none takes it after. */
export async function revokeApiKey(storage: Storage, id: string, actor: Actor): Promise<ApiKey> {
  const key = await storage.getApiKey(id)
  if (!key) throw new Problem('not-found', `No API key with id ${id}`)
  if (await storage.revokeApiKey(id, Date.now())) {
    await audit(storage, {
      roomId: null,
      actor: actor.id,
      action: 'apikey.revoked',
      subject: key.id,
      detail: { name: key.name },
      ip: actor.ip,
    })
  }
  return key
}

/** The key a request presents, if it is one of ours and not revoked. */
export async function activeKey(storage: Storage, secret: string): Promise<ApiKey | null> {
  if (!secret.startsWith(KEY_PREFIX) || secret.length > 200) return null
  const key = await storage.findApiKeyByHash(hashKey(secret))
  return key && key.revokedAt === null ? key : null
}

/** How a key appears in the audit log and to the access rules (see access/change-steps.ts). */
export const keyActorId = (key: Pick<ApiKey, 'id'>): string => `${API_KEY_ACTOR}${key.id}`
