import type { FastifyInstance } from 'fastify'
import { v1 } from '../../../shared/src/api/index.ts'
import type { EventKind } from '../../../shared/src/api/v1.ts'
import { getStakeholder, getTask, updateTask } from '../../../shared/src/room/index.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import type { EditAuthor } from '../collaboration/server-edit.ts'
import { Problem } from '../errors.ts'
import { apiPlan, apiTask } from '../integrations/room-view.ts'
import type { EngagementKind, NumberedEvent } from '../storage/storage.ts'
import type { ApiDependencies } from './api.ts'
import { type ApiCaller, requireApiKey } from './api-keys.ts'
import { InvalidInput } from './input.ts'
import { route } from './route.ts'
import { makerOf, roomOf } from './v1-rooms-routes.ts'

// Every kind the API names is one storage records, and the other way round.
const toStored = (kind: EventKind): EngagementKind => kind
const toApi = (kind: EngagementKind): EventKind => kind

function apiEvent(event: NumberedEvent) {
  return {
    id: String(event.id),
    kind: toApi(event.kind),
    at: event.at,
    personId: event.personId,
    side: event.side,
    section: event.section,
    durationMs: event.durationMs,
    detail: event.detail,
  }
}

function afterId(cursor: string | undefined): number {
  if (cursor === undefined) return 0
  if (!/^\d{1,15}$/.test(cursor))
    throw new InvalidInput('cursor', '"cursor" must be the "next" of a previous answer')
  return Number(cursor)
}

/** /api/v1 plan and events: the public API, with an API key (see api-keys.ts). */
export function v1PlanRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, editRoom } = dependencies
  const options = dependencies.routes

  /** Whom a change made with a key is the room's activity of: the key's maker, or the key. */
  const authorOf = async (caller: ApiCaller): Promise<EditAuthor> => {
    const maker = await makerOf(storage, caller.key)
    return maker
      ? { personId: maker.id, name: maker.name, role: 'seller' }
      : { personId: caller.actor.id, name: caller.key.name, role: 'seller' }
  }

  route(app, v1.getPlan, options, async ({ request, params }) => {
    await requireApiKey(request, 'rooms:read')
    const room = await roomOf(storage, params.roomId)
    return apiPlan(await loadRoomDoc(storage, room.id))
  })

  route(app, v1.updateTask, options, async ({ request, params, body }) => {
    const caller = await requireApiKey(request, 'rooms:write')
    const input = body()
    const room = await roomOf(storage, params.roomId)
    if (room.closedAt !== null) throw new Problem('conflict', `Room ${room.id} is closed`)
    const author = await authorOf(caller)
    const task = await editRoom(room.id, author, (doc) => {
      if (!getTask(doc, params.taskId))
        throw new Problem('not-found', `No task with id ${params.taskId} in this room`)
      if (input.ownerId && !getStakeholder(doc, input.ownerId))
        throw new InvalidInput(
          'ownerId',
          `"ownerId" must be a stakeholder of this room (got "${input.ownerId}")`,
        )
      updateTask(
        doc,
        params.taskId,
        {
          ...(input.status === undefined ? {} : { status: input.status }),
          ...(input.ownerId === undefined ? {} : { ownerId: input.ownerId }),
          ...(input.dueDate === undefined ? {} : { dueDate: input.dueDate }),
        },
        author.personId,
      )
      return getTask(doc, params.taskId)
    })
    if (!task) throw new Problem('not-found', `No task with id ${params.taskId} in this room`)
    return apiTask(task)
  })

  route(app, v1.listEvents, options, async ({ request, params, query }) => {
    await requireApiKey(request, 'events:read')
    const { limit = 100, cursor, kind, since, until } = query()
    const room = await roomOf(storage, params.roomId)
    const after = afterId(cursor)
    const events = await storage.listEventPage({
      roomId: room.id,
      afterId: after,
      limit,
      ...(kind === undefined ? {} : { kinds: kind.map(toStored) }),
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { before: until }),
    })
    // Always a cursor, on the last page too: asked again later, it gives only what is new.
    return { events: events.map(apiEvent), next: String(events.at(-1)?.id ?? after) }
  })
}
