import { can, isTeamRole, type TeamRole } from '../../../shared/src/access.ts'
import { Problem } from '../errors.ts'
import type { Person, Room, Storage, Teammate } from '../storage/storage.ts'
import { type Actor, API_KEY_ACTOR, OPERATOR, openRoom, record } from './change-steps.ts'
import { type IssuedLink, issueLink } from './links.ts'
import { checkEmail, checkName } from './people.ts'

/** How long the sign-in link of a new teammate stays valid. */
export const TEAM_INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000

export type TeamRequest =
  /** Puts a seller on the team (a new account, or one removed before), with a sign-in link. */
  | {
      kind: 'add-teammate'
      email: string
      name: string
      role: string
      publicUrl: string
      /** False when sellers must sign in with SSO: they are told to, no link is issued. */
      withLink: boolean
    }
  | { kind: 'set-team-role'; personId: string; role: string }
  /** Takes a seller off the team: their rooms go to `moveRoomsTo`, their sessions end. */
  | { kind: 'remove-teammate'; personId: string; moveRoomsTo: string }
  /** Hands a room to another teammate; the previous owner stays as a co-owner. */
  | { kind: 'transfer-ownership'; roomId: string; personId: string }

export interface TeamResults {
  'add-teammate': { person: Person; teammate: Teammate; signIn: IssuedLink | null }
  'set-team-role': { teammate: Teammate; from: TeamRole }
  'remove-teammate': { roomsMoved: string[]; roomsLeft: string[]; sessionsEnded: number }
  'transfer-ownership': { room: Room; previousOwnerId: string }
}

/** The operator at the command line can do everything; a person needs the team's admin role. */
async function requireAdmin(storage: Storage, actor: Actor): Promise<void> {
  if (actor.id === OPERATOR) return
  const me = actor.id.startsWith(API_KEY_ACTOR) ? null : await storage.getTeammate(actor.id)
  if (me?.role !== 'admin') throw new Problem('forbidden', 'Only a team admin manages the team.')
}

async function requireTeammate(storage: Storage, personId: string): Promise<Teammate> {
  const teammate = await storage.getTeammate(personId)
  if (!teammate) throw new Problem('not-found', 'That person is not on the team.')
  return teammate
}

function teamRole(role: string): TeamRole {
  if (!isTeamRole(role)) throw new Problem('invalid', `"role" is admin or member (got "${role}")`)
  return role
}

/** A team keeps one admin at least: someone must be able to manage it from the page. */
async function keepAnAdmin(storage: Storage, leaving: Teammate): Promise<void> {
  if (leaving.role !== 'admin') return
  const admins = (await storage.listTeammates()).filter((each) => each.role === 'admin')
  if (admins.length <= 1)
    throw new Problem('conflict', 'The team needs an admin: make someone else admin first.')
}

export async function addTeammate(
  storage: Storage,
  actor: Actor,
  request: Extract<TeamRequest, { kind: 'add-teammate' }>,
): Promise<TeamResults['add-teammate']> {
  await requireAdmin(storage, actor)
  const role = teamRole(request.role)
  const email = checkEmail(request.email)
  const name = checkName(request.name)
  const existing = await storage.findPersonByEmail(email)
  if (existing?.kind === 'buyer')
    throw new Problem('conflict', `${email} is invited to a room as a buyer; use another address.`)
  if (existing && (await storage.getTeammate(existing.id)))
    throw new Problem('conflict', `${email} is already on the team.`)
  const person = existing ?? (await storage.createPerson({ email, name, kind: 'seller' }))
  const now = Date.now()
  // A team without an admin (a fresh instance set up from the shell) gets this one as its admin.
  const hasAdmin = (await storage.listTeammates()).some((each) => each.role === 'admin')
  const teammate = await storage.putTeammate(person.id, hasAdmin ? role : 'admin', now)
  await storage.revokeLinks({ kind: 'signin', personId: person.id }, now)
  const signIn = request.withLink
    ? await issueLink(storage, request.publicUrl, {
        kind: 'signin',
        personId: person.id,
        roomId: null,
        ttlMs: TEAM_INVITE_TTL_MS,
      })
    : null
  await record(storage, actor, {
    roomId: null,
    personId: person.id,
    change: null,
    action: existing ? 'team.rejoined' : 'team.added',
    subject: email,
    detail: { role },
  })
  return { person, teammate, signIn }
}

