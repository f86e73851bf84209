import * as Y from 'yjs'
import { newId } from '../../../shared/src/ids.ts'
import { documentName } from '../../../shared/src/protocol.ts'
import {
  DEFAULT_TEMPLATE,
  findTemplate,
  seedRoom,
  TEMPLATES,
} from '../../../shared/src/room/index.ts'
import { requireSeller } from '../access/people.ts'
import { recordWebhookEvents } from '../access/webhook-events.ts'
import { Problem } from '../errors.ts'
import type { Room, Storage } from '../storage/storage.ts'

export function roomUrl(publicUrl: string, roomId: string): string {
  return `${publicUrl}/r/${roomId}`
}

export interface CreateRoomInput {
  ownerEmail: string
  title: string
  template?: string
  buyerOrg?: string
  targetCloseDate?: string
}

/**
 * Creates a room owned by a seller, with both documents seeded here on the server from the
 * template: the shared room document and the seller team's empty internal document.
 */
export async function createRoom(storage: Storage, input: CreateRoomInput): Promise<Room> {
  const owner = await requireSeller(storage, input.ownerEmail)
  const title = input.title.trim()
  if (title === '') throw new Problem('invalid', 'A room needs a title (--title)')
  if (title.length > 200) throw new Problem('invalid', 'A title can be at most 200 characters')
  const templateName = input.template ?? DEFAULT_TEMPLATE
  if (!findTemplate(templateName)) {
    const known = TEMPLATES.map((template) => template.name).join(', ')
    throw new Problem('invalid', `Unknown template "${templateName}"; templates: ${known}`)
  }
  const shared = new Y.Doc()
  try {
    seedRoom(shared, {
      title,
      template: templateName,
      buyerOrg: input.buyerOrg,
      targetCloseDate: input.targetCloseDate,
    })
  } catch (error) {
    throw new Problem('invalid', error instanceof Error ? error.message : String(error))
  }
  const id = newId(12)
  const room = await storage.createRoom({
    id,
    title,
    ownerId: owner.id,
    template: templateName,
    documents: [
      { name: documentName(id, 'shared'), snapshot: Y.encodeStateAsUpdate(shared) },
      { name: documentName(id, 'internal'), snapshot: Y.encodeStateAsUpdate(new Y.Doc()) },
    ],
  })
  await recordWebhookEvents(storage, [
    {
      type: 'room.created',
      roomId: id,
      personId: owner.id,
      fields: {
        template: templateName,
        buyerOrg: input.buyerOrg ?? null,
        targetCloseDate: input.targetCloseDate ?? null,
      },
      at: room.createdAt,
    },
  ])
  return room
}
