import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Problem } from '../errors.ts'
import type { Person, Storage } from '../storage/storage.ts'
import { changeAccess } from './change-access.ts'

/** The session cookie: httpOnly, SameSite=Lax, Secure when served over https. */
export const SESSION_COOKIE = 'quorum_session'
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000

export interface ActiveSession {
  idHash: string
  person: Person
  /** The one room a buyer's session opens; null for a seller. */
  roomId: string | null
}

const hash = (value: string) => createHash('sha256').update(value).digest('hex')

export function readCookie(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return null
}

/** Starts a session for a person and sets its cookie on the response. */
export async function startSession(
  storage: Storage,
  response: ServerResponse,
  input: { personId: string; roomId: string | null; secure: boolean },
): Promise<void> {
  const value = randomBytes(32).toString('base64url')
  const expiresAt = Date.now() + SESSION_TTL_MS
  await storage.createSession(hash(value), {
    personId: input.personId,
    roomId: input.roomId,
    expiresAt,
  })
  response.setHeader(
    'Set-Cookie',
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}${input.secure ? '; Secure' : ''}`,
  )
}

/** The request's live session, or null (no cookie, unknown, expired or revoked). */
export async function currentSession(
  storage: Storage,
  request: IncomingMessage,
): Promise<ActiveSession | null> {
  const value = readCookie(request, SESSION_COOKIE)
  if (!value) return null
  const idHash = hash(value)
  const session = await storage.getSession(idHash)
  if (!session || session.revokedAt !== null || session.expiresAt <= Date.now()) return null
  const person = await storage.getPerson(session.personId)
  return person ? { idHash, person, roomId: session.roomId } : null
}

export async function requireSession(
  storage: Storage,
  request: IncomingMessage,
): Promise<ActiveSession> {
  const session = await currentSession(storage, request)
  if (!session)
    throw new Problem(
      'unauthorized',
      'You are not signed in, or your session has ended. Open your personal link again.',
    )
  return session
}

/**
 * Ends this session (or, with `everywhere`, every session of its person) and clears the cookie.
 * Collaboration tokens minted for an ended session stop working, and its open sockets close.
 */
export async function endSession(
  storage: Storage,
  response: ServerResponse,
  session: ActiveSession,
  options: { everywhere?: boolean; ip?: string | null } = {},
): Promise<number> {
  const { sessionsEnded } = await changeAccess(
    storage,
    { id: session.person.id, ip: options.ip ?? null },
    { kind: 'sign-out', sessionId: options.everywhere ? 'everywhere' : session.idHash },
  )
  response.setHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`)
  return sessionsEnded
}
