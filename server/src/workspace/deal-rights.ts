import { can } from '../../../shared/src/access.ts'
import { type Actor, actorRole, OPERATOR } from '../access/change-steps.ts'
import { Problem } from '../errors.ts'
import type { Person, Room, Storage } from '../storage/storage.ts'

/**
 * The room, and that the actor may manage its deal (stage, clone, save as template): the seller
 * team of the room, or the operator (the CLI, an API key).
 */
export async function dealRoom(storage: Storage, actor: Actor, roomId: string): Promise<Room> {
  const room = await storage.getRoom(roomId)
  if (!room) throw new Problem('not-found', `No room with id ${roomId}`)
  const by = await actorRole(storage, actor, room.id)
  if (by !== 'operator' && !can(by, 'manageDeal'))
    throw new Problem('forbidden', 'Only the seller team manages the deal.')
  return room
}

/** Who owns what the actor makes: the actor, or (for the operator) the source room's owner. */
export async function newOwner(storage: Storage, actor: Actor, source: Room): Promise<Person> {
  const id = actor.id === OPERATOR || actor.id.includes(':') ? source.ownerId : actor.id
  const person = await storage.getPerson(id)
  if (person?.kind !== 'seller')
    throw new Problem('forbidden', 'Only sellers create rooms and templates.')
  return person
}
