import type { TeamStore } from '../team.ts'
import { TEAMMATE_ORDER, TEAMMATE_SELECT, toTeammate } from '../team-rows.ts'
import type { PostgresDatabase } from './database.ts'

const PUT_MEMBER =
  'INSERT INTO members (room_id, person_id, role, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (room_id, person_id) DO UPDATE SET role = EXCLUDED.role'

export function postgresTeam(database: PostgresDatabase): TeamStore {
  const getTeammate = async (personId: string) => {
    const row = await database.row(`${TEAMMATE_SELECT} WHERE t.person_id = $1`, [personId])
    return row ? toTeammate(row) : null
  }
  return {
    async putTeammate(personId, role, at) {
      await database.run(
        'INSERT INTO team_members (person_id, role, created_at) VALUES ($1, $2, $3) ON CONFLICT (person_id) DO UPDATE SET role = EXCLUDED.role',
        [personId, role, at],
      )
      const teammate = await getTeammate(personId)
      if (!teammate) throw new Error(`No person ${personId}`)
      return teammate
    },
    getTeammate,
    async listTeammates() {
      return (await database.rows(`${TEAMMATE_SELECT} ${TEAMMATE_ORDER}`)).map(toTeammate)
    },
    async removeTeammate(personId) {
      return (await database.count('DELETE FROM team_members WHERE person_id = $1', [personId])) > 0
    },
    async roomsOwnedBy(personId) {
      const rows = await database.rows(
        'SELECT id FROM rooms WHERE owner_id = $1 ORDER BY created_at, id',
        [personId],
      )
      return rows.map((row) => String(row.id))
    },
    async transferRoom(roomId, personId, options) {
      return database.transaction(async (client) => {
        const found = await client.query('SELECT owner_id FROM rooms WHERE id = $1 FOR UPDATE', [
          roomId,
        ])
        const row = found.rows[0] as { owner_id: string } | undefined
        if (!row) throw new Error(`No room ${roomId}`)
        const previous = row.owner_id
        if (previous === personId) return previous
        await client.query('UPDATE rooms SET owner_id = $1 WHERE id = $2', [personId, roomId])
        await client.query(PUT_MEMBER, [roomId, personId, 'owner', options.at])
        if (options.previousOwnerLeaves)
          await client.query('DELETE FROM members WHERE room_id = $1 AND person_id = $2', [
            roomId,
            previous,
          ])
        else await client.query(PUT_MEMBER, [roomId, previous, 'co-owner', options.at])
        return previous
      })
    },
  }
}
