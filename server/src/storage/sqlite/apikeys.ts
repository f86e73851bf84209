import type Database from 'better-sqlite3'
import { toApiKey, toCalendarFeed } from '../apikey-rows.ts'
import type { ApiKeyStore } from '../apikeys.ts'
import type { Row } from '../rows.ts'

export function sqliteApiKeys(db: Database.Database): ApiKeyStore {
  const statements = {
    insertKey: db.prepare(
      'INSERT INTO api_keys (id, name, prefix, key_hash, scopes, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    keyById: db.prepare('SELECT * FROM api_keys WHERE id = ?'),
    keyByHash: db.prepare('SELECT * FROM api_keys WHERE key_hash = ?'),
    keys: db.prepare('SELECT * FROM api_keys ORDER BY created_at DESC, id'),
    revokeKey: db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    touchKey: db.prepare(
      'UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)',
    ),
    insertFeed: db.prepare(
      'INSERT INTO calendar_feeds (id, person_id, room_id, mine, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    feedById: db.prepare('SELECT * FROM calendar_feeds WHERE id = ?'),
    feedOf: db.prepare(
      `SELECT * FROM calendar_feeds WHERE person_id = ? AND room_id IS ? AND mine = ?
       AND revoked_at IS NULL ORDER BY created_at DESC, id LIMIT 1`,
    ),
    revokeFeed: db.prepare(
      'UPDATE calendar_feeds SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    ),
  }
  const getApiKey = async (id: string) => {
    const row = statements.keyById.get(id) as Row | undefined
    return row ? toApiKey(row) : null
  }
  const getCalendarFeed = async (id: string) => {
    const row = statements.feedById.get(id) as Row | undefined
    return row ? toCalendarFeed(row) : null
  }
  return {
    async createApiKey(input) {
      statements.insertKey.run(
        input.id,
        input.name,
        input.prefix,
        input.keyHash,
        input.scopes.join(','),
        input.createdBy,
        Date.now(),
      )
      const key = await getApiKey(input.id)
      if (!key) throw new Error(`API key ${input.id} vanished`)
      return key
    },
    getApiKey,
    async findApiKeyByHash(keyHash) {
      const row = statements.keyByHash.get(keyHash) as Row | undefined
      return row ? toApiKey(row) : null
    },
    async listApiKeys() {
      return (statements.keys.all() as Row[]).map(toApiKey)
    },
    async revokeApiKey(id, at) {
      return statements.revokeKey.run(at, id).changes === 1
    },
    async touchApiKey(id, at, everyMs) {
      statements.touchKey.run(at, id, at - everyMs)
    },
    async createCalendarFeed(input) {
      statements.insertFeed.run(
        input.id,
        input.personId,
        input.roomId,
        input.mine ? 1 : 0,
        Date.now(),
      )
      const feed = await getCalendarFeed(input.id)
      if (!feed) throw new Error(`Calendar feed ${input.id} vanished`)
      return feed
    },
    getCalendarFeed,
    async findCalendarFeed(personId, roomId, mine) {
      const row = statements.feedOf.get(personId, roomId, mine ? 1 : 0) as Row | undefined
      return row ? toCalendarFeed(row) : null
    },
    async revokeCalendarFeed(id, at) {
      return statements.revokeFeed.run(at, id).changes === 1
    },
  }
}
