import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import {
  type BuyerRole,
  isBuyerRole,
  isRole,
  isSellerTeam,
  type Role,
} from '../../../shared/src/access.ts'
import { Problem } from '../errors.ts'
import type { Storage } from '../storage/storage.ts'

/**
 * Collaboration tokens: short-lived, HMAC-signed statements "person P may open room R as role
 * X until T". The browser gets one for its session; `quorum token` mints one for scripts. The
 * server re-checks membership on every connect, so a removed member's token opens nothing.
 */
export interface CollabClaims {
  personId: string
  roomId: string
  role: Role
  /** Expiry, epoch seconds. */
  expiresAt: number
  /**
   * The browser session the token was minted for (its stored hash). A token outlives nothing it
   * came from: once that session ends (signed out, everywhere or here), the token opens nothing.
   * Absent for tokens minted at the command line.
   */
  sessionId?: string
  /**
   * "View as buyer": the seller team previews the room as this role. The socket is read-only
   * and records nothing; `role` is the seller's own.
   */
  previewAs?: BuyerRole
}

export type TokenProblem = 'malformed' | 'bad-signature' | 'expired'

const PREFIX = 'q1'

/** The instance's signing secret, made on first start and shared by every process on the store. */
export async function tokenSecret(storage: Storage): Promise<Buffer> {
  const hex = await storage.initSetting('collab_token_secret', randomBytes(32).toString('hex'))
  return Buffer.from(hex, 'hex')
}

function sign(secret: Buffer, body: string): string {
  return createHmac('sha256', secret).update(`${PREFIX}.${body}`).digest('base64url')
}

export function mintToken(secret: Buffer, claims: CollabClaims): string {
  const body = Buffer.from(
    JSON.stringify({
      p: claims.personId,
      r: claims.roomId,
      role: claims.role,
      exp: claims.expiresAt,
      ...(claims.sessionId ? { s: claims.sessionId } : {}),
      ...(claims.previewAs ? { pv: claims.previewAs } : {}),
    }),
  ).toString('base64url')
  return `${PREFIX}.${body}.${sign(secret, body)}`
}

export function verifyToken(
  secret: Buffer,
  token: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): { ok: true; claims: CollabClaims } | { ok: false; problem: TokenProblem } {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, problem: 'malformed' }
  const [, body = '', signature = ''] = parts
  const expected = Buffer.from(sign(secret, body))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, problem: 'bad-signature' }
  }
  let raw: unknown
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    return { ok: false, problem: 'malformed' }
  }
  if (typeof raw !== 'object' || raw === null) return { ok: false, problem: 'malformed' }
  const { p, r, role, exp, s, pv } = raw as Record<string, unknown>
  if (
    typeof p !== 'string' ||
    typeof r !== 'string' ||
    !isRole(role) ||
    typeof exp !== 'number' ||
    (s !== undefined && typeof s !== 'string') ||
    (pv !== undefined && !isBuyerRole(pv))
  ) {
    return { ok: false, problem: 'malformed' }
  }
  if (exp <= nowSeconds) return { ok: false, problem: 'expired' }
  const claims: CollabClaims = { personId: p, roomId: r, role, expiresAt: exp }
  if (s !== undefined) claims.sessionId = s
  if (pv !== undefined) claims.previewAs = pv
  return { ok: true, claims }
}

/**
 * A collaboration token for a room member, looked up by e-mail: what the browser gets for its
 * session, and what `quorum token` prints for scripts and bots.
 */
export async function issueCollabToken(
  storage: Storage,
  input: { roomId: string; email: string; ttlSeconds: number },
): Promise<{ token: string; expiresAt: number; claims: CollabClaims }> {
  const room = await storage.getRoom(input.roomId)
  if (!room) throw new Problem('not-found', `No room with id ${input.roomId}`)
  const person = await storage.findPersonByEmail(input.email)
  const member = person ? await storage.getMember(room.id, person.id) : null
  // An archived (closed) room stays readable for the seller team only.
  if (room.closedAt !== null && !(member && isSellerTeam(member.role)))
    throw new Problem('conflict', `Room ${room.id} is closed`)
  if (!member) throw new Problem('not-found', `${input.email} is not a member of room ${room.id}`)
  const expiresAt = Math.floor(Date.now() / 1000) + input.ttlSeconds
  const claims: CollabClaims = {
    personId: member.personId,
    roomId: room.id,
    role: member.role,
    expiresAt,
  }
  return { token: mintToken(await tokenSecret(storage), claims), expiresAt, claims }
}
