import { patched, toRoomBrand, toWorkspaceBrand } from '../brand-rows.ts'
import type { BrandingStore } from '../branding.ts'
import type { PostgresDatabase } from './database.ts'

export function postgresBranding(database: PostgresDatabase): BrandingStore {
  return {
    async getWorkspaceBrand() {
      return toWorkspaceBrand(await database.row('SELECT * FROM workspace_brand WHERE id = 1'))
    },
    async putWorkspaceBrand(patch, at) {
      return database.transaction(async (client) => {
        // The row locked for the read-patch-write (made first if missing, so there is one to lock).
        await client.query(
          'INSERT INTO workspace_brand (id, updated_at) VALUES (1, 0) ON CONFLICT (id) DO NOTHING',
        )
        const { rows } = await client.query('SELECT * FROM workspace_brand WHERE id = 1 FOR UPDATE')
        const next = { ...patched(toWorkspaceBrand(rows[0]), patch), updatedAt: at }
        await client.query(
          'UPDATE workspace_brand SET accent = $1, mail_name = $2, logo_key = $3, updated_at = $4 WHERE id = 1',
          [next.accent, next.mailName, next.logoKey, at],
        )
        return next
      })
    },
    async getRoomBrand(roomId) {
      return toRoomBrand(
        roomId,
        await database.row('SELECT * FROM room_brands WHERE room_id = $1', [roomId]),
      )
    },
    async putRoomBrand(roomId, patch, at) {
      return database.transaction(async (client) => {
        await client.query(
          'INSERT INTO room_brands (room_id, updated_at) VALUES ($1, 0) ON CONFLICT (room_id) DO NOTHING',
          [roomId],
        )
        const { rows } = await client.query(
          'SELECT * FROM room_brands WHERE room_id = $1 FOR UPDATE',
          [roomId],
        )
        const next = { ...patched(toRoomBrand(roomId, rows[0]), patch), updatedAt: at }
        await client.query(
          'UPDATE room_brands SET buyer_logo_key = $2, welcome_note = $3, updated_at = $4 WHERE room_id = $1',
          [roomId, next.buyerLogoKey, next.welcomeNote, at],
        )
        return next
      })
    },
    async hasSeenWelcome(roomId, personId) {
      const row = await database.row(
        'SELECT 1 AS seen FROM welcome_seen WHERE room_id = $1 AND person_id = $2',
        [roomId, personId],
      )
      return row !== undefined
    },
    async markWelcomeSeen(roomId, personId, at) {
      const changed = await database.count(
        'INSERT INTO welcome_seen (room_id, person_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [roomId, personId, at],
      )
      return changed > 0
    },
  }
}
