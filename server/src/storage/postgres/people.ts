import { newId } from '../../../../shared/src/ids.ts'
import { normalizeEmail, type PeopleStore, type Person } from '../people.ts'
import { int, type Row, toPerson } from '../rows.ts'
import type { PostgresDatabase } from './database.ts'

export function postgresPeople(database: PostgresDatabase): PeopleStore {
  return {
    async createPerson(input) {
      const person: Person = {
        id: newId(),
        email: normalizeEmail(input.email),
        name: input.name.trim(),
        kind: input.kind,
        createdAt: Date.now(),
      }
      await database.run(
        'INSERT INTO people (id, email, name, kind, created_at) VALUES ($1, $2, $3, $4, $5)',
        [person.id, person.email, person.name, person.kind, person.createdAt],
      )
      return person
    },
    async getPerson(id) {
      const row = await database.row('SELECT * FROM people WHERE id = $1', [id])
      return row ? toPerson(row) : null
    },
    async findPersonByEmail(email) {
      const row = await database.row('SELECT * FROM people WHERE email = $1', [
        normalizeEmail(email),
      ])
      return row ? toPerson(row) : null
    },
    async countPeople(kind) {
      return int(
        (await database.row('SELECT COUNT(*) AS n FROM people WHERE kind = $1', [kind])) as Row,
        'n',
      )
    },
    async firstSeller() {
      const row = await database.row(
        "SELECT * FROM people WHERE kind = 'seller' ORDER BY created_at, id LIMIT 1",
      )
      return row ? toPerson(row) : null
    },
  }
}
