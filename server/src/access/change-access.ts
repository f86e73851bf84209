import {
  type AccessActor,
  can,
  isBuyerRole,
  isRole,
  membershipRefusal,
  type Role,
} from '../../../shared/src/access.ts'
import { Problem } from '../errors.ts'
import type { AccessChangeKind, Member, Person, Room, Storage } from '../storage/storage.ts'
import { audit } from './audit.ts'
import { type IssuedLink, issueLink } from './links.ts'
import { checkEmail, checkName } from './people.ts'

/** The actor id of the operator at the command line (trusted: they hold the database). */
export const OPERATOR = 'cli'

/** Who asks for a change: a person (their rights are read from the room's members) or the operator. */
export interface Actor {
  /** Person id, or OPERATOR. */
  id: string
  ip: string | null
}

export type AccessRequest =
  | {
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
  | { kind: 'set-role'; roomId: string; personId: string; role: string }
  | { kind: 'revoke'; roomId: string; personId: string }
  /** The actor joins by a verified e-mail code (domain mode): self-service, as a stakeholder. */
  | { kind: 'join-by-email'; roomId: string }
  | { kind: 'close-room'; roomId: string }
  /** Ends one browser session of the actor (by its stored hash), or all of them. */
  | { kind: 'sign-out'; sessionId: string | 'everywhere' }

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

interface Results {
  invite: InviteResult
  'set-role': { member: Member; from: Role }
  revoke: { member: Member }
  'join-by-email': { member: Member; newcomer: boolean }
  'close-room': { room: Room }
  'sign-out': { sessionsEnded: number }
}

type Request<K extends AccessRequest['kind']> = Extract<AccessRequest, { kind: K }>

/**
 * Every change of a person's membership, role or sessions goes through here: it checks the
 * actor's right from the roles table (shared/src/access.ts, `membershipRefusal`: the owner is
 * never lowered or removed), records an access change that every instance applies to its open
 * sockets within a second (collaboration/access-watcher.ts), and writes the audit row.
 */
export async function changeAccess<K extends AccessRequest['kind']>(
  storage: Storage,
  actor: Actor,
  request: Request<K>,
): Promise<Results[K]> {
  const run = HANDLERS[request.kind] as (
    storage: Storage,
    actor: Actor,
    request: Request<K>,
  ) => Promise<Results[K]>
  return run(storage, actor, request)
}

const HANDLERS: { [K in AccessRequest['kind']]: Handler<K> } = {
  invite,
  'set-role': setRole,
  revoke,
  'join-by-email': joinByEmail,
  'close-room': closeRoom,
  'sign-out': signOut,
}

type Handler<K extends AccessRequest['kind']> = (
  storage: Storage,
  actor: Actor,
  request: Request<K>,
) => Promise<Results[K]>

async function openRoom(storage: Storage, roomId: string): Promise<Room> {
  const room = await storage.getRoom(roomId)
  if (!room) throw new Problem('not-found', `No room with id ${roomId}`)
  if (room.closedAt !== null) throw new Problem('conflict', `Room ${room.id} is closed`)
  return room
}

/** The actor's standing in the room, from the roles table (never from what a client claims). */
async function actorRole(storage: Storage, actor: Actor, roomId: string): Promise<AccessActor> {
  if (actor.id === OPERATOR) return 'operator'
  const member = await storage.getMember(roomId, actor.id)
  if (!member) throw new Problem('forbidden', 'You are not a member of this room.')
  return member.role
}

function refuse(reason: string | null): void {
  if (reason !== null) throw new Problem('forbidden', reason)
}

async function record(
  storage: Storage,
  actor: Actor,
  row: {
    roomId: string | null
    personId: string | null
    change: AccessChangeKind | null
    action: string
    subject: string | null
    detail: Record<string, unknown>
  },
): Promise<void> {
  if (row.change) {
    await storage.recordAccessChange({
      roomId: row.roomId,
      personId: row.personId,
      kind: row.change,
    })
  }
  await audit(storage, {
    roomId: row.roomId,
    actor: actor.id,
    action: row.action,
    subject: row.subject,
    detail: row.detail,
    ip: actor.ip,
  })
}

async function invite(
  storage: Storage,
  actor: Actor,
  request: Request<'invite'>,
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
      'No seller account with that e-mail; create it with `quorum user add` first.',
    )
  }
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

