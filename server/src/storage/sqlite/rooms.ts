import type Database from 'better-sqlite3'
import type { Member, RoomStore } from '../rooms.ts'
import { type Row, toMember, toRoom, toRoomOf, toSummary } from '../rows.ts'
import { UPSERT_SNAPSHOT } from './documents.ts'

export function sqliteRooms(db: Database.Database): RoomStore {
  const statements = {
    insertRoom: db.prepare(
      'INSERT INTO rooms (id, title, owner_id, template, created_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    upsertSnapshot: db.prepare(UPSERT_SNAPSHOT),
    roomById: db.prepare('SELECT * FROM rooms WHERE id = ?'),
    listRooms: db.prepare(
      `SELECT r.*, p.email AS owner_email, p.name AS owner_name,
         (SELECT COUNT(*) FROM members m WHERE m.room_id = r.id) AS member_count
       FROM rooms r JOIN people p ON p.id = r.owner_id
       WHERE r.kind = 'deal'
       ORDER BY r.last_activity_at DESC, r.id`,
    ),
    touchRoom: db.prepare(
      'UPDATE rooms SET last_activity_at = MAX(last_activity_at, ?) WHERE id = ?',
    ),
    // Closing is archiving (stages.ts); the first closing time sticks.
    closeRoom: db.prepare(
      "UPDATE rooms SET stage = 'archived', stage_reason = NULL, stage_changed_at = COALESCE(closed_at, ?), closed_at = COALESCE(closed_at, ?) WHERE id = ?",
    ),
    putMember: db.prepare(
      'INSERT INTO members (room_id, person_id, role, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (room_id, person_id) DO UPDATE SET role = excluded.role',
    ),
    member: db.prepare(
      'SELECT m.*, p.email, p.name FROM members m JOIN people p ON p.id = m.person_id WHERE m.room_id = ? AND m.person_id = ?',
    ),
    members: db.prepare(
      "SELECT m.*, p.email, p.name FROM members m JOIN people p ON p.id = m.person_id WHERE m.room_id = ? ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'co-owner' THEN 1 WHEN 'seller' THEN 2 ELSE 3 END, m.created_at, p.email",
    ),
    removeMember: db.prepare('DELETE FROM members WHERE room_id = ? AND person_id = ?'),
    markJoined: db.prepare(
      'UPDATE members SET joined_at = COALESCE(joined_at, ?) WHERE room_id = ? AND person_id = ?',
    ),
    roomsOf: db.prepare(
      `SELECT r.*, p.email AS owner_email, p.name AS owner_name, me.role AS role,
         (SELECT COUNT(*) FROM members m WHERE m.room_id = r.id) AS member_count
       FROM members me JOIN rooms r ON r.id = me.room_id JOIN people p ON p.id = r.owner_id
       WHERE me.person_id = ?
       ORDER BY r.last_activity_at DESC, r.id`,
    ),
  }

  const getMember = async (roomId: string, personId: string): Promise<Member | null> => {
    const row = statements.member.get(roomId, personId) as Row | undefined
    return row ? toMember(row) : null
  }

  return {
    async createRoom(input) {
      const now = Date.now()
      db.transaction(() => {
        statements.insertRoom.run(input.id, input.title, input.ownerId, input.template, now, now)
        statements.putMember.run(input.id, input.ownerId, 'owner', now)
        for (const document of input.documents) {
          statements.upsertSnapshot.run(document.name, document.snapshot, now)
        }
      })()
      return {
        id: input.id,
        title: input.title,
        ownerId: input.ownerId,
        template: input.template,
        createdAt: now,
        lastActivityAt: now,
        closedAt: null,
        accessMode: 'invited',
        allowedDomains: [],
      }
    },
    async getRoom(id) {
      const row = statements.roomById.get(id) as Row | undefined
      return row ? toRoom(row) : null
    },
    async listRooms() {
      return (statements.listRooms.all() as Row[]).map(toSummary)
    },
    async touchRoom(id, at) {
      statements.touchRoom.run(at, id)
    },
    async closeRoom(id, at) {
      statements.closeRoom.run(at, at, id)
    },
    async putMember(roomId, personId, role) {
      statements.putMember.run(roomId, personId, role, Date.now())
      const member = await getMember(roomId, personId)
      if (!member) throw new Error(`Member ${personId} of room ${roomId} vanished`)
      return member
    },
    getMember,
    async listMembers(roomId) {
      return (statements.members.all(roomId) as Row[]).map(toMember)
    },
    async removeMember(roomId, personId) {
      return statements.removeMember.run(roomId, personId).changes === 1
    },
    async markJoined(roomId, personId, at) {
      statements.markJoined.run(at, roomId, personId)
    },
    async listRoomsOf(personId) {
      return (statements.roomsOf.all(personId) as Row[]).map(toRoomOf)
    },
  }
}
