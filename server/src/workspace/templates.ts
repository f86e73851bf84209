import * as Y from 'yjs'
import { newId } from '../../../shared/src/ids.ts'
import {
  copyRoomShape,
  DEFAULT_TEMPLATE,
  dayOf,
  daysBetween,
  findTemplate,
  TEMPLATES,
} from '../../../shared/src/room/index.ts'
import { audit } from '../access/audit.ts'
import type { Actor } from '../access/change-steps.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import { copyRoomFiles, storeNewRoom } from '../collaboration/rooms.ts'
import { Problem } from '../errors.ts'
import type { Person, SavedTemplate, Storage } from '../storage/storage.ts'
import { dealRoom, newOwner } from './deal-rights.ts'

/** A template's name: trimmed, 1–80 characters, not a built-in's. */
export function templateName(text: string): string {
  const name = text.trim()
  if (name === '') throw new Problem('invalid', 'A template needs a name (--name)')
  if (name.length > 80) throw new Problem('invalid', 'A template name can be at most 80 characters')
  if (findTemplate(name)) throw new Problem('conflict', `"${name}" is a built-in template's name`)
  return name
}

/**
 * Saves a room as the team's template: its plan with dates counted from today (as they fell
 * after the room's first day), its business case's outline and its stakeholders as roles to
 * fill. The template lives in a room of its own (kind 'template'), edited in the room editor.
 */
export async function saveTemplate(
  storage: Storage,
  actor: Actor,
  input: { roomId: string; name: string },
): Promise<SavedTemplate> {
  const source = await dealRoom(storage, actor, input.roomId)
  const name = templateName(input.name)
  if (await storage.findTemplateByName(name))
    throw new Problem('conflict', `A template named "${name}" exists already`)
  const owner = await newOwner(storage, actor, source)
  const today = dayOf(Date.now())
  const shared = new Y.Doc()
  copyRoomShape(await loadRoomDoc(storage, source.id), shared, {
    title: name,
    shiftDays: daysBetween(dayOf(source.createdAt), today),
    businessCase: 'outline',
    stakeholders: 'roles',
  })
  const room = await storeNewRoom(storage, owner, {
    title: name,
    template: source.template,
    shared,
    fields: { savedAsTemplate: name },
  })
  await copyRoomFiles(storage, source.id, room.id)
  const saved = await storage.createTemplate({
    id: newId(12),
    name,
    roomId: room.id,
    anchorDay: today,
    createdBy: owner.id,
  })
  if (!saved) {
    await storage.setRoomStage(room.id, 'archived', null, Date.now())
    throw new Problem('conflict', `A template named "${name}" exists already`)
  }
  await audit(storage, {
    roomId: source.id,
    actor: actor.id,
    action: 'template.saved',
    subject: name,
    detail: { templateId: saved.id, templateRoomId: room.id },
    ip: actor.ip,
  })
  return saved
}

export interface TemplateListing {
  builtIn: Array<{ name: string; description: string }>
  saved: SavedTemplate[]
  /** The template new rooms start from when none is picked. */
  defaultName: string
}

export async function listAllTemplates(storage: Storage): Promise<TemplateListing> {
  const [saved, chosen] = await Promise.all([storage.listTemplates(), storage.getDefaultTemplate()])
  return {
    builtIn: TEMPLATES.map(({ name, description }) => ({ name, description })),
    saved,
    defaultName: chosen ?? DEFAULT_TEMPLATE,
  }
}

async function requireTemplate(storage: Storage, idOrName: string): Promise<SavedTemplate> {
  const template =
    (await storage.getTemplate(idOrName)) ?? (await storage.findTemplateByName(idOrName))
  if (!template) throw new Problem('not-found', `No saved template "${idOrName}"`)
  return template
}

/** Deletes a saved template; its room is archived (kept for the audit trail, never listed). */
export async function deleteTemplate(
  storage: Storage,
  actor: Actor,
  idOrName: string,
): Promise<SavedTemplate> {
  const template = await requireTemplate(storage, idOrName)
  await storage.deleteTemplate(template.id)
  await storage.setRoomStage(template.roomId, 'archived', null, Date.now())
  await audit(storage, {
    roomId: null,
    actor: actor.id,
    action: 'template.deleted',
    subject: template.name,
    detail: { templateId: template.id },
    ip: actor.ip,
  })
  return template
}

/** Sets the template new rooms start from: a built-in's name or a saved one's. */
export async function setDefaultTemplate(
  storage: Storage,
  actor: Actor,
  name: string,
): Promise<string> {
  const chosen = findTemplate(name) ? name : (await requireTemplate(storage, name)).name
  await storage.setDefaultTemplate(chosen === DEFAULT_TEMPLATE ? null : chosen)
  await audit(storage, {
    roomId: null,
    actor: actor.id,
    action: 'template.default-set',
    subject: chosen,
    detail: {},
    ip: actor.ip,
  })
  return chosen
}

/**
 * Opens a saved template for editing by a seller: the team's templates are every seller's, so a
 * seller not yet in the template's room joins it as a seller teammate.
 */
export async function editTemplate(
  storage: Storage,
  seller: Person,
  templateId: string,
): Promise<SavedTemplate> {
  if (seller.kind !== 'seller') throw new Problem('forbidden', 'Templates are the seller team’s.')
  const template = await requireTemplate(storage, templateId)
  if (!(await storage.getMember(template.roomId, seller.id)))
    await storage.putMember(template.roomId, seller.id, 'seller')
  return template
}
