import * as z from 'zod/mini'
import { endpoint } from './endpoint.ts'
import { id, name } from './fields.ts'

const tag = 'integrations'

/**
 * What an API key may do: read rooms (with their plan, members, health), change them (create,
 * close, invite, revoke, update tasks), read engagement and activity events, manage webhooks.
 */
export const API_SCOPES = ['rooms:read', 'rooms:write', 'events:read', 'webhooks:write'] as const
export type ApiScope = (typeof API_SCOPES)[number]

export const isApiScope = (value: string): value is ApiScope =>
  (API_SCOPES as readonly string[]).includes(value)

/** An API key as the seller team sees it: never the key itself, which is shown once. */
export const ApiKeyInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z
      .string()
      .check(z.meta({ description: 'The first characters of the key, to tell keys apart.' })),
    scopes: z.array(z.enum(API_SCOPES)),
    createdBy: z
      .nullable(z.object({ id: z.string(), name: z.string() }))
      .check(
        z.meta({ description: 'Null when the operator made it with `quorum apikey create`.' }),
      ),
    createdAt: z.number(),
    lastUsedAt: z.nullable(z.number()),
    revokedAt: z.nullable(z.number()),
  })
  .check(z.meta({ id: 'ApiKey' }))
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>

const scopeList = z.optional(
  z
    .array(
      z.enum(API_SCOPES, {
        error: (issue) =>
          `"scopes" may hold ${API_SCOPES.join(', ')} (got ${JSON.stringify(issue.input)})`,
      }),
      { error: '"scopes" must be a list such as ["rooms:read"]' },
    )
    .check(z.minLength(1, { error: '"scopes" needs at least one scope' })),
)

export const listApiKeys = endpoint({
  name: 'listApiKeys',
  method: 'GET',
  path: '/api/apikeys',
  summary: 'The API keys of this Quorum (the workspace), newest first, revoked ones too',
  tag,
  access: 'seller account',
  answer: z.object({ keys: z.array(ApiKeyInfo) }),
})

export const createApiKey = endpoint({
  name: 'createApiKey',
  method: 'POST',
  path: '/api/apikeys',
  summary: 'Make an API key; the answer is the only time the key is shown',
  tag,
  access: 'seller account',
  status: 201,
  body: z.strictObject({
    name: name('name', 100).check(z.overwrite((value) => value.trim())),
    scopes: scopeList.check(z.meta({ description: 'Default: every scope.' })),
  }),
  answer: z.object({
    id: z.string(),
    key: z.string().check(z.meta({ description: 'Send it as `Authorization: Bearer <key>`.' })),
    info: ApiKeyInfo,
  }),
})

export const revokeApiKey = endpoint({
  name: 'revokeApiKey',
  method: 'POST',
  path: '/api/apikeys/:keyId/revoke',
  summary: 'Revoke an API key: the next request made with it is refused',
  tag,
  access: 'seller account',
  params: z.strictObject({ keyId: id('keyId') }),
  answer: z.object({ revoked: z.literal(true) }),
})
