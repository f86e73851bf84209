import { OPERATOR } from '../access/change-access.ts'
import { requireSeller } from '../access/people.ts'
import { createApiKey, parseScopes, revokeApiKey } from '../integrations/api-keys.ts'
import type { Storage } from '../storage/storage.ts'
import { type Flags, optional, required } from './args.ts'

export const API_KEYS_HELP = `  quorum apikey create --name N [--scopes rooms:read,rooms:write,events:read,webhooks:write] [--seller E]
                                              an API key for the REST API (/api/v1); prints { id, key },
                                              the only time the key is shown; default: every scope;
                                              --seller records who it is for (default: the operator)
  quorum apikey revoke --id ID                revoke an API key; the next request with it is refused
  quorum apikeys                              the instance's API keys: id, name, scopes, last used`

interface Output {
  json: unknown
  text: string
}

const when = (at: number | null) => (at === null ? 'never' : new Date(at).toISOString())

export const API_KEY_COMMANDS = {
  'apikey create': {
    flags: ['name', 'scopes', 'seller'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const sellerEmail = optional(flags, 'seller')
      const seller = sellerEmail === undefined ? null : await requireSeller(storage, sellerEmail)
      const { key, secret } = await createApiKey(storage, {
        name: required(flags, 'name'),
        scopes: parseScopes(optional(flags, 'scopes')),
        createdBy: seller?.id ?? null,
        ip: null,
      })
      return {
        json: { id: key.id, key: secret },
        text: `API key "${key.name}" (${key.scopes.join(', ')}) created, id ${key.id}.\nThe key, shown only now (send it as "Authorization: Bearer <key>"):\n  ${secret}`,
      }
    },
  },
  'apikey revoke': {
    flags: ['id'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const key = await revokeApiKey(storage, required(flags, 'id'), { id: OPERATOR, ip: null })
      return {
        json: { id: key.id, revoked: true },
        text: `API key "${key.name}" (${key.id}) is revoked; requests made with it are refused.`,
      }
    },
  },
  apikeys: {
    flags: [],
    async run(storage: Storage): Promise<Output> {
      const keys = await storage.listApiKeys()
      return {
        json: keys.map(({ keyHash: _hash, ...key }) => key),
        text: keys.length
          ? keys
              .map(
                (key) =>
                  `${key.id}  ${key.name}  ${key.prefix}…  ${key.scopes.join(',')}\n  created ${when(key.createdAt)} · last used ${when(key.lastUsedAt)}${key.revokedAt === null ? '' : ` · revoked ${when(key.revokedAt)}`}`,
              )
              .join('\n')
          : 'No API keys yet. Make one with `quorum apikey create --name N`.',
      }
    },
  },
}
