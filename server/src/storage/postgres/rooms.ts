import type { Member, RoomStore } from '../rooms.ts'
import { toMember, toRoom, toRoomOf, toSummary } from '../rows.ts'
import type { PostgresDatabase } from './database.ts'

export function postgresRooms(database: PostgresDatabase): RoomStore {
  const getMember = async (roomId: string, personId: string): Promise<Member | null> => {
    const row = await database.row(
      'SELECT m.*, p.email, p.name FROM members m JOIN people p ON p.id = m.person_id WHERE m.room_id = $1 AND m.person_id = $2',
      [roomId, personId],
    )
    return row ? toMember(row) : null
  }

  return {
    async createRoom(input) {
      const now = Date.now()
      await database.transaction(async (client) => {
        await client.query(
          'INSERT INTO rooms (id, title, owner_id, template, created_at, last_activity_at) VALUES ($1, $2, $3, $4, $5, $5)',
          [input.id, input.title, input.ownerId, input.template, now],
        )
        await client.query(
          "INSERT INTO members (room_id, person_id, role, created_at) VALUES ($1, $2, 'owner', $3)",
          [input.id, input.ownerId, now],
        )
        for (const document of input.documents) {
          await client.query(
            'INSERT INTO documents (name, snapshot, updated_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET snapshot = EXCLUDED.snapshot',
            [document.name, Buffer.from(document.snapshot), now],
          )
        }
      })
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
      const row = await database.row('SELECT * FROM rooms WHERE id = $1', [id])
      return row ? toRoom(row) : null
    },
    async listRooms() {
      const rows = await database.rows(
        `SELECT r.*, p.email AS owner_email, p.name AS owner_name,
           (SELECT COUNT(*) FROM members m WHERE m.room_id = r.id) AS member_count
         FROM rooms r JOIN people p ON p.id = r.owner_id
         WHERE r.kind = 'deal'
         ORDER BY r.last_activity_at DESC, r.id`,
      )
      return rows.map(toSummary)
    },
    async touchRoom(id, at) {
      await database.run(
        'UPDATE rooms SET last_activity_at = GREATEST(last_activity_at, $1) WHERE id = $2',
        [at, id],
      )
    },
    async closeRoom(id, at) {
      // Closing is archiving (stages.ts); the first closing time sticks.
      await database.run(
        "UPDATE rooms SET stage = 'archived', stage_reason = NULL, stage_changed_at = COALESCE(closed_at, $1), closed_at = COALESCE(closed_at, $1) WHERE id = $2",
        [at, id],
      )
    },
    async putMember(roomId, personId, role) {
      await database.run(
        'INSERT INTO members (room_id, person_id, role, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (room_id, person_id) DO UPDATE SET role = EXCLUDED.role',
        [roomId, personId, role, Date.now()],
      )
      const member = await getMember(roomId, personId)
      if (!member) throw new Error(`Member ${personId} of room ${roomId} vanished`)
      return member
    },
    getMember,
    async listMembers(roomId) {
      const rows = await database.rows(
        "SELECT m.*, p.email, p.name FROM members m JOIN people p ON p.id = m.person_id WHERE m.room_id = $1 ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'co-owner' THEN 1 WHEN 'seller' THEN 2 ELSE 3 END, m.created_at, p.email",
        [roomId],
      )
      return rows.map(toMember)
    },
    async removeMember(roomId, personId) {
      return (
        (await database.count('DELETE FROM members WHERE room_id = $1 AND person_id = $2', [
          roomId,
          personId,
        ])) === 1
      )
    },
    async markJoined(roomId, personId, at) {
      await database.run(
        'UPDATE members SET joined_at = COALESCE(joined_at, $1) WHERE room_id = $2 AND person_id = $3',
        [at, roomId, personId],
      )
    },
    async listRoomsOf(personId) {
      const rows = await database.rows(
        `SELECT r.*, p.email AS owner_email, p.name AS owner_name, me.role AS role,
           (SELECT COUNT(*) FROM members m WHERE m.room_id = r.id) AS member_count
         FROM members me JOIN rooms r ON r.id = me.room_id JOIN people p ON p.id = r.owner_id
         WHERE me.person_id = $1 ORDER BY r.last_activity_at DESC, r.id`,
        [personId],
      )
      return rows.map(toRoomOf)
    },
  }
}
