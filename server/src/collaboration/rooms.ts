import * as Y from 'yjs'
import { newId } from '../../../shared/src/ids.ts'
import { documentName } from '../../../shared/src/protocol.ts'
import {
  copyRoomShape,
  DEFAULT_TEMPLATE,
  dayOf,
  daysBetween,
  findTemplate,
  seedRoom,
  TEMPLATES,
  updateMeta,
} from '../../../shared/src/room/index.ts'
import { requireSeller } from '../access/people.ts'
import { recordWebhookEvents } from '../access/webhook-events.ts'
import { Problem } from '../errors.ts'
import type { Person, Room, Storage } from '../storage/storage.ts'
import { loadRoomDoc } from './room-doc.ts'

export function roomUrl(publicUrl: string, roomId: string): string {
  return `${publicUrl}/r/${roomId}`
}

export interface CreateRoomInput {
  ownerEmail: string
  title: string
  /** A built-in template (standard, pilot) or one the team saved; default: the team's default. */
  template?: string
  buyerOrg?: string
  targetCloseDate?: string
}

/** A room's title, trimmed and checked. */
export function roomTitle(text: string): string {
  const title = text.trim()
  if (title === '') throw new Problem('invalid', 'A room needs a title (--title)')
  if (title.length > 200) throw new Problem('invalid', 'A title can be at most 200 characters')
  return title
}

/** Why a template name cannot start a room (null when it can): built-in and saved names. */
export async function unknownTemplate(storage: Storage, name: string): Promise<string | null> {
  if (findTemplate(name) || (await storage.findTemplateByName(name))) return null
  const known = [...TEMPLATES.map((template) => template.name)]
  for (const template of await storage.listTemplates()) known.push(template.name)
  return `Unknown template "${name}"; templates: ${known.join(', ')}`
}

/**
 * Creates a room owned by a seller, with both documents seeded here on the server from the
 * template: the shared room document and the seller team's empty internal document. A saved
 * template's plan is copied with its dates moved to count from today.
 */
export async function createRoom(storage: Storage, input: CreateRoomInput): Promise<Room> {
  const owner = await requireSeller(storage, input.ownerEmail)
  const title = roomTitle(input.title)
  const templateName = input.template ?? (await storage.getDefaultTemplate()) ?? DEFAULT_TEMPLATE
  const shared = new Y.Doc()
  const saved = findTemplate(templateName) ? null : await storage.findTemplateByName(templateName)
  const refusal = await unknownTemplate(storage, templateName)
  if (refusal) throw new Problem('invalid', refusal)
  try {
    if (saved) {
      copyRoomShape(await loadRoomDoc(storage, saved.roomId), shared, {
        title,
        buyerOrg: input.buyerOrg,
        shiftDays: daysBetween(saved.anchorDay, dayOf(Date.now())),
        businessCase: 'full',
        stakeholders: 'keep',
      })
      if (input.targetCloseDate !== undefined)
        updateMeta(shared, { targetCloseDate: input.targetCloseDate })
    } else {
      seedRoom(shared, {
        title,
        template: templateName,
        buyerOrg: input.buyerOrg,
        targetCloseDate: input.targetCloseDate,
      })
    }
  } catch (error) {
    throw new Problem('invalid', error instanceof Error ? error.message : String(error))
  }
  const room = await storeNewRoom(storage, owner, {
    title,
    template: templateName,
    shared,
    fields: { buyerOrg: input.buyerOrg ?? null, targetCloseDate: input.targetCloseDate ?? null },
  })
  if (saved) await copyRoomFiles(storage, saved.roomId, room.id)
  return room
}

/**
 * Copies a room's documents into another (a clone, a saved template, a room from a template):
 * each one's latest version, title, download policy and place beside a task or milestone (the
 * copied plan keeps their ids). The bytes are not copied: blob keys are content-addressed and a
 * blob is never rewritten or removed, so both rooms name the same bytes. Returns how many.
 */
export async function copyRoomFiles(
  storage: Storage,
  fromRoomId: string,
  toRoomId: string,
): Promise<number> {
  const files = await storage.listFiles(fromRoomId)
  for (const file of files) {
    const { fileId: _file, version: _version, createdByName: _name, ...latest } = file.latest
    const copy = await storage.createFile({
      id: newId(12),
      roomId: toRoomId,
      title: file.title,
      policy: file.policy,
      version: latest,
    })
    if (file.attachedKind !== null && file.attachedId !== null)
      await storage.updateFile(copy.id, {
        attachedTo: { kind: file.attachedKind, id: file.attachedId },
      })
  }
  return files.length
}

/** Stores a new room from its prepared shared document, and tells the webhooks. */
export async function storeNewRoom(
  storage: Storage,
  owner: Person,
  input: { title: string; template: string; shared: Y.Doc; fields: Record<string, unknown> },
): Promise<Room> {
  const id = newId(12)
  const room = await storage.createRoom({
    id,
    title: input.title,
    ownerId: owner.id,
    template: input.template,
    documents: [
      { name: documentName(id, 'shared'), snapshot: Y.encodeStateAsUpdate(input.shared) },
      { name: documentName(id, 'internal'), snapshot: Y.encodeStateAsUpdate(new Y.Doc()) },
    ],
  })
  await recordWebhookEvents(storage, [
    {
      type: 'room.created',
      roomId: id,
      personId: owner.id,
      fields: { template: input.template, ...input.fields },
      at: room.createdAt,
    },
  ])
  return room
}
