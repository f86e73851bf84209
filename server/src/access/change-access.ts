import { can, isRole, membershipRefusal, type Role } from '../../../shared/src/access.ts'
import { Problem } from '../errors.ts'
import type { Member, Room, Storage } from '../storage/storage.ts'
import { type Actor, actorRole, OPERATOR, openRoom, record, refuse } from './change-steps.ts'
import { type InviteRequest, type InviteResult, invite } from './invite-change.ts'
import {
  addTeammate,
  removeTeammate,
  setTeamRole,
  type TeamRequest,
  type TeamResults,
  transferOwnership,
} from './team-change.ts'
import { recordWebhookEvents, type WebhookEventInput } from './webhook-events.ts'

export { type Actor, API_KEY_ACTOR, OPERATOR } from './change-steps.ts'
export type { InviteOutcome, InviteResult } from './invite-change.ts'

export type AccessRequest =
  | InviteRequest
  | { kind: 'set-role'; roomId: string; personId: string; role: string }
  | { kind: 'revoke'; roomId: string; personId: string }
  /** The actor joins by a verified e-mail code (domain mode): self-service, as a stakeholder. */
  | { kind: 'join-by-email'; roomId: string }
  | { kind: 'close-room'; roomId: string }
  /** Ends one browser session of the actor (by its stored hash), or all of them. */
  | { kind: 'sign-out'; sessionId: string | 'everywhere' }
  /** The seller team: teammates in and out, their workspace role, rooms changing owner. */
  | TeamRequest

interface Results extends TeamResults {
  invite: InviteResult
  'set-role': { member: Member; from: Role }
  revoke: { member: Member }
  'join-by-email': { member: Member; newcomer: boolean }
  'close-room': { room: Room }
  'sign-out': { sessionsEnded: number }
}

type Request<K extends AccessRequest['kind']> = Extract<AccessRequest, { kind: K }>

/**
 * Every change of a person's membership, role or sessions goes through here (the seller team's
 * too: team-change.ts): it checks the
 * actor's right from the roles table (shared/src/access.ts, `membershipRefusal`: the owner is
 * never lowered or removed), records an access change that every instance applies to its open
 * sockets within a second (collaboration/access-watcher.ts), and writes the audit row. A room
 * whose people changed has its summary (health, engagement coverage) marked due.
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
  const result = await run(storage, actor, request)
  if ('roomId' in request) await storage.markRoomsDue([request.roomId], Date.now())
  await recordWebhookEvents(storage, webhookEventsOf(actor, request, result))
  return result
}

/** The webhook events a change makes (room.closed, member.invited), for the outbox. */
function webhookEventsOf(
  actor: Actor,
  request: AccessRequest,
  result: Results[keyof Results],
): WebhookEventInput[] {
  if (request.kind === 'close-room')
    return [{ type: 'room.closed', roomId: request.roomId, personId: byPerson(actor) }]
  if (request.kind !== 'invite' || !('outcome' in result)) return []
  if (result.outcome !== 'invited' && result.outcome !== 'restored') return []
  return [
    {
      type: 'member.invited',
      roomId: request.roomId,
      personId: result.person.id,
      fields: { role: result.member?.role ?? request.role, invitedBy: byPerson(actor) },
    },
  ]
}

const byPerson = (actor: Actor): string | null => (actor.id === OPERATOR ? null : actor.id)

const HANDLERS: { [K in AccessRequest['kind']]: Handler<K> } = {
  invite,
  'set-role': setRole,
  revoke,
  'join-by-email': joinByEmail,
  'close-room': closeRoom,
  'sign-out': signOut,
  'add-teammate': addTeammate,
  'set-team-role': setTeamRole,
  'remove-teammate': removeTeammate,
  'transfer-ownership': transferOwnership,
}

type Handler<K extends AccessRequest['kind']> = (
  storage: Storage,
  actor: Actor,
  request: Request<K>,
) => Promise<Results[K]>

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
