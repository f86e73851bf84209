import { OPERATOR } from '../access/change-access.ts'
import { roomUrl } from '../collaboration/rooms.ts'
import type { Storage } from '../storage/storage.ts'
import { cloneRoom } from '../workspace/clone.ts'
import { changeStage } from '../workspace/stages.ts'
import {
  deleteTemplate,
  listAllTemplates,
  saveTemplate,
  setDefaultTemplate,
} from '../workspace/templates.ts'
import { type Flags, optional, required } from './args.ts'

export const WORKSPACE_HELP = `  quorum room stage --room ID --stage open|won|lost|archived [--reason R]
                                              move a deal: lost needs a reason; archived ends the buyers'
                                              access (the team keeps reading); open reopens it
  quorum room clone --room ID --title T       a new room with the same plan shape (dates moved to count
                                              from today), without people, comments or history; { id, url }
  quorum template save --room ID --name N     save a room as the team's template; prints { id, name }
  quorum templates                            the built-in and saved templates, and the default
  quorum template default --name N            new rooms start from this template (built-in or saved)
  quorum template delete --name N             delete a saved template`

interface Output {
  json: unknown
  text: string
}

const CLI_ACTOR = { id: OPERATOR, ip: null }

export const WORKSPACE_COMMANDS = {
  'room stage': {
    flags: ['room', 'stage', 'reason'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const { roomId, to } = await changeStage(storage, CLI_ACTOR, {
        roomId: required(flags, 'room'),
        stage: required(flags, 'stage'),
        reason: optional(flags, 'reason') ?? null,
      })
      return {
        json: { id: roomId, stage: to.stage, reason: to.reason },
        text: `Room ${roomId} is ${to.stage}${to.reason ? ` (${to.reason})` : ''}.${to.stage === 'archived' ? ' Buyers no longer have access; the seller team keeps reading it.' : ''}`,
      }
    },
  },
  'room clone': {
    flags: ['room', 'title'],
    async run(storage: Storage, flags: Flags, publicUrl: string): Promise<Output> {
      const room = await cloneRoom(storage, CLI_ACTOR, {
        roomId: required(flags, 'room'),
        title: required(flags, 'title'),
      })
      const url = roomUrl(publicUrl, room.id)
      return {
        json: { id: room.id, url },
        text: `Room "${room.title}" cloned.\n  id:  ${room.id}\n  url: ${url}`,
      }
    },
  },
  'template save': {
    flags: ['room', 'name'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const template = await saveTemplate(storage, CLI_ACTOR, {
        roomId: required(flags, 'room'),
        name: required(flags, 'name'),
      })
      return {
        json: { id: template.id, name: template.name },
        text: `Template "${template.name}" saved (id ${template.id}); create rooms from it with --template "${template.name}".`,
      }
    },
  },
  templates: {
    flags: [],
    async run(storage: Storage, _flags: Flags, publicUrl: string): Promise<Output> {
      const listing = await listAllTemplates(storage)
      const mark = (name: string) => (name === listing.defaultName ? ' (default)' : '')
      const lines = [
        ...listing.builtIn.map((t) => `${t.name}${mark(t.name)}  built in: ${t.description}`),
        ...listing.saved.map(
          (t) =>
            `${t.name}${mark(t.name)}  saved ${t.anchorDay}; edit: ${roomUrl(publicUrl, t.roomId)}`,
        ),
      ]
      return {
        json: {
          default: listing.defaultName,
          builtIn: listing.builtIn,
          saved: listing.saved.map((t) => ({ id: t.id, name: t.name, anchorDay: t.anchorDay })),
        },
        text: lines.join('\n'),
      }
    },
  },
  'template default': {
    flags: ['name'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const name = await setDefaultTemplate(storage, CLI_ACTOR, required(flags, 'name'))
      return { json: { default: name }, text: `New rooms start from "${name}".` }
    },
  },
  'template delete': {
    flags: ['name'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const template = await deleteTemplate(storage, CLI_ACTOR, required(flags, 'name'))
      return {
        json: { id: template.id, name: template.name, deleted: true },
        text: `Template "${template.name}" deleted.`,
      }
    },
  },
}