async function setRole(
  storage: Storage,
  actor: Actor,
  request: Request<'set-role'>,
): Promise<Results['set-role']> {
  const room = await openRoom(storage, request.roomId)
  const by = await actorRole(storage, actor, room.id)
  const target = await storage.getMember(room.id, request.personId)
  if (!target) throw new Problem('not-found', 'That person is not a member of this room.')
  const role = request.role
  if (!isRole(role))
    throw new Problem('invalid', '"role" is one of seller, champion, stakeholder or viewer.')
  const person = await storage.getPerson(target.personId)
  refuse(
    membershipRefusal(by, {
      from: target.role,
      to: role,
      wasRevoked: false,
      sellerAccount: person?.kind === 'seller',
    }),
  )
  const member =
    role === target.role ? target : await storage.putMember(room.id, target.personId, role)
  if (role !== target.role) {
    await record(storage, actor, {
      roomId: room.id,
      personId: target.personId,
      change: 'role-changed',
      action: 'role.changed',
      subject: target.email,
      detail: { from: target.role, to: role },
    })
  }
  return { member, from: target.role }
}

async function revoke(
  storage: Storage,
  actor: Actor,
  request: Request<'revoke'>,
): Promise<Results['revoke']> {
  const room = await storage.getRoom(request.roomId)
  if (!room) throw new Problem('not-found', `No room with id ${request.roomId}`)
  const by = await actorRole(storage, actor, room.id)
  const member = await storage.getMember(room.id, request.personId)
  if (!member) throw new Problem('not-found', 'That person is not a member of this room')
  if (member.role === 'owner')
    throw new Problem('conflict', 'The owner’s access cannot be revoked; close the room instead')
  const person = await storage.getPerson(member.personId)
  refuse(
    membershipRefusal(by, {
      from: member.role,
      to: null,
      wasRevoked: false,
      sellerAccount: person?.kind === 'seller',
    }),
  )
  const now = Date.now()
  await storage.removeMember(room.id, member.personId)
  await storage.setRevoked(room.id, member.personId, true, now)
  await storage.revokeLinks({ kind: 'invite', personId: member.personId, roomId: room.id }, now)
  await storage.revokeSessions({ personId: member.personId, roomId: room.id }, now)
  await record(storage, actor, {
    roomId: room.id,
    personId: member.personId,
    change: 'revoked',
    action: 'access.revoked',
    subject: member.email,
    detail: { personId: member.personId, role: member.role },
  })
  return { member }
}

async function joinByEmail(
  storage: Storage,
  actor: Actor,
  request: Request<'join-by-email'>,
): Promise<Results['join-by-email']> {
  const room = await openRoom(storage, request.roomId)
  if (room.accessMode !== 'domain')
    throw new Problem('forbidden', 'This room is open to invited people only.')
  if (await storage.isRevoked(room.id, actor.id))
    throw new Problem('forbidden', 'Your access to this room was withdrawn.')
  const current = await storage.getMember(room.id, actor.id)
  const member = current ?? (await storage.putMember(room.id, actor.id, 'stakeholder'))
  const person = await storage.getPerson(actor.id)
  await record(storage, actor, {
    roomId: room.id,
    personId: actor.id,
    change: null,
    action: 'access.joined-by-email',
    subject: person?.email ?? null,
    detail: { newcomer: current === null },
  })
  return { member, newcomer: current === null }
}

async function closeRoom(
  storage: Storage,
  actor: Actor,
  request: Request<'close-room'>,
): Promise<Results['close-room']> {
  const room = await storage.getRoom(request.roomId)
  if (!room) throw new Problem('not-found', `No room with id ${request.roomId}`)
  const by = await actorRole(storage, actor, room.id)
  if (by !== 'operator' && !can(by, 'closeRoom'))
    throw new Problem('forbidden', 'Only the owner closes the room.')
  if (room.closedAt !== null) throw new Problem('conflict', `Room ${room.id} is already closed`)
  const now = Date.now()
  await storage.closeRoom(room.id, now)
  await storage.revokeLinks({ kind: 'invite', roomId: room.id }, now)
  await record(storage, actor, {
    roomId: room.id,
    personId: null,
    change: 'room-closed',
    action: 'room.closed',
    subject: room.id,
    detail: {},
  })
  return { room }
}

async function signOut(
  storage: Storage,
  actor: Actor,
  request: Request<'sign-out'>,
): Promise<Results['sign-out']> {
  const now = Date.now()
  const everywhere = request.sessionId === 'everywhere'
  let sessionsEnded = 1
  if (everywhere) sessionsEnded = await storage.revokeSessions({ personId: actor.id }, now)
  else await storage.revokeSession(request.sessionId, now)
  const person = await storage.getPerson(actor.id)
  // Every instance re-checks this person's open sockets: those of an ended session close.
  await record(storage, actor, {
    roomId: null,
    personId: actor.id,
    change: 'signed-out',
    action: everywhere ? 'signout.everywhere' : 'signout',
    subject: person?.email ?? null,
    detail: everywhere ? { sessions: sessionsEnded } : {},
  })
  return { sessionsEnded }
}
