import { isBuyerRole } from '../../../shared/src/access.ts'
import { Problem } from '../errors.ts'
import type { Member, Person, Storage } from '../storage/storage.ts'
import { type Actor, changeAccess, OPERATOR } from './change-access.ts'
import type { IssuedLink } from './links.ts'

export interface InviteInput {
  roomId: string
  email: string
  name: string
  role: string
  /** Lifetime of the personal link in ms; null for a link that does not expire. */
  ttlMs: number | null
}

/**
 * Invites a buyer to a room as the operator (`quorum invite`, scripts and tests): makes them a
 * member with the role given, or changes their role, and issues their personal link. Buyers never
 * create an account. People in the room invite through `changeAccess` with their own rights.
 */
export async function inviteBuyer(
  storage: Storage,
  publicUrl: string,
  input: InviteInput,
  actor: Actor = { id: OPERATOR, ip: null },
): Promise<{ person: Person; member: Member; invite: IssuedLink }> {
  if (!isBuyerRole(input.role)) {
    throw new Problem(
      'invalid',
      `--role must be champion, stakeholder or viewer (got "${input.role}")`,
    )
  }
  const result = await changeAccess(storage, actor, { kind: 'invite', ...input, publicUrl })
  if (result.outcome === 'seller-account' || !result.member || !result.link) {
    throw new Problem('conflict', `${result.person.email} is a seller account; invite buyers only`)
  }
  return { person: result.person, member: result.member, invite: result.link }
}
