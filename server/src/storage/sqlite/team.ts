import type Database from 'better-sqlite3'
import type { Row } from '../rows.ts'
import type { TeamStore } from '../team.ts'
import { TEAMMATE_ORDER, TEAMMATE_SELECT, toTeammate } from '../team-rows.ts'

export function sqliteTeam(db: Database.Database): TeamStore {
  const statements = {
    putTeammate: db.prepare(
      'INSERT INTO team_members (person_id, role, created_at) VALUES (?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET role = excluded.role',
    ),
    teammate: db.prepare(`${TEAMMATE_SELECT} WHERE t.person_id = ?`),
    teammates: db.prepare(`${TEAMMATE_SELECT} ${TEAMMATE_ORDER}`),
    removeTeammate: db.prepare('DELETE FROM team_members WHERE person_id = ?'),
    roomsOwnedBy: db.prepare('SELECT id FROM rooms WHERE owner_id = ? ORDER BY created_at, id'),
    ownerOf: db.prepare('SELECT owner_id FROM rooms WHERE id = ?'),
    setOwner: db.prepare('UPDATE rooms SET owner_id = ? WHERE id = ?'),
    putMember: db.prepare(
      'INSERT INTO members (room_id, person_id, role, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (room_id, person_id) DO UPDATE SET role = excluded.role',
    ),
    removeMember: db.prepare('DELETE FROM members WHERE room_id = ? AND person_id = ?'),
  }
  const getTeammate = async (personId: string) => {
    const row = statements.teammate.get(personId) as Row | undefined
    return row ? toTeammate(row) : null
  }
  const transfer = db.transaction(
    (roomId: string, personId: string, leaves: boolean, at: number): string => {
      const row = statements.ownerOf.get(roomId) as Row | undefined
      if (!row) throw new Error(`No room ${roomId}`)
      const previous = String(row.owner_id)
      if (previous === personId) return previous
      statements.setOwner.run(personId, roomId)
      statements.putMember.run(roomId, personId, 'owner', at)
      if (leaves) statements.removeMember.run(roomId, previous)
      else statements.putMember.run(roomId, previous, 'co-owner', at)
      return previous
    },
  )
  return {
    async putTeammate(personId, role, at) {
      statements.putTeammate.run(personId, role, at)
      const teammate = await getTeammate(personId)
      if (!teammate) throw new Error(`No person ${personId}`)
      return teammate
    },
    getTeammate,
    async listTeammates() {
      return (statements.teammates.all() as Row[]).map(toTeammate)
    },
    async removeTeammate(personId) {
      return statements.removeTeammate.run(personId).changes > 0
    },
    async roomsOwnedBy(personId) {
      return (statements.roomsOwnedBy.all(personId) as Row[]).map((row) => String(row.id))
    },
    async transferRoom(roomId, personId, options) {
      return transfer(roomId, personId, options.previousOwnerLeaves, options.at)
    },
  }
}