export async function setTeamRole(
  storage: Storage,
  actor: Actor,
  request: Extract<TeamRequest, { kind: 'set-team-role' }>,
): Promise<TeamResults['set-team-role']> {
  await requireAdmin(storage, actor)
  const role = teamRole(request.role)
  const current = await requireTeammate(storage, request.personId)
  if (current.role === role) return { teammate: current, from: current.role }
  if (role === 'member') await keepAnAdmin(storage, current)
  const teammate = await storage.putTeammate(current.personId, role, Date.now())
  await record(storage, actor, {
    roomId: null,
    personId: current.personId,
    change: null,
    action: 'team.role-changed',
    subject: current.email,
    detail: { from: current.role, to: role },
  })
  return { teammate, from: current.role }
}

/**
 * Removes a teammate: each room they own goes to `moveRoomsTo` (who becomes its owner), they
 * leave every room they were in, their sign-in links and sessions end, and every instance closes
 * their open sockets at once (the access-change log, as for any revocation).
 */
export async function removeTeammate(
  storage: Storage,
  actor: Actor,
  request: Extract<TeamRequest, { kind: 'remove-teammate' }>,
): Promise<TeamResults['remove-teammate']> {
  await requireAdmin(storage, actor)
  const leaving = await requireTeammate(storage, request.personId)
  if (request.moveRoomsTo === leaving.personId)
    throw new Problem('invalid', 'Choose another teammate to take over their rooms.')
  const heir = await requireTeammate(storage, request.moveRoomsTo)
  await keepAnAdmin(storage, leaving)
  const now = Date.now()
  const roomsMoved = await storage.roomsOwnedBy(leaving.personId)
  for (const roomId of roomsMoved) {
    await storage.transferRoom(roomId, heir.personId, { previousOwnerLeaves: true, at: now })
    // The new owner's open sockets reconnect with the owner's rights.
    await storage.recordAccessChange({ roomId, personId: heir.personId, kind: 'role-changed' })
  }
  const roomsLeft: string[] = []
  for (const room of await storage.listRoomsOf(leaving.personId)) {
    await storage.removeMember(room.id, leaving.personId)
    roomsLeft.push(room.id)
  }
  await storage.removeTeammate(leaving.personId)
  await storage.revokeLinks({ kind: 'signin', personId: leaving.personId }, now)
  const sessionsEnded = await storage.revokeSessions({ personId: leaving.personId }, now)
  for (const roomId of new Set([...roomsMoved, ...roomsLeft])) {
    await storage.recordAccessChange({ roomId, personId: leaving.personId, kind: 'revoked' })
    await storage.markRoomsDue([roomId], now)
  }
  await record(storage, actor, {
    roomId: null,
    personId: leaving.personId,
    change: 'signed-out',
    action: 'team.removed',
    subject: leaving.email,
    detail: { movedTo: heir.email, roomsMoved, sessions: sessionsEnded },
  })
  return { roomsMoved, roomsLeft, sessionsEnded }
}

/**
 * Hands a room to another teammate. The owner may; so may a team admin (a rep left) and the
 * operator; a co-owner may not, as it would remove the owner. The previous owner stays in the
 * room as a co-owner.
 */
export async function transferOwnership(
  storage: Storage,
  actor: Actor,
  request: Extract<TeamRequest, { kind: 'transfer-ownership' }>,
): Promise<TeamResults['transfer-ownership']> {
  const room = await openRoom(storage, request.roomId)
  if (actor.id !== OPERATOR) {
    const member = await storage.getMember(room.id, actor.id)
    const admin = (await storage.getTeammate(actor.id))?.role === 'admin'
    if (!admin && !(member && can(member.role, 'transferOwnership')))
      throw new Problem('forbidden', 'Only the owner or a team admin hands the room over.')
  }
  const heir = await requireTeammate(storage, request.personId)
  if (heir.personId === room.ownerId)
    throw new Problem('conflict', `${heir.name} already owns this room.`)
  const previousOwnerId = await storage.transferRoom(room.id, heir.personId, {
    previousOwnerLeaves: false,
    at: Date.now(),
  })
  // Both change rights: the new owner's and the previous owner's sockets reconnect.
  await storage.recordAccessChange({
    roomId: room.id,
    personId: heir.personId,
    kind: 'role-changed',
  })
  await record(storage, actor, {
    roomId: room.id,
    personId: previousOwnerId,
    change: 'role-changed',
    action: 'room.ownership-transferred',
    subject: heir.email,
    detail: { from: previousOwnerId, to: heir.personId },
  })
  const updated = await storage.getRoom(room.id)
  return { room: updated ?? room, previousOwnerId }
}
