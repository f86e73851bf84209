import * as Y from 'yjs'
import { copyRoomShape, dayOf, daysBetween } from '../../../shared/src/room/index.ts'
import { audit } from '../access/audit.ts'
import type { Actor } from '../access/change-steps.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import { copyRoomFiles, roomTitle, storeNewRoom } from '../collaboration/rooms.ts'
import type { Room, Storage } from '../storage/storage.ts'
import { dealRoom, newOwner } from './deal-rights.ts'

/**
 * A new room with the same plan shape for another buyer: milestones and tasks with their dates
 * moved so that they fall as long after today as they fell after the source's first day, and
 * the business case's outline. Not its people, comments, consensus marks, documents or history.
 */
export async function cloneRoom(
  storage: Storage,
  actor: Actor,
  input: { roomId: string; title: string },
): Promise<Room> {
  const source = await dealRoom(storage, actor, input.roomId)
  const title = roomTitle(input.title)
  const owner = await newOwner(storage, actor, source)
  const shared = new Y.Doc()
  copyRoomShape(await loadRoomDoc(storage, source.id), shared, {
    title,
    shiftDays: daysBetween(dayOf(source.createdAt), dayOf(Date.now())),
    businessCase: 'outline',
    stakeholders: 'none',
  })
  const room = await storeNewRoom(storage, owner, {
    title,
    template: source.template,
    shared,
    fields: { clonedFrom: source.id },
  })
  await copyRoomFiles(storage, source.id, room.id)
  await audit(storage, {
    roomId: room.id,
    actor: actor.id,
    action: 'room.cloned',
    subject: source.id,
    detail: { from: source.id },
    ip: actor.ip,
  })
  return room
}
