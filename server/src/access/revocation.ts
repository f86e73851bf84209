import { Problem } from '../errors.ts'
import type { Storage } from '../storage/storage.ts'
import { audit } from './audit.ts'
import { type Actor, changeAccess } from './change-access.ts'

export type { Actor } from './change-access.ts'

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
  await changeAccess(storage, actor, { kind: 'revoke', roomId, personId })
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
  await changeAccess(storage, actor, { kind: 'close-room', roomId })
}
