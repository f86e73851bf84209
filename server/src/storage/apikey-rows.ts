import type { ApiKey, ApiScope, CalendarFeed } from './apikeys.ts'
import { int, intOrNull, type Row, text, textOrNull } from './rows.ts'

/** Row mappers of the API-key concern, shared by both drivers (same tables, same columns). */
export function toApiKey(row: Row): ApiKey {
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    prefix: text(row, 'prefix'),
    keyHash: text(row, 'key_hash'),
    scopes: text(row, 'scopes').split(',').filter(Boolean) as ApiScope[],
    createdBy: textOrNull(row, 'created_by'),
    createdAt: int(row, 'created_at'),
    lastUsedAt: intOrNull(row, 'last_used_at'),
    revokedAt: intOrNull(row, 'revoked_at'),
  }
}

export function toCalendarFeed(row: Row): CalendarFeed {
  return {
    id: text(row, 'id'),
    personId: text(row, 'person_id'),
    roomId: textOrNull(row, 'room_id'),
    mine: int(row, 'mine') === 1,
    createdAt: int(row, 'created_at'),
    revokedAt: intOrNull(row, 'revoked_at'),
  }
}
