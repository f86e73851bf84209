import type { IncomingMessage, ServerResponse } from 'node:http'
import { isSellerTeam } from '../../../shared/src/access.ts'
import { documentName } from '../../../shared/src/protocol.ts'
import { TEMPLATES } from '../../../shared/src/room/index.ts'
import { audit } from '../access/audit.ts'
import type { Mailer } from '../access/mail.ts'
import { checkEmail } from '../access/people.ts'
import { redeemLink, redeemSetup } from '../access/redeem.ts'
import {
  type ActiveSession,
  currentSession,
  endSession,
  requireSession,
  startSession,
} from '../access/sessions.ts'
import { mintToken } from '../access/tokens.ts'
import { createRoom, roomUrl } from '../collaboration/rooms.ts'
import type { Config } from '../config.ts'
import { Problem } from '../errors.ts'
import { dealHealth } from '../signals/health.ts'
import { roomFacts } from '../signals/room-facts.ts'
import type { Storage } from '../storage/storage.ts'
import { accessRoutes } from './access-routes.ts'
import { conversationRoutes } from './conversation-routes.ts'
import { choiceField, dateField, InvalidInput, onlyFields, textField } from './input.ts'
import { sendJson, sendProblem } from './respond.ts'
import { clientIp, roomActor } from './room-access.ts'
import { router } from './router.ts'
import { signalsRoutes } from './signals-routes.ts'

export interface ApiDependencies {
  storage: Storage
  config: Config
  tokenSecret: Buffer
  mailer: Mailer
}

/** One-time link secrets are 32 characters; anything far longer was never one. */
const SECRET_MAX = 200
/** Names, titles and organisations, as the CLI and the room document allow. */
const NAME_MAX = 200

/** A name or title: some text besides spaces, at most NAME_MAX characters. */
function nameField(input: Record<string, unknown>, field: string): string {
  const value = textField(input, field, { max: NAME_MAX })
  if (value.trim() === '') throw new InvalidInput(field, `"${field}" is required`)
  return value
}

function emailField(input: Record<string, unknown>, field: string): string {
  const value = textField(input, field, { max: 254 })
  try {
    return checkEmail(value)
  } catch {
    throw new InvalidInput(field, `"${field}" must be an e-mail address such as dana@acme.com`)
  }
}

function personJson(session: ActiveSession) {
  const { id, name, email, kind } = session.person
  return { id, name, email, kind }
}

