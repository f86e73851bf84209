import type { AccessActor } from '../../../shared/src/access.ts'
import { Problem } from '../errors.ts'
import type { AccessChangeKind, Room, Storage } from '../storage/storage.ts'
import { audit } from './audit.ts'

/** The actor id of the operator at the command line (trusted: they hold the database). */
export const OPERATOR = 'cli'

/**
 * The actor id of a public-API key, `apikey:<key id>`. Until there are workspaces (issue 15) a
 * key belongs to the instance and sees every room of it, so it stands as the operator does:
 * anything the membership rules allow anyone (the owner still stays the owner).
 */
export const API_KEY_ACTOR = 'apikey:'

/** Who asks for a change: a person (their rights are read from the room's members) or the operator. */
export interface Actor {
  /** Person id, OPERATOR, or API_KEY_ACTOR and a key's id. */
  id: string
  ip: string | null
}

/** The steps every access change is made of (see change-access.ts). */
export async function openRoom(storage: Storage, roomId: string): Promise<Room> {
  const room = await storage.getRoom(roomId)
  if (!room) throw new Problem('not-found', `No room with id ${roomId}`)
  if (room.closedAt !== null) throw new Problem('conflict', `Room ${room.id} is closed`)
  return room
}

/** The actor's standing in the room, from the roles table (never from what a client claims). */
export async function actorRole(
  storage: Storage,
  actor: Actor,
  roomId: string,
): Promise<AccessActor> {
  if (actor.id === OPERATOR || actor.id.startsWith(API_KEY_ACTOR)) return 'operator'
  const member = await storage.getMember(roomId, actor.id)
  if (!member) throw new Problem('forbidden', 'You are not a member of this room.')
  return member.role
}

/** Throws the rule's refusal (from `membershipRefusal`), if there is one. */
export function refuse(reason: string | null): void {
  if (reason !== null) throw new Problem('forbidden', reason)
}

/** Records the change every instance applies to open sockets (if any), and the audit row. */
export async function record(
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
