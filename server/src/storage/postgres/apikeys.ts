import { toApiKey, toCalendarFeed } from '../apikey-rows.ts'
import type { ApiKeyStore } from '../apikeys.ts'
import type { PostgresDatabase } from './database.ts'

export function postgresApiKeys(database: PostgresDatabase): ApiKeyStore {
  const getApiKey = async (id: string) => {
    const row = await database.row('SELECT * FROM api_keys WHERE id = $1', [id])
    return row ? toApiKey(row) : null
  }
  const getCalendarFeed = async (id: string) => {
    const row = await database.row('SELECT * FROM calendar_feeds WHERE id = $1', [id])
    return row ? toCalendarFeed(row) : null
  }
  return {
    async createApiKey(input) {
      await database.run(
        'INSERT INTO api_keys (id, name, prefix, key_hash, scopes, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [
          input.id,
          input.name,
          input.prefix,
          input.keyHash,
          input.scopes.join(','),
          input.createdBy,
          Date.now(),
        ],
      )
      const key = await getApiKey(input.id)
      if (!key) throw new Error(`API key ${input.id} vanished`)
      return key
    },
    getApiKey,
    async findApiKeyByHash(keyHash) {
      const row = await database.row('SELECT * FROM api_keys WHERE key_hash = $1', [keyHash])
      return row ? toApiKey(row) : null
    },
    async listApiKeys() {
      return (await database.rows('SELECT * FROM api_keys ORDER BY created_at DESC, id')).map(
        toApiKey,
      )
    },
    async revokeApiKey(id, at) {
      return (
        (await database.count(
          'UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
          [at, id],
        )) === 1
      )
    },
    async touchApiKey(id, at, everyMs) {
      await database.run(
        'UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at <= $3)',
        [at, id, at - everyMs],
      )
    },
    async createCalendarFeed(input) {
      await database.run(
        'INSERT INTO calendar_feeds (id, person_id, room_id, mine, created_at) VALUES ($1, $2, $3, $4, $5)',
        [input.id, input.personId, input.roomId, input.mine ? 1 : 0, Date.now()],
      )
      const feed = await getCalendarFeed(input.id)
      if (!feed) throw new Error(`Calendar feed ${input.id} vanished`)
      return feed
    },
    getCalendarFeed,
    async findCalendarFeed(personId, roomId, mine) {
      const row = await database.row(
        `SELECT * FROM calendar_feeds WHERE person_id = $1 AND room_id IS NOT DISTINCT FROM $2
         AND mine = $3 AND revoked_at IS NULL ORDER BY created_at DESC, id LIMIT 1`,
        [personId, roomId, mine ? 1 : 0],
      )
      return row ? toCalendarFeed(row) : null
    },
    async revokeCalendarFeed(id, at) {
      return (
        (await database.count(
          'UPDATE calendar_feeds SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
          [at, id],
        )) === 1
      )
    },
  }
}
