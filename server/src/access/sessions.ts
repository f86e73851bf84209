import { createHash, randomBytes } from 'node:crypto'
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

/**
 * The session cookie of one request and its answer, as the HTTP layer reads and sets it
 * (httpOnly, SameSite=Lax, Path=/, Secure over https).
 */
export interface SessionCookie {
  read(): string | undefined
  write(value: string, maxAgeSeconds: number): void
  clear(): void
}

/** Starts a session for a person and sets its cookie on the response. */
export async function startSession(
  storage: Storage,
  cookie: SessionCookie,
  input: { personId: string; roomId: string | null },
): Promise<void> {
  const value = randomBytes(32).toString('base64url')
  const expiresAt = Date.now() + SESSION_TTL_MS
  await storage.createSession(hash(value), {
    personId: input.personId,
    roomId: input.roomId,
    expiresAt,
  })
  cookie.write(value, SESSION_TTL_MS / 1000)
}

/** The request's live session, or null (no cookie, unknown, expired or revoked). */
export async function currentSession(
  storage: Storage,
  cookie: SessionCookie,
): Promise<ActiveSession | null> {
  const value = cookie.read()
  if (!value) return null
  const idHash = hash(value)
  const session = await storage.getSession(idHash)
  if (!session || session.revokedAt !== null || session.expiresAt <= Date.now()) return null
  const person = await storage.getPerson(session.personId)
  return person ? { idHash, person, roomId: session.roomId } : null
}

export async function requireSession(
  storage: Storage,
  cookie: SessionCookie,
): Promise<ActiveSession> {
  const session = await currentSession(storage, cookie)
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
  cookie: SessionCookie,
  session: ActiveSession,
  options: { everywhere?: boolean; ip?: string | null } = {},
): Promise<number> {
  const { sessionsEnded } = await changeAccess(
    storage,
    { id: session.person.id, ip: options.ip ?? null },
    { kind: 'sign-out', sessionId: options.everywhere ? 'everywhere' : session.idHash },
  )
  cookie.clear()
  return sessionsEnded
}
