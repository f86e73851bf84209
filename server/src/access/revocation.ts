import { Problem } from '../errors.ts'
import type { Storage } from '../storage/storage.ts'
import { audit } from './audit.ts'

export interface Actor {
  /** Person id, or `cli` for the command line. */
  id: string
  ip: string | null
}

/**
 * Takes a person's access to a room away: their membership, unused links and sessions for the
 * room go, and a change is recorded that every server instance applies to open sockets (closed
 * within a second, see collaboration/access-watcher.ts).
 */
export async function revokeMember(
  storage: Storage,
  roomId: string,
  personId: string,
  actor: Actor,
): Promise<void> {
  const room = await storage.getRoom(roomId)
  if (!room) throw new Problem('not-found', `No room with id ${roomId}`)
  const member = await storage.getMember(roomId, personId)
  if (!member) throw new Problem('not-found', 'That person is not a member of this room')
  if (member.role === 'owner')
    throw new Problem('conflict', 'The owner’s access cannot be revoked; close the room instead')
  await storage.removeMember(roomId, personId)
  await storage.setRevoked(roomId, personId, true, Date.now())
  await storage.revokeLinks({ kind: 'invite', personId, roomId }, Date.now())
  await storage.revokeSessions({ personId, roomId }, Date.now())
  await storage.recordAccessChange({ roomId, personId, kind: 'revoked' })
  await audit(storage, {
    roomId,
    actor: actor.id,
    action: 'access.revoked',
    subject: member.email,
    detail: { personId, role: member.role },
    ip: actor.ip,
  })
}

export async function revokeMemberByEmail(
  storage: Storage,
  roomId: string,
  email: string,
  actor: Actor,
): Promise<void> {
  const person = await storage.findPersonByEmail(email)
  if (!person) throw new Problem('not-found', `No one with e-mail ${email} is known to Quorum`)
  await revokeMember(storage, roomId, person.id, actor)
}

/** Withdraws one personal link (by the id `quorum invite` printed); already-used links stay used. */
export async function revokeInviteLink(
  storage: Storage,
  roomId: string,
  linkId: string,
  actor: Actor,
): Promise<void> {
  const revoked = await storage.revokeLinkById(linkId, roomId, Date.now())
  if (!revoked) throw new Problem('not-found', `No unused invite link ${linkId} in room ${roomId}`)
  await audit(storage, {
    roomId,
    actor: actor.id,
    action: 'link.revoked',
    subject: linkId,
    detail: {},
    ip: actor.ip,
  })
}

/** Closes a room for everyone: open sockets close, links and tokens stop working. */
export async function closeRoom(storage: Storage, roomId: string, actor: Actor): Promise<void> {
  const room = await storage.getRoom(roomId)
  if (!room) throw new Problem('not-found', `No room with id ${roomId}`)
  if (room.closedAt !== null) throw new Problem('conflict', `Room ${roomId} is already closed`)
  await storage.closeRoom(roomId, Date.now())
  await storage.revokeLinks({ kind: 'invite', roomId }, Date.now())
  await storage.recordAccessChange({ roomId, personId: null, kind: 'room-closed' })
  await audit(storage, {
    roomId,
    actor: actor.id,
    action: 'room.closed',
    subject: roomId,
    detail: {},
    ip: actor.ip,
  })
}
