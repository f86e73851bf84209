import type { FastifyInstance } from 'fastify'
import type * as Y from 'yjs'
import { isSellerTeam } from '../../../shared/src/access.ts'
import { rooms, sessions } from '../../../shared/src/api/index.ts'
import { documentName } from '../../../shared/src/protocol.ts'
import { TEMPLATES } from '../../../shared/src/room/index.ts'
import { audit } from '../access/audit.ts'
import type { Mailer } from '../access/mail.ts'
import { redeemLink, redeemSetup } from '../access/redeem.ts'
import { currentSession, endSession, requireSession, startSession } from '../access/sessions.ts'
import { mintToken } from '../access/tokens.ts'
import { createRoom, roomUrl, unknownTemplate } from '../collaboration/rooms.ts'
import type { EditAuthor } from '../collaboration/server-edit.ts'
import type { Config } from '../config.ts'
import type { RoomFiles } from '../content/room-files.ts'
import { Problem } from '../errors.ts'
import { currentDigests } from '../signals/summarizer.ts'
import { summaryInfo } from '../signals/summary.ts'
import type { RoomPageEntry, Storage } from '../storage/storage.ts'
import { accessRoutes } from './access-routes.ts'
import { registerApiKeys } from './api-keys.ts'
import { apiKeysRoutes } from './apikeys-routes.ts'
import { brandRoutes } from './brand-routes.ts'
import { calendarRoutes } from './calendar-routes.ts'
import { conversationRoutes } from './conversation-routes.ts'
import { crmRoutes } from './crm-routes.ts'
import { documentsRoutes } from './documents-routes.ts'
import { guidanceRoutes } from './guidance-routes.ts'
import { InvalidInput } from './input.ts'
import { printRoutes } from './print-routes.ts'
import type { RateLimits } from './rate-limits.ts'
import { clientIp, roomActor, sessionCookie } from './room-access.ts'
import { roomFilterOf } from './room-list.ts'
import { type RouteOptions, route } from './route.ts'
import { signalsRoutes } from './signals-routes.ts'
import { teamRoutes } from './team-routes.ts'
import { v1PlanRoutes } from './v1-plan-routes.ts'
import { v1RoomsRoutes } from './v1-rooms-routes.ts'
import { webhooksRoutes } from './webhooks-routes.ts'
import { templateOfRoom, workspaceRoutes } from './workspace-routes.ts'

/** Changes a room's live document for someone (collaboration/server-edit.ts, bound to the server's). */
export type RoomEditor = <T>(
  roomId: string,
  author: EditAuthor,
  edit: (doc: Y.Doc) => T,
) => Promise<T>

export interface ApiDependencies {
  storage: Storage
  editRoom: RoomEditor
  files: RoomFiles
  config: Config
  tokenSecret: Buffer
  mailer: Mailer
  limits: RateLimits
  routes: RouteOptions
}

