import type { FastifyInstance } from 'fastify'
import { v1 } from '../../../shared/src/api/index.ts'
import { changeAccess } from '../access/change-access.ts'
import { templates } from '../access/mail.ts'
import { requireSeller } from '../access/people.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import { createRoom, roomUrl, unknownTemplate } from '../collaboration/rooms.ts'
import { Problem } from '../errors.ts'
import { apiRoom, apiRoomDetail } from '../integrations/room-view.ts'
import { currentDigests } from '../signals/summarizer.ts'
import { summarizeRoom } from '../signals/summary.ts'
import type { ApiKey, Person, Room, RoomSummary, Storage } from '../storage/storage.ts'
import type { ApiDependencies } from './api.ts'
import { type ApiCaller, requireApiKey } from './api-keys.ts'
import { InvalidInput } from './input.ts'
import { route } from './route.ts'

const DAY = 24 * 60 * 60 * 1000

/** A page's cursor: the last room's creation time and id, opaque to the caller. */
const encodeCursor = (room: { createdAt: number; id: string }) =>
  Buffer.from(JSON.stringify([room.createdAt, room.id])).toString('base64url')

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      unknown,
      unknown,
    ]
    if (typeof createdAt === 'number' && typeof id === 'string') return { createdAt, id }
  } catch {}
  throw new InvalidInput('cursor', '"cursor" must be the "next" of a previous answer')
}

/** The room of the path, or a 404 (a key sees every room of the instance). */
export async function roomOf(storage: Storage, roomId: string): Promise<Room> {
  const room = await storage.getRoom(roomId)
  if (!room) throw new Problem('not-found', `No room with id ${roomId}`)
  return room
}

/** The seller a key acts for, when it was made by one (null: made by the operator). */
export async function makerOf(storage: Storage, key: ApiKey): Promise<Person | null> {
  return key.createdBy === null ? null : storage.getPerson(key.createdBy)
}

/** Who owns a room made through the API: the one named, the key's maker, or the first seller. */
async function ownerFor(storage: Storage, caller: ApiCaller, named: string | undefined) {
  if (named !== undefined) return requireSeller(storage, named)
  const maker = await makerOf(storage, caller.key)
  if (maker?.kind === 'seller') return maker
  const first = await storage.firstSeller()
  if (first) return first
  throw new Problem(
    'conflict',
    'There is no seller account to own the room yet; create one with `quorum user add`.',
  )
}

async function summaryOf(storage: Storage, room: Room): Promise<RoomSummary> {
  const [owner, members] = await Promise.all([
    storage.getPerson(room.ownerId),
    storage.listMembers(room.id),
  ])
  return {
    ...room,
    ownerEmail: owner?.email ?? '',
    ownerName: owner?.name ?? '',
    memberCount: members.length,
  }
}

/** /api/v1 rooms and members: the public API, with an API key (see api-keys.ts). */
export function v1RoomsRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config, mailer, limits } = dependencies
  const options = dependencies.routes

  route(app, v1.listRooms, options, async ({ request, query }) => {
    await requireApiKey(request, 'rooms:read')
    const { limit = 50, cursor, status = 'open', owner, activeSince } = query()
    const ownerPerson = owner === undefined ? null : await storage.findPersonByEmail(owner)
    if (owner !== undefined && ownerPerson === null) return { rooms: [], next: null }
    // One more than asked: whether there is a next page.
    const page = await storage.listInstanceRooms({
      limit: limit + 1,
      after: cursor === undefined ? null : decodeCursor(cursor),
      closed: status === 'all' ? null : status === 'closed',
      ownerId: ownerPerson?.id ?? null,
      activeSince: activeSince ?? null,
    })
    const shown = page.slice(0, limit)
    const digests = await currentDigests(storage, shown, (room) => room.closedAt === null)
    const last = shown.at(-1)
    return {
      rooms: shown.map((room) => apiRoom(room, digests.get(room.id) ?? null, config.publicUrl)),
      next: page.length > limit && last ? encodeCursor(last) : null,
    }
  })

  route(app, v1.createRoom, options, async ({ request, body }) => {
    const caller = await requireApiKey(request, 'rooms:write')
    const input = body()
    const owner = await ownerFor(storage, caller, input.owner)
    const templateRefusal = input.template ? await unknownTemplate(storage, input.template) : null
    if (templateRefusal) throw new InvalidInput('template', `"template": ${templateRefusal}`)
    const room = await createRoom(storage, {
      ownerEmail: owner.email,
      title: input.title,
      template: input.template,
      buyerOrg: input.buyerOrg,
      targetCloseDate: input.closeDate,
    })
    return { id: room.id, url: roomUrl(config.publicUrl, room.id) }
  })

  route(app, v1.getRoom, options, async ({ request, params }) => {
    await requireApiKey(request, 'rooms:read')
    const room = await roomOf(storage, params.roomId)
    // Computed now (as Insights does), so the answer never shows an older health.
    const digest = room.closedAt === null ? await summarizeRoom(storage, room.id) : null
    const listed = apiRoom(await summaryOf(storage, room), digest, config.publicUrl)
    return apiRoomDetail(listed, await loadRoomDoc(storage, room.id))
  })

  route(app, v1.closeRoom, options, async ({ request, params }) => {
    const caller = await requireApiKey(request, 'rooms:write')
    await changeAccess(storage, caller.actor, { kind: 'close-room', roomId: params.roomId })
    const room = await roomOf(storage, params.roomId)
    return { id: room.id, closedAt: room.closedAt ?? Date.now() }
  })

  route(app, v1.listMembers, options, async ({ request, params }) => {
    await requireApiKey(request, 'rooms:read')
    const room = await roomOf(storage, params.roomId)
    const members = await storage.listMembers(room.id)
    return {
      members: members.map((member) => ({
        personId: member.personId,
        name: member.name,
        email: member.email,
        role: member.role,
        invitedAt: member.createdAt,
        joinedAt: member.joinedAt,
      })),
    }
  })

  route(app, v1.inviteMember, options, async ({ request, params, body }) => {
    const caller = await requireApiKey(request, 'rooms:write')
    const input = body()
    await limits.invite(`person:${caller.actor.id}`)
    const room = await roomOf(storage, params.roomId)
    const result = await changeAccess(storage, caller.actor, {
      kind: 'invite',
      roomId: room.id,
      email: input.email,
      name: input.name,
      role: input.role ?? 'stakeholder',
      ttlMs: 14 * DAY,
      publicUrl: config.publicUrl,
    })
    const member = result.member ?? (await storage.getMember(room.id, result.person.id))
    if (!member) throw new Problem('conflict', 'The invitation changed nothing')
    // The mail says who invited them: the key's maker, or the room's owner.
    const inviter = (await makerOf(storage, caller.key)) ?? (await storage.getPerson(room.ownerId))
    const link = result.link
    if (link) {
      const to = result.person.email
      mailer.sendLater(async () => ({
        to,
        ...templates.invite(room.title, inviter?.name ?? 'The seller team', link.url),
      }))
    }
    return {
      personId: member.personId,
      role: member.role,
      outcome: result.outcome,
      url: result.showLink ? (link?.url ?? null) : null,
    }
  })

  route(app, v1.revokeMember, options, async ({ request, params }) => {
    const caller = await requireApiKey(request, 'rooms:write')
    await changeAccess(storage, caller.actor, {
      kind: 'revoke',
      roomId: params.roomId,
      personId: params.personId,
    })
    return { revoked: true as const }
  })
}
