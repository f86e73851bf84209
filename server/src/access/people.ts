import { Problem } from '../errors.ts'
import { normalizeEmail, type Person, type Storage } from '../storage/storage.ts'
import { type IssuedLink, issueLink } from './links.ts'

/** How long a sign-in link printed by the CLI stays valid. */
export const SIGNIN_LINK_TTL_MS = 24 * 60 * 60 * 1000

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function checkEmail(email: string): string {
  const normalized = normalizeEmail(email)
  if (!EMAIL.test(normalized)) throw new Problem('invalid', `"${email}" is not an e-mail address`)
  return normalized
}

export function checkName(name: string): string {
  const trimmed = name.trim()
  if (trimmed === '') throw new Problem('invalid', 'A name is required')
  if (trimmed.length > 200) throw new Problem('invalid', 'A name can be at most 200 characters')
  return trimmed
}

/** Creates a seller account; refuses an e-mail already in use. */
export async function addSellerAccount(
  storage: Storage,
  input: { email: string; name: string },
): Promise<Person> {
  const email = checkEmail(input.email)
  const name = checkName(input.name)
  const existing = await storage.findPersonByEmail(email)
  if (existing) {
    throw new Problem(
      'conflict',
      existing.kind === 'seller'
        ? `A seller with e-mail ${email} already exists; \`quorum user link --email ${email}\` prints a new sign-in link`
        : `${email} is already invited as a buyer and cannot also be a seller`,
    )
  }
  const person = await storage.createPerson({ email, name, kind: 'seller' })
  // Every seller account is on the team; the first one (the first-run setup) is its admin.
  const hasAdmin = (await storage.listTeammates()).some((each) => each.role === 'admin')
  await storage.putTeammate(person.id, hasAdmin ? 'member' : 'admin', person.createdAt)
  return person
}

/** Creates a seller account and its first sign-in link. */
export async function addSeller(
  storage: Storage,
  publicUrl: string,
  input: { email: string; name: string },
): Promise<{ person: Person; signIn: IssuedLink }> {
  const person = await addSellerAccount(storage, input)
  const signIn = await issueLink(storage, publicUrl, {
    kind: 'signin',
    personId: person.id,
    roomId: null,
    ttlMs: SIGNIN_LINK_TTL_MS,
  })
  return { person, signIn }
}

/** A fresh sign-in link for an existing seller. */
export async function sellerSignInLink(
  storage: Storage,
  publicUrl: string,
  email: string,
): Promise<{ person: Person; signIn: IssuedLink }> {
  const person = await requireSeller(storage, email)
  const signIn = await issueLink(storage, publicUrl, {
    kind: 'signin',
    personId: person.id,
    roomId: null,
    ttlMs: SIGNIN_LINK_TTL_MS,
  })
  return { person, signIn }
}

export async function requireSeller(storage: Storage, email: string): Promise<Person> {
  const person = await storage.findPersonByEmail(checkEmail(email))
  // A seller taken off the team has no account any more, as far as signing in goes.
  if (person?.kind !== 'seller' || !(await storage.getTeammate(person.id))) {
    throw new Problem(
      'not-found',
      `No seller account for ${normalizeEmail(email)}; create one with \`quorum user add --email ${normalizeEmail(email)} --name "…"\``,
    )
  }
  return person
}

/** The first-run setup link, printed by `npm start` while no seller account exists. */
export async function setupLink(storage: Storage, publicUrl: string): Promise<IssuedLink | null> {
  if ((await storage.countPeople('seller')) > 0) return null
  await storage.revokeLinks({ kind: 'setup' }, Date.now())
  return issueLink(storage, publicUrl, {
    kind: 'setup',
    personId: null,
    roomId: null,
    ttlMs: SIGNIN_LINK_TTL_MS,
  })
}
