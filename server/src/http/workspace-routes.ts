import type { FastifyInstance } from 'fastify'
import { workspace } from '../../../shared/src/api/index.ts'
import { requireSession } from '../access/sessions.ts'
import { roomUrl } from '../collaboration/rooms.ts'
import { Problem } from '../errors.ts'
import type { Storage } from '../storage/storage.ts'
import { cloneRoom } from '../workspace/clone.ts'
import { changeStage } from '../workspace/stages.ts'
import {
  deleteTemplate,
  editTemplate,
  listAllTemplates,
  saveTemplate,
  setDefaultTemplate,
} from '../workspace/templates.ts'
import type { ApiDependencies } from './api.ts'
import { clientIp, roomActor, sessionCookie } from './room-access.ts'
import { route } from './route.ts'

/** The saved template a room is the room of, if it is one (the room page's template mode). */
export async function templateOfRoom(storage: Storage, roomId: string) {
  const [templates, chosen] = await Promise.all([
    storage.listTemplates(),
    storage.getDefaultTemplate(),
  ])
  const template = templates.find((each) => each.roomId === roomId)
  if (!template) return null
  const { id, name, anchorDay } = template
  return { id, name, anchorDay, isDefault: chosen === name }
}

/** Deal stages, cloning and the team's templates (issue 15). */
export function workspaceRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config } = dependencies
  const secure = config.publicUrl.startsWith('https://')
  const options = dependencies.routes
  const seller = async (cookie: ReturnType<typeof sessionCookie>) => {
    const session = await requireSession(storage, cookie)
    if (session.person.kind !== 'seller')
      throw new Problem('forbidden', 'Templates are the seller team’s.')
    return session.person
  }

  route(app, workspace.setStage, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'manageDeal')
    const input = body()
    const { to } = await changeStage(
      storage,
      { id: me.personId, ip: clientIp(request) },
      { roomId, stage: input.stage, reason: input.reason ?? null },
    )
    return { id: roomId, stage: to.stage, reason: to.reason }
  })

  route(app, workspace.cloneRoom, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'manageDeal')
    const room = await cloneRoom(
      storage,
      { id: me.personId, ip: clientIp(request) },
      { roomId, title: body().title },
    )
    return { id: room.id, url: roomUrl(config.publicUrl, room.id) }
  })

  route(app, workspace.saveTemplate, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'manageDeal')
    const template = await saveTemplate(
      storage,
      { id: me.personId, ip: clientIp(request) },
      { roomId, name: body().name },
    )
    return { id: template.id, name: template.name }
  })

  route(app, workspace.listTeamTemplates, options, async ({ request, reply }) => {
    await seller(sessionCookie(request, reply, secure))
    const listing = await listAllTemplates(storage)
    return {
      builtIn: listing.builtIn,
      saved: listing.saved.map((template) => ({
        id: template.id,
        name: template.name,
        url: roomUrl(config.publicUrl, template.roomId),
        anchorDay: template.anchorDay,
        createdAt: template.createdAt,
      })),
      default: listing.defaultName,
    }
  })

  route(app, workspace.deleteTeamTemplate, options, async ({ request, reply, params }) => {
    const person = await seller(sessionCookie(request, reply, secure))
    const template = await storage.getTemplate(params.templateId)
    if (!template) throw new Problem('not-found', 'There is no such template.')
    await deleteTemplate(storage, { id: person.id, ip: clientIp(request) }, template.id)
    return { deleted: true as const }
  })

  route(app, workspace.editTeamTemplate, options, async ({ request, reply, params }) => {
    const person = await seller(sessionCookie(request, reply, secure))
    const template = await storage.getTemplate(params.templateId)
    if (!template) throw new Problem('not-found', 'There is no such template.')
    await editTemplate(storage, person, template.id)
    return { url: roomUrl(config.publicUrl, template.roomId) }
  })

  route(app, workspace.setDefaultTemplate, options, async ({ request, reply, body }) => {
    const person = await seller(sessionCookie(request, reply, secure))
    const name = await setDefaultTemplate(
      storage,
      { id: person.id, ip: clientIp(request) },
      body().name,
    )
    return { default: name }
  })
}
