import type Database from 'better-sqlite3'
import { patched, toRoomBrand, toWorkspaceBrand } from '../brand-rows.ts'
import type { BrandingStore } from '../branding.ts'
import type { Row } from '../rows.ts'

export function sqliteBranding(db: Database.Database): BrandingStore {
  const statements = {
    workspace: db.prepare('SELECT * FROM workspace_brand WHERE id = 1'),
    putWorkspace: db.prepare(
      `INSERT INTO workspace_brand (id, accent, mail_name, logo_key, updated_at)
       VALUES (1, @accent, @mailName, @logoKey, @at)
       ON CONFLICT (id) DO UPDATE SET accent = excluded.accent, mail_name = excluded.mail_name,
         logo_key = excluded.logo_key, updated_at = excluded.updated_at`,
    ),
    room: db.prepare('SELECT * FROM room_brands WHERE room_id = ?'),
    putRoom: db.prepare(
      `INSERT INTO room_brands (room_id, buyer_logo_key, welcome_note, updated_at)
       VALUES (@roomId, @buyerLogoKey, @welcomeNote, @at)
       ON CONFLICT (room_id) DO UPDATE SET buyer_logo_key = excluded.buyer_logo_key,
         welcome_note = excluded.welcome_note, updated_at = excluded.updated_at`,
    ),
    seen: db.prepare('SELECT 1 FROM welcome_seen WHERE room_id = ? AND person_id = ?'),
    markSeen: db.prepare(
      'INSERT INTO welcome_seen (room_id, person_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
  }
  const workspace = () => toWorkspaceBrand(statements.workspace.get() as Row | undefined)
  const room = (roomId: string) =>
    toRoomBrand(roomId, statements.room.get(roomId) as Row | undefined)
  const putWorkspace = db.transaction(
    (patch: Parameters<BrandingStore['putWorkspaceBrand']>[0], at: number) => {
      const next = { ...patched(workspace(), patch), updatedAt: at }
      statements.putWorkspace.run({ ...next, at })
      return next
    },
  )
  const putRoom = db.transaction(
    (roomId: string, patch: Parameters<BrandingStore['putRoomBrand']>[1], at: number) => {
      const next = { ...patched(room(roomId), patch), updatedAt: at }
      statements.putRoom.run({
        roomId,
        buyerLogoKey: next.buyerLogoKey,
        welcomeNote: next.welcomeNote,
        at,
      })
      return next
    },
  )
  return {
    async getWorkspaceBrand() {
      return workspace()
    },
    async putWorkspaceBrand(patch, at) {
      return putWorkspace(patch, at)
    },
    async getRoomBrand(roomId) {
      return room(roomId)
    },
    async putRoomBrand(roomId, patch, at) {
      return putRoom(roomId, patch, at)
    },
    async hasSeenWelcome(roomId, personId) {
      return statements.seen.get(roomId, personId) !== undefined
    },
    async markWelcomeSeen(roomId, personId, at) {
      return statements.markSeen.run(roomId, personId, at).changes > 0
    },
  }
}
