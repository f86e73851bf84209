import type { FastifyReply, FastifyRequest } from 'fastify'
import { type Action, can, isSellerTeam } from '../../../shared/src/access.ts'
import { ROOM_ENDED } from '../../../shared/src/stages.ts'
import {
  type ActiveSession,
  requireSession,
  SESSION_COOKIE,
  type SessionCookie,
} from '../access/sessions.ts'
import { Problem } from '../errors.ts'
import type { Member, Storage } from '../storage/storage.ts'

/** The session cookie of this request and its answer (@fastify/cookie), Secure over https. */
export function sessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  secure: boolean,
): SessionCookie {
  const options = { path: '/', httpOnly: true, sameSite: 'lax', secure } as const
  return {
    read: () => request.cookies[SESSION_COOKIE],
    write: (value, maxAgeSeconds) =>
      reply.setCookie(SESSION_COOKIE, value, { ...options, maxAge: maxAgeSeconds }),
    clear: () => reply.setCookie(SESSION_COOKIE, '', { ...options, secure: false, maxAge: 0 }),
  }
}

/**
 * What the seller team may still do in an archived room: read it, and manage the deal (reopen
 * it, clone it, save it as a template); never change it.
 */
const ARCHIVED_ACTIONS: ReadonlySet<Action> = new Set([
  'readRoom',
  'seeInsights',
  'readInternal',
  'seeAudit',
  'export',
  'manageDeal',
])

/**
 * The member record that lets this session into this room, or a clear 403/404/410. An archived
 * room is gone for buyers and stays readable for the seller team.
 */
export async function roomMember(
  storage: Storage,
  session: ActiveSession,
  roomId: string,
): Promise<Member> {
  return (await roomStanding(storage, session, roomId)).member
}

async function roomStanding(
  storage: Storage,
  session: ActiveSession,
  roomId: string,
): Promise<{ member: Member; archived: boolean }> {
  if (session.roomId !== null && session.roomId !== roomId) {
    throw new Problem('forbidden', 'Your link opens a different room.')
  }
  const room = await storage.getRoom(roomId)
  if (!room) throw new Problem('not-found', 'There is no such room.')
  const member = await storage.getMember(roomId, session.person.id)
  const archived = room.closedAt !== null
  if (archived && !(member && isSellerTeam(member.role))) throw new Problem('gone', ROOM_ENDED)
  if (!member) throw new Problem('forbidden', 'You are not a member of this room.')
  return { member, archived }
}

/**
 * As `roomMember`, and the member's role must allow `action` (the table in shared/src/access.ts);
 * in an archived room only reading is left.
 */
export async function requirePermission(
  storage: Storage,
  session: ActiveSession,
  roomId: string,
  action: Action,
): Promise<Member> {
  const { member, archived } = await roomStanding(storage, session, roomId)
  if (!can(member.role, action))
    throw new Problem('forbidden', `Your role (${member.role}) cannot do that here.`)
  if (archived && !ARCHIVED_ACTIONS.has(action))
    throw new Problem('conflict', 'This room is archived: reopen it to change anything.')
  return member
}

/** The client's address, for rate limits and the audit log (the socket's, never a header). */
export function clientIp(request: FastifyRequest): string | null {
  return request.socket.remoteAddress ?? null
}

/**
 * The preamble of every room route: the request's session, the room in the path, and the member
 * whose role allows `action` there.
 */
export async function roomActor(
  storage: Storage,
  cookie: SessionCookie,
  roomId: string,
  action: Action,
): Promise<{ session: ActiveSession; roomId: string; me: Member }> {
  const session = await requireSession(storage, cookie)
  return { session, roomId, me: await requirePermission(storage, session, roomId, action) }
}
