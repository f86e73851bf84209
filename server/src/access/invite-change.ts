import { can, isBuyerRole, membershipRefusal } from '../../../shared/src/access.ts'
import { Problem } from '../errors.ts'
import type { Member, Person, Storage } from '../storage/storage.ts'
import { type Actor, actorRole, openRoom, record, refuse } from './change-steps.ts'
import { type IssuedLink, issueLink } from './links.ts'
import { checkEmail, checkName } from './people.ts'

export interface InviteRequest {
  kind: 'invite'
  roomId: string
  email: string
  name: string
  /** A buyer role, or `seller` to add an existing seller account as a teammate. */
  role: string
  /** Lifetime of the personal link in ms; null for a link that does not expire. */
  ttlMs: number | null
  publicUrl: string
}

export type InviteOutcome =
  /** A new member, or someone removed before and let back in. */
  | 'invited'
  | 'restored'
  /** Already a member with this role: a new personal link replaces the old ones. */
  | 'resent'
  | 'role-changed'
  /** The address belongs to a seller account and the inviter is a buyer: nothing changed. */
  | 'seller-account'

export interface InviteResult {
  outcome: InviteOutcome
  person: Person
  member: Member | null
  /** The new personal link (buyers only). */
  link: IssuedLink | null
  /**
   * Whether the inviter may see the link. A personal link signs in as its person, so only the
   * seller team sees it, and only when the invitation brings someone new into the room; a new
   * link for someone already in it (or let back in) goes to their own mailbox only.
   */
  showLink: boolean
}

/**
 * Invites someone into a room, or again: a new member, a new link for someone already in it, a
 * changed role, someone removed let back in, or a seller teammate added — each only as the
 * actor's rights allow (`membershipRefusal`). A buyer inviting a seller account's address learns
 * nothing: the answer is the one any invitation gets, and nothing changes.
 */
export async function invite(
  storage: Storage,
  actor: Actor,
  request: InviteRequest,
): Promise<InviteResult> {
  const role = request.role
  if (role !== 'seller' && !isBuyerRole(role)) {
    throw new Problem('invalid', `--role must be champion, stakeholder or viewer (got "${role}")`)
  }
  const room = await openRoom(storage, request.roomId)
  const by = await actorRole(storage, actor, room.id)
  const email = checkEmail(request.email)
  const name = checkName(request.name)
  const existing = await storage.findPersonByEmail(email)
  const insider = by === 'operator' || can(by, 'readInternal')

  if (role === 'seller' && existing?.kind !== 'seller') {
    // Only the seller team adds teammates; a buyer asking learns nothing about accounts.
    refuse(
      membershipRefusal(by, { from: null, to: 'seller', wasRevoked: false, sellerAccount: true }),
    )
    throw new Problem(
      'not-found',
      'No teammate with that e-mail; an admin invites them on the Team page (or `quorum team add`) first.',
    )
  }
  if (role === 'seller' && existing && !(await storage.getTeammate(existing.id)))
    throw new Problem('conflict', `${email} is no longer on the team; an admin can add them back.`)
  if (role !== 'seller' && existing?.kind === 'seller' && insider)
    throw new Problem('conflict', `${email} is a seller account; invite buyers only`)
  if (role !== 'seller' && existing?.kind === 'seller' && !insider) {
    // A buyer must not learn which addresses have seller accounts: the answer is the same as for
    // any invitation, and the account's owner is told by mail (see the invite route).
    refuse(membershipRefusal(by, { from: null, to: role, wasRevoked: false, sellerAccount: false }))
    await record(storage, actor, {
      roomId: room.id,
      personId: existing.id,
      change: null,
      action: 'invite.refused',
      subject: email,
      detail: { role, reason: 'seller-account' },
    })
    return {
      outcome: 'seller-account',
      person: existing,
      member: null,
      link: null,
      showLink: false,
    }
  }

  const current = existing ? await storage.getMember(room.id, existing.id) : null
  const wasRevoked = existing ? await storage.isRevoked(room.id, existing.id) : false
  refuse(
    membershipRefusal(by, {
      from: current?.role ?? null,
      to: role,
      wasRevoked,
      sellerAccount: existing?.kind === 'seller',
    }),
  )

  const person = existing ?? (await storage.createPerson({ email, name, kind: 'buyer' }))
  if (wasRevoked) await storage.setRevoked(room.id, person.id, false, Date.now())
  const member =
    current?.role === role ? current : await storage.putMember(room.id, person.id, role)
  const outcome: InviteOutcome =
    current === null
      ? wasRevoked
        ? 'restored'
        : 'invited'
      : current.role === role
        ? 'resent'
        : 'role-changed'

  let link: IssuedLink | null = null
  if (role !== 'seller') {
    // One working personal link per person and room: a new one withdraws the ones not opened yet.
    await storage.revokeLinks({ kind: 'invite', personId: person.id, roomId: room.id }, Date.now())
    link = await issueLink(storage, request.publicUrl, {
      kind: 'invite',
      personId: person.id,
      roomId: room.id,
      ttlMs: request.ttlMs,
    })
  }
  await record(storage, actor, {
    roomId: room.id,
    personId: person.id,
    change: outcome === 'role-changed' ? 'role-changed' : null,
    action:
      role === 'seller' ? 'member.added' : `invite.${outcome === 'invited' ? 'created' : outcome}`,
    subject: email,
    detail: { role, from: current?.role ?? null, linkId: link?.link.id ?? null },
  })
  return {
    outcome,
    person,
    member,
    link,
    showLink: link !== null && (by === 'operator' || (insider && outcome === 'invited')),
  }
}
