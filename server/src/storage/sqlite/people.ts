import type Database from 'better-sqlite3'
import { newId } from '../../../../shared/src/ids.ts'
import { normalizeEmail, type PeopleStore, type Person } from '../people.ts'
import { int, type Row, toPerson } from '../rows.ts'

export function sqlitePeople(db: Database.Database): PeopleStore {
  const statements = {
    insertPerson: db.prepare(
      'INSERT INTO people (id, email, name, kind, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    personById: db.prepare('SELECT * FROM people WHERE id = ?'),
    personByEmail: db.prepare('SELECT * FROM people WHERE email = ?'),
    countPeople: db.prepare('SELECT COUNT(*) AS n FROM people WHERE kind = ?'),
    firstSeller: db.prepare(
      "SELECT * FROM people WHERE kind = 'seller' ORDER BY created_at, id LIMIT 1",
    ),
  }
  return {
    async createPerson(input) {
      const person: Person = {
        id: newId(),
        email: normalizeEmail(input.email),
        name: input.name.trim(),
        kind: input.kind,
        createdAt: Date.now(),
      }
      statements.insertPerson.run(
        person.id,
        person.email,
        person.name,
        person.kind,
        person.createdAt,
      )
      return person
    },
    async getPerson(id) {
      const row = statements.personById.get(id) as Row | undefined
      return row ? toPerson(row) : null
    },
    async findPersonByEmail(email) {
      const row = statements.personByEmail.get(normalizeEmail(email)) as Row | undefined
      return row ? toPerson(row) : null
    },
    async countPeople(kind) {
      return int(statements.countPeople.get(kind) as Row, 'n')
    },
    async firstSeller() {
      const row = statements.firstSeller.get() as Row | undefined
      return row ? toPerson(row) : null
    },
  }
}
