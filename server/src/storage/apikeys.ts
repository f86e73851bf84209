import type { ApiScope } from '../../../shared/src/api/apikeys.ts'

/** What an API key may do (shared/src/api/apikeys.ts lists them for the API and the page). */
export type { ApiScope }

/**
 * A key of the public REST API. The key itself is shown once, when it is made; only its SHA-256
 * is kept (`keyHash`), and its first characters (`prefix`) to tell keys apart.
 */
export interface ApiKey {
  id: string
  name: string
  prefix: string
  keyHash: string
  scopes: ApiScope[]
  /** The seller who made it; null when the operator made it at the command line. */
  createdBy: string | null
  createdAt: number
  lastUsedAt: number | null
  revokedAt: number | null
}

export interface NewApiKey {
  id: string
  name: string
  prefix: string
  keyHash: string
  scopes: readonly ApiScope[]
  createdBy: string | null
}

/**
 * A calendar feed of plan due dates: a room's plan, or one person's own tasks (in one room, or
 * in every room of theirs when `roomId` is null). Its secret is derived from its id, not stored.
 */
export interface CalendarFeed {
  id: string
  personId: string
  roomId: string | null
  mine: boolean
  createdAt: number
  revokedAt: number | null
}

/** API keys of the instance (the workspace, until issue 15) and calendar feeds. */
export interface ApiKeyStore {
  createApiKey(input: NewApiKey): Promise<ApiKey>
  getApiKey(id: string): Promise<ApiKey | null>
  /** The key whose SHA-256 this is, revoked or not. */
  findApiKeyByHash(keyHash: string): Promise<ApiKey | null>
  /** Every key of the instance, newest first, revoked ones too. */
  listApiKeys(): Promise<ApiKey[]>
  /** Revokes a key at `at`; false if there is no such key or it was revoked before. */
  revokeApiKey(id: string, at: number): Promise<boolean>
  /** Records a use at `at`, unless one was recorded less than `everyMs` before. */
  touchApiKey(id: string, at: number, everyMs: number): Promise<void>

  createCalendarFeed(input: {
    id: string
    personId: string
    roomId: string | null
    mine: boolean
  }): Promise<CalendarFeed>
  getCalendarFeed(id: string): Promise<CalendarFeed | null>
  /** The person's feed of this kind (not revoked), if they have one. */
  findCalendarFeed(
    personId: string,
    roomId: string | null,
    mine: boolean,
  ): Promise<CalendarFeed | null>
  revokeCalendarFeed(id: string, at: number): Promise<boolean>
}