/** The JSON API under /api: sessions from one-time links, the rooms a person can open, tokens. */
export function registerApi(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config, tokenSecret } = dependencies
  const secure = config.publicUrl.startsWith('https://')
  const options = dependencies.routes

  route(app, rooms.listTemplates, options, async () => ({
    templates: TEMPLATES.map((template) => ({
      name: template.name,
      description: template.description,
      milestones: template.milestones.map((milestone) => ({
        title: milestone.title,
        tasks: milestone.tasks.length,
      })),
    })),
  }))

  route(app, sessions.redeemLink, options, async ({ request, reply, body }) => {
    const { secret } = body()
    const cookie = sessionCookie(request, reply, secure)
    const redeemed = await redeemLink(storage, secret, await currentSession(storage, cookie)).catch(
      async (error: unknown) => {
        await audit(storage, {
          roomId: null,
          actor: 'anonymous',
          action: 'signin.failed',
          subject: null,
          detail: { reason: error instanceof Error ? error.message : String(error) },
          ip: clientIp(request),
        })
        throw error
      },
    )
    await audit(storage, {
      roomId: redeemed.roomId,
      actor: redeemed.person.id,
      action: `signin.${redeemed.kind}`,
      subject: redeemed.person.email,
      detail: { reused: redeemed.reused },
      ip: clientIp(request),
    })
    if (!redeemed.reused) {
      await startSession(storage, cookie, {
        personId: redeemed.person.id,
        roomId: redeemed.kind === 'invite' ? redeemed.roomId : null,
      })
    }
    return { kind: redeemed.kind, roomId: redeemed.roomId, name: redeemed.person.name }
  })

  route(app, sessions.setup, options, async ({ request, reply, body }) => {
    const input = body()
    const person = await redeemSetup(storage, input.secret, {
      email: input.email,
      name: input.name,
    })
    await startSession(storage, sessionCookie(request, reply, secure), {
      personId: person.id,
      roomId: null,
    })
    return { id: person.id, name: person.name, email: person.email }
  })

  route(app, sessions.getSession, options, async ({ request, reply }) => {
    const session = await requireSession(storage, sessionCookie(request, reply, secure))
    const { id, name, email, kind } = session.person
    return { person: { id, name, email, kind }, roomId: session.roomId }
  })

  route(app, sessions.signOut, options, async ({ request, reply }) => {
    const cookie = sessionCookie(request, reply, secure)
    const session = await currentSession(storage, cookie)
    if (session) await endSession(storage, cookie, session)
    return { signedOut: true } as const
  })

  route(app, rooms.listRooms, options, async ({ request, reply, query }) => {
    const session = await requireSession(storage, sessionCookie(request, reply, secure))
    const { sort = 'activity', limit = 100, offset = 0, ...filters } = query()
    const personId = session.person.id
    const [page, owners] = await Promise.all([
      storage.listRoomPage({
        personId,
        sort,
        limit,
        offset,
        roomId: session.roomId,
        filter: roomFilterOf(filters, personId),
      }),
      session.roomId === null ? storage.listRoomOwners(personId) : Promise.resolve([]),
    ])
    // Deal health and the summary are for the seller team only, of open rooms.
    const shown = (room: RoomPageEntry) => isSellerTeam(room.role) && room.closedAt === null
    const digests = await currentDigests(storage, page.rooms, shown)
    const entries = page.rooms.map((room) => {
      const digest = digests.get(room.id)
      return {
        id: room.id,
        title: room.title,
        role: room.role,
        owner: room.ownerName,
        members: room.memberCount,
        lastActivity: room.lastActivityAt,
        closed: room.closedAt !== null,
        stage: room.stage.stage,
        url: roomUrl(config.publicUrl, room.id),
        ownerId: room.ownerId,
        // A summary computed for this answer is newer than the page's row.
        buyerOrg: digest?.buyerOrg ?? room.buyerOrg,
        closeDate: digest ? digest.closeDate : room.closeDate,
        health: digest ? digest.health : null,
        summary: digest ? summaryInfo(digest) : null,
      }
    })
    const next = offset + entries.length
    return {
      rooms: entries,
      owners,
      total: page.total,
      nextOffset: next < page.total ? next : null,
    }
  })

  route(app, rooms.createRoom, options, async ({ request, reply, body }) => {
    const session = await requireSession(storage, sessionCookie(request, reply, secure))
    if (session.person.kind !== 'seller')
      throw new Problem('forbidden', 'Only sellers create rooms.')
    const input = body()
    const templateRefusal = input.template ? await unknownTemplate(storage, input.template) : null
    if (templateRefusal) throw new InvalidInput('template', `"template": ${templateRefusal}`)
    const room = await createRoom(storage, {
      ownerEmail: session.person.email,
      title: input.title,
      template: input.template,
      buyerOrg: input.buyerOrg,
      targetCloseDate: input.targetCloseDate,
    })
    return { id: room.id, url: roomUrl(config.publicUrl, room.id) }
  })

  route(app, rooms.getRoom, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'readRoom')
    const room = await storage.getRoom(roomId)
    if (!room) throw new Problem('not-found', 'There is no such room.')
    const sellerView = isSellerTeam(me.role)
    const [members, stage, savedTemplate] = await Promise.all([
      storage.listMembers(roomId),
      storage.getRoomStage(roomId),
      sellerView ? templateOfRoom(storage, roomId) : null,
    ])
    return {
      room: {
        id: room.id,
        title: room.title,
        template: room.template,
        createdAt: room.createdAt,
        stage: stage?.stage ?? 'open',
        stageReason: sellerView ? (stage?.reason ?? null) : null,
        savedTemplate,
      },
      me: { personId: me.personId, name: me.name, email: me.email, role: me.role },
      members: members.map((member) => ({
        personId: member.personId,
        name: member.name,
        role: member.role,
        joinedAt: member.joinedAt,
        // Buyers see who is in the room, not everyone's address.
        email: sellerView || member.personId === me.personId ? member.email : undefined,
      })),
    }
  })

  route(app, rooms.mintRoomToken, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { session, roomId, me } = await roomActor(storage, cookie, params.roomId, 'readRoom')
    const expiresAt = Math.floor(Date.now() / 1000) + config.tokenTtlSeconds
    // Bound to the session: signing out ends the token and the sockets opened with it.
    const token = mintToken(tokenSecret, {
      personId: me.personId,
      roomId,
      role: me.role,
      expiresAt,
      sessionId: session.idHash,
    })
    await storage.markJoined(roomId, me.personId, Date.now())
    return {
      token,
      expiresAt,
      documents: {
        shared: documentName(roomId, 'shared'),
        internal: isSellerTeam(me.role) ? documentName(roomId, 'internal') : null,
      },
    }
  })

  route(app, rooms.mintPreviewToken, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { session, roomId, me } = await roomActor(storage, cookie, params.roomId, 'readInternal')
    const { role } = body()
    const expiresAt = Math.floor(Date.now() / 1000) + config.tokenTtlSeconds
    // The socket checks it again on connect (seller team, buyers' document, read-only), and
    // nothing here marks the seller as having joined: a preview is no visit.
    const token = mintToken(tokenSecret, {
      personId: me.personId,
      roomId,
      role: me.role,
      expiresAt,
      sessionId: session.idHash,
      previewAs: role,
    })
    return {
      token,
      expiresAt,
      role,
      documents: { shared: documentName(roomId, 'shared'), internal: null },
    }
  })

  accessRoutes(app, dependencies)
  signalsRoutes(app, dependencies)
  conversationRoutes(app, dependencies)
  guidanceRoutes(app, dependencies)
  documentsRoutes(app, dependencies)
  webhooksRoutes(app, dependencies)
  crmRoutes(app, dependencies)
  // Branding, the welcome note (issue 15).
  brandRoutes(app, dependencies)
  // The seller team and its single sign-on (issue 15).
  teamRoutes(app, dependencies)
  workspaceRoutes(app, dependencies)

  // The public REST API and its keys (issue 14).
  registerApiKeys(app, storage, { perMinute: config.apiRateLimit })
  apiKeysRoutes(app, dependencies)
  v1RoomsRoutes(app, dependencies)
  v1PlanRoutes(app, dependencies)
  calendarRoutes(app, dependencies)
  printRoutes(app, dependencies)
}