/** The JSON API under /api: sessions from one-time links, the rooms a person can open, tokens. */
export function createApi(dependencies: ApiDependencies) {
  const { storage, config, tokenSecret } = dependencies
  const secureCookies = config.publicUrl.startsWith('https://')
  const handle = router([
    {
      method: 'GET',
      path: '/api/templates',
      async handle({ response }) {
        sendJson(response, 200, {
          templates: TEMPLATES.map((template) => ({
            name: template.name,
            description: template.description,
            milestones: template.milestones.map((milestone) => ({
              title: milestone.title,
              tasks: milestone.tasks.length,
            })),
          })),
        })
      },
    },
    {
      method: 'POST',
      path: '/api/links/redeem',
      async handle({ request, response, body }) {
        const input = await body()
        onlyFields(input, ['secret'])
        const secret = textField(input, 'secret', { max: SECRET_MAX })
        const redeemed = await redeemLink(
          storage,
          secret,
          await currentSession(storage, request),
        ).catch(async (error: unknown) => {
          await audit(storage, {
            roomId: null,
            actor: 'anonymous',
            action: 'signin.failed',
            subject: null,
            detail: { reason: error instanceof Error ? error.message : String(error) },
            ip: clientIp(request),
          })
          throw error
        })
        await audit(storage, {
          roomId: redeemed.roomId,
          actor: redeemed.person.id,
          action: `signin.${redeemed.kind}`,
          subject: redeemed.person.email,
          detail: { reused: redeemed.reused },
          ip: clientIp(request),
        })
        if (!redeemed.reused) {
          await startSession(storage, response, {
            personId: redeemed.person.id,
            roomId: redeemed.kind === 'invite' ? redeemed.roomId : null,
            secure: secureCookies,
          })
        }
        sendJson(response, 200, {
          kind: redeemed.kind,
          roomId: redeemed.roomId,
          name: redeemed.person.name,
        })
      },
    },
    {
      method: 'POST',
      path: '/api/setup',
      async handle({ response, body }) {
        const input = await body()
        onlyFields(input, ['secret', 'email', 'name'])
        const secret = textField(input, 'secret', { max: SECRET_MAX })
        const person = await redeemSetup(storage, secret, {
          email: emailField(input, 'email'),
          name: nameField(input, 'name'),
        })
        await startSession(storage, response, {
          personId: person.id,
          roomId: null,
          secure: secureCookies,
        })
        sendJson(response, 201, { id: person.id, name: person.name, email: person.email })
      },
    },
    {
      method: 'GET',
      path: '/api/session',
      async handle({ request, response }) {
        const session = await requireSession(storage, request)
        sendJson(response, 200, { person: personJson(session), roomId: session.roomId })
      },
    },
    {
      method: 'POST',
      path: '/api/signout',
      async handle({ request, response }) {
        const session = await currentSession(storage, request)
        if (session) await endSession(storage, response, session)
        sendJson(response, 200, { signedOut: true })
      },
    },
    {
      method: 'GET',
      path: '/api/rooms',
      async handle({ request, response }) {
        const session = await requireSession(storage, request)
        const rooms = (await storage.listRoomsOf(session.person.id)).filter(
          (room) => session.roomId === null || room.id === session.roomId,
        )
        const entries = await Promise.all(
          rooms.map(async (room) => ({
            id: room.id,
            title: room.title,
            role: room.role,
            owner: room.ownerName,
            members: room.memberCount,
            lastActivity: room.lastActivityAt,
            closed: room.closedAt !== null,
            url: roomUrl(config.publicUrl, room.id),
            // Deal health is for the seller team only.
            health:
              isSellerTeam(room.role) && room.closedAt === null
                ? dealHealth(await roomFacts(storage, room.id))
                : null,
          })),
        )
        sendJson(response, 200, { rooms: entries })
      },
    },
    {
      method: 'POST',
      path: '/api/rooms',
      async handle({ request, response, body }) {
        const session = await requireSession(storage, request)
        if (session.person.kind !== 'seller')
          throw new Problem('forbidden', 'Only sellers create rooms.')
        const input = await body()
        onlyFields(input, ['title', 'template', 'buyerOrg', 'targetCloseDate'])
        const room = await createRoom(storage, {
          ownerEmail: session.person.email,
          title: nameField(input, 'title'),
          template: choiceField(
            input,
            'template',
            TEMPLATES.map((template) => template.name),
          ),
          buyerOrg: textField(input, 'buyerOrg', { max: NAME_MAX, optional: true }),
          targetCloseDate: dateField(input, 'targetCloseDate'),
        })
        sendJson(response, 201, { id: room.id, url: roomUrl(config.publicUrl, room.id) })
      },
    },
    {
      method: 'GET',
      path: '/api/rooms/:roomId',
      async handle({ request, response, params }) {
        const { roomId, me } = await roomActor(storage, request, params, 'readRoom')
        const room = await storage.getRoom(roomId)
        const sellerView = isSellerTeam(me.role)
        const members = await storage.listMembers(roomId)
        sendJson(response, 200, {
          room: {
            id: room?.id,
            title: room?.title,
            template: room?.template,
            createdAt: room?.createdAt,
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
        })
      },
    },
    {
      method: 'POST',
      path: '/api/rooms/:roomId/token',
      async handle({ request, response, params }) {
        const { session, roomId, me } = await roomActor(storage, request, params, 'readRoom')
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
        sendJson(response, 200, {
          token,
          expiresAt,
          documents: {
            shared: documentName(roomId, 'shared'),
            internal: isSellerTeam(me.role) ? documentName(roomId, 'internal') : null,
          },
        })
      },
    },
    ...accessRoutes(dependencies),
    ...signalsRoutes({ storage, secret: tokenSecret }),
    ...conversationRoutes({ storage }),
  ])

  return async (
    request: IncomingMessage,
    response: ServerResponse,
    pathname: string,
  ): Promise<void> => {
    if (!(await handle(request, response, pathname))) {
      sendProblem(response, new Problem('not-found', `No API route ${request.method} ${pathname}`))
    }
  }
}
