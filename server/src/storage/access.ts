import type { AccessMode } from '../../../shared/src/access.ts'

export type { AccessMode } from '../../../shared/src/access.ts'

export interface Session {
  personId: string
  /** The one room a buyer's session opens; null for a seller's. */
  roomId: string | null
  createdAt: number
  expiresAt: number
  revokedAt: number | null
}

export type LinkKind = 'invite' | 'signin' | 'setup'

export interface Link {
  id: string
  kind: LinkKind
  personId: string | null
  roomId: string | null
  createdAt: number
  expiresAt: number | null
  usedAt: number | null
  revokedAt: number | null
}

export interface NewLink {
  kind: LinkKind
  tokenHash: string
  personId: string | null
  roomId: string | null
  expiresAt: number | null
}

export type AccessChangeKind = 'revoked' | 'room-closed' | 'role-changed' | 'signed-out'

/**
 * Something changed about who may be connected: every instance re-checks the open sockets it
 * concerns (see collaboration/access-watcher.ts).
 */
export interface AccessChange {
  seq: number
  /** Null when the change concerns every room of the person (signed out everywhere). */
  roomId: string | null
  /** Null when the change concerns everyone in the room (closed). */
  personId: string | null
  kind: AccessChangeKind
  createdAt: number
}

export interface EmailCode {
  id: string
  roomId: string
  email: string
  codeHash: string
  createdAt: number
  expiresAt: number
  attempts: number
  usedAt: number | null
}

/**
 * The ways in and the ways out: browser sessions, one-time links, one-time e-mail codes, a
 * room's access mode, revocation, and the log of access changes open sockets must hear about.
 */
export interface AccessStore {
  // Browser sessions (keyed by a hash of the cookie value)
  createSession(idHash: string, session: Omit<Session, 'revokedAt' | 'createdAt'>): Promise<void>
  getSession(idHash: string): Promise<Session | null>
  revokeSession(idHash: string, at: number): Promise<void>
  revokeSessions(filter: { personId: string; roomId?: string }, at: number): Promise<number>

  // One-time links
  createLink(input: NewLink): Promise<Link>
  findLinkByHash(tokenHash: string): Promise<Link | null>
  /** Marks a link used; false if it was already used (single use under concurrency). */
  consumeLink(id: string, at: number): Promise<boolean>
  revokeLinks(
    filter: { kind: LinkKind; personId?: string; roomId?: string },
    at: number,
  ): Promise<number>
  /** Invite links of a room not yet used, revoked or expired, with whom they are for. */
  listPendingInvites(
    roomId: string,
    now: number,
  ): Promise<Array<Link & { email: string; name: string }>>
  /** Revokes one unused link of a room; false if there is none. */
  revokeLinkById(id: string, roomId: string, at: number): Promise<boolean>

  // One-time e-mail codes
  createEmailCode(code: Omit<EmailCode, 'id' | 'attempts' | 'usedAt'>): Promise<EmailCode>
  latestEmailCode(roomId: string, email: string): Promise<EmailCode | null>
  countEmailCodesSince(email: string, since: number): Promise<number>
  /** Adds one failed attempt; returns the new count. */
  failEmailCode(id: string): Promise<number>
  /** Marks a code used; false if it already was. */
  consumeEmailCode(id: string, at: number): Promise<boolean>

  // Who may join a room, and who may not come back
  setRoomAccess(roomId: string, mode: AccessMode, domains: string[]): Promise<void>
  /** Remembers (or, with `false`, forgets) that a person's access to a room was revoked. */
  setRevoked(roomId: string, personId: string, revoked: boolean, at: number): Promise<void>
  isRevoked(roomId: string, personId: string): Promise<boolean>

  // Changes that must reach open sockets on every instance
  recordAccessChange(change: Omit<AccessChange, 'seq' | 'createdAt'>): Promise<number>
  accessChangesSince(seq: number): Promise<AccessChange[]>
  lastAccessChangeSeq(): Promise<number>
}
