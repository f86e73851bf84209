export type PersonKind = 'seller' | 'buyer'

export interface Person {
  id: string
  email: string
  name: string
  kind: PersonKind
  createdAt: number
}

/** Everyone Quorum knows: seller accounts and invited buyers, one row per e-mail address. */
export interface PeopleStore {
  createPerson(input: { email: string; name: string; kind: PersonKind }): Promise<Person>
  getPerson(id: string): Promise<Person | null>
  findPersonByEmail(email: string): Promise<Person | null>
  countPeople(kind: PersonKind): Promise<number>
  /** The oldest seller account (the one the first-run setup made), if any. */
  firstSeller(): Promise<Person | null>
}

/** Lower-case, trimmed e-mail: the form stored and compared. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}
