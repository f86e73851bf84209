import type { Role } from '../../../../shared/src/access.ts'
import { changeAccess, OPERATOR } from '../../access/change-access.ts'
import { addSeller } from '../../access/people.ts'
import { sqliteFile } from '../../config.ts'
import { SqliteStorage } from '../../storage/sqlite/sqlite-storage.ts'
import { seedCast, tokenFor } from '../harness.ts'
import type { Person } from './peer.ts'

const PUBLIC_URL = 'http://quorum.test'

/**
 * The people of the fuzzed room, seeded straight into `dataDir` before the server starts: the
 * owner and a seller teammate, a champion, two stakeholders (everyone who writes) and a viewer,
 * who only reads and must end with the same room as everyone else.
 */
export async function seedFuzzRoom(dataDir: string): Promise<{ roomId: string; people: Person[] }> {
  const storage = new SqliteStorage(sqliteFile({ dataDir }))
  try {
    const cast = await seedCast(storage)
    const invite = async (email: string, name: string, role: Role) => {
      await changeAccess(
        storage,
        { id: OPERATOR, ip: null },
        {
          kind: 'invite',
          roomId: cast.roomId,
          email,
          name,
          role,
          ttlMs: null,
          publicUrl: PUBLIC_URL,
        },
      )
      return email
    }
    await addSeller(storage, PUBLIC_URL, { email: 'teammate@vendor.test', name: 'Tess Teammate' })
    const seats: Array<{ alias: string; email: string; role: Role }> = [
      { alias: 'owner', email: cast.seller, role: 'owner' },
      {
        alias: 'seller',
        email: await invite('teammate@vendor.test', 'Tess Teammate', 'seller'),
        role: 'seller',
      },
      { alias: 'champion', email: cast.champion, role: 'champion' },
      { alias: 'stakeholder', email: cast.stakeholder, role: 'stakeholder' },
      {
        alias: 'stakeholder-2',
        email: await invite('second@acme.test', 'Sol Second', 'stakeholder'),
        role: 'stakeholder',
      },
      { alias: 'viewer', email: cast.viewer, role: 'viewer' },
    ]
    const people: Person[] = []
    for (const seat of seats) {
      const person = await storage.findPersonByEmail(seat.email)
      if (!person) throw new Error(`${seat.email} was not seeded`)
      const member = await storage.getMember(cast.roomId, person.id)
      if (member?.role !== seat.role)
        throw new Error(`${seat.email} is ${member?.role ?? 'not a member'}, not ${seat.role}`)
      people.push({
        alias: seat.alias,
        personId: person.id,
        name: person.name,
        role: seat.role,
        token: await tokenFor(storage, cast.roomId, seat.email, 3600),
      })
    }
    return { roomId: cast.roomId, people }
  } finally {
    await storage.close()
  }
}
