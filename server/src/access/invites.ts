import { type BuyerRole, isBuyerRole } from '../../../shared/src/access.ts'
import { Problem } from '../errors.ts'
import type { Member, Person, Storage } from '../storage/storage.ts'
import { type IssuedLink, issueLink } from './links.ts'
import { checkEmail, checkName } from './people.ts'

export interface InviteInput {
  roomId: string
  email: string
  name: string
  role: string
  /** Lifetime of the personal link in ms; null for a link that does not expire. */
  ttlMs: number | null
}

/**
 * Invites a buyer to a room: makes them a member with the role given (or changes their role)
 * and issues their personal link. Buyers never create an account.
 */
export async function inviteBuyer(
  storage: Storage,
  publicUrl: string,
  input: InviteInput,
): Promise<{ person: Person; member: Member; invite: IssuedLink }> {
  if (!isBuyerRole(input.role)) {
    throw new Problem(
      'invalid',
      `--role must be champion, stakeholder or viewer (got "${input.role}")`,
    )
  }
  const role: BuyerRole = input.role
  const room = await storage.getRoom(input.roomId)
  if (!room) throw new Problem('not-found', `No room with id ${input.roomId}`)
  if (room.closedAt !== null) throw new Problem('conflict', `Room ${room.id} is closed`)
  const email = checkEmail(input.email)
  const name = checkName(input.name)
  let person = await storage.findPersonByEmail(email)
  if (person?.kind === 'seller') {
    throw new Problem('conflict', `${email} is a seller account; invite buyers only`)
  }
  person ??= await storage.createPerson({ email, name, kind: 'buyer' })
  // An explicit invitation is how someone whose access was revoked gets back in.
  await storage.setRevoked(room.id, person.id, false, Date.now())
  const member = await storage.putMember(room.id, person.id, role)
  const invite = await issueLink(storage, publicUrl, {
    kind: 'invite',
    personId: person.id,
    roomId: room.id,
    ttlMs: input.ttlMs,
  })
  return { person, member, invite }
}
