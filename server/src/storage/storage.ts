import type { Role } from '../../../shared/src/access.ts'

/**
 * Everything Quorum keeps, behind one interface with a driver per engine (SQLite by default,
 * PostgreSQL for scale-out). Both drivers must pass the same contract suite.
 */

export type PersonKind = 'seller' | 'buyer'

export interface Person {
  id: string
  email: string
  name: string
  kind: PersonKind
  createdAt: number
}

export interface Room {
  id: string
  title: string
  ownerId: string
  template: string
  createdAt: number
  lastActivityAt: number
  closedAt: number | null
  accessMode: AccessMode
  /** Lower-case domains (no @) whose addresses may join after verifying, in 'domain' mode. */
  allowedDomains: string[]
}

export type AccessMode = 'invited' | 'domain'

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

export interface AuditInput {
  roomId: string | null
  /** Who did it: a person id, `cli`, or `anonymous`. */
  actor: string | null
  action: string
  subject: string | null
  detail: Record<string, unknown>
  ip: string | null
}

export interface AuditEntry extends AuditInput {
  seq: number
  at: number
  prevHash: string
  hash: string
}

export interface Mail {
  id: string
  to: string
  subject: string
  body: string
  createdAt: number
  sentAt: number | null
  error: string | null
}

export type EngagementKind =
  | 'room.opened'
  | 'room.left'
  | 'section.viewed'
  | 'stakeholder.first-seen'
  | 'task.completed'
  | 'business-case.edited'
  | 'comment.added'
  | 'consensus.marked'
  // Activity of the room (who did what), shown to its members and in "what changed"
  | 'task.added'
  | 'task.changed'
  | 'milestone.added'
  | 'milestone.changed'
  | 'thread.resolved'
  | 'thread.reopened'
  | 'stakeholder.added'
  | 'person.mentioned'
  /** A business-case section was on screen for a couple of seconds: `detail.sectionId`. */
  | 'section.read'

export interface EngagementEvent {
  roomId: string
  personId: string
  side: 'buyer' | 'seller'
  kind: EngagementKind
  section: string | null
  /** For section.viewed: time spent, by the server's clock, while the tab was active. */
  durationMs: number | null
  detail: Record<string, unknown>
  at: number
}

export interface EventFilter {
  roomId: string
  /** Only events at or after this time (ms). */
  since?: number
  /** Only events strictly before this time (ms). */
  before?: number
  /** Only this person's events. */
  personId?: string
  /** Only events of these kinds (an empty list matches none). */
  kinds?: readonly EngagementKind[]
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

export interface Member {
  roomId: string
  personId: string
  role: Role
  createdAt: number
  /** When they first opened the room; null while invited but not joined. */
  joinedAt: number | null
  email: string
  name: string
}

export interface Session {
  personId: string
  /** The one room a buyer's session opens; null for a seller's. */
  roomId: string | null
  createdAt: number
  expiresAt: number
  revokedAt: number | null
}

export interface RoomSummary extends Room {
  ownerEmail: string
  ownerName: string
  memberCount: number
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

/** A stored document: its compacted snapshot (if any) and the updates appended since, in order. */
export interface StoredDocument {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
  /** Sequence number of the last update returned (0 when there are none). */
  lastSeq: number
}

export interface NewRoom {
  id: string
  title: string
  ownerId: string
  template: string
  /** Initial snapshots of the room's documents, written in the same transaction. */
  documents: Array<{ name: string; snapshot: Uint8Array }>
}

export interface Storage {
  readonly driver: 'sqlite' | 'postgres'

  // Documents
  loadDocument(name: string): Promise<StoredDocument | null>
  /** Appends an update to the document's log; durable when the promise resolves. */
  appendUpdate(name: string, update: Uint8Array): Promise<number>
  /**
   * The same, synchronously, for drivers that can (SQLite): lets the durability extension write
   * inside Yjs's update event, before the acknowledgement is sent.
   */
  appendUpdateSync?(name: string, update: Uint8Array): number
  /** Replaces the snapshot and drops the log entries it covers (`seq <= upToSeq`). */
  compactDocument(name: string, snapshot: Uint8Array, upToSeq: number): Promise<void>
  /** How many updates are waiting in the document's log. */
  countUpdates(name: string): Promise<number>

  // People
  createPerson(input: { email: string; name: string; kind: PersonKind }): Promise<Person>
  getPerson(id: string): Promise<Person | null>
  findPersonByEmail(email: string): Promise<Person | null>
  countPeople(kind: PersonKind): Promise<number>

  // Rooms and members
  createRoom(input: NewRoom): Promise<Room>
  getRoom(id: string): Promise<Room | null>
  listRooms(): Promise<RoomSummary[]>
  touchRoom(id: string, at: number): Promise<void>
  closeRoom(id: string, at: number): Promise<void>
  /** Adds a member or changes their role. */
  putMember(roomId: string, personId: string, role: Role): Promise<Member>
  getMember(roomId: string, personId: string): Promise<Member | null>
  listMembers(roomId: string): Promise<Member[]>
  /** Records the first time a member opened the room (later calls change nothing). */
  markJoined(roomId: string, personId: string, at: number): Promise<void>
  /** Rooms a person is a member of, most recently active first, with their role. */
  listRoomsOf(personId: string): Promise<Array<RoomSummary & { role: Role }>>

  // Browser sessions (keyed by a hash of the cookie value)
  createSession(idHash: string, session: Omit<Session, 'revokedAt' | 'createdAt'>): Promise<void>
  getSession(idHash: string): Promise<Session | null>
  revokeSession(idHash: string, at: number): Promise<void>

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

  // Settings (secrets generated on first start, instance-wide flags)
  getSetting(key: string): Promise<string | null>
  /** Sets the value unless one exists; returns the value in force. */
  initSetting(key: string, value: string): Promise<string>

  // Access: revocation, changes that must reach open sockets, room access mode
  removeMember(roomId: string, personId: string): Promise<boolean>
  /** Remembers (or, with `false`, forgets) that a person's access to a room was revoked. */
  setRevoked(roomId: string, personId: string, revoked: boolean, at: number): Promise<void>
  isRevoked(roomId: string, personId: string): Promise<boolean>
  revokeSessions(filter: { personId: string; roomId?: string }, at: number): Promise<number>
  setRoomAccess(roomId: string, mode: AccessMode, domains: string[]): Promise<void>
  recordAccessChange(change: Omit<AccessChange, 'seq' | 'createdAt'>): Promise<number>
  accessChangesSince(seq: number): Promise<AccessChange[]>
  lastAccessChangeSeq(): Promise<number>

  // Audit log (append-only, hash-chained; the chain is computed by the caller's hash function)
  appendAudit(
    input: AuditInput,
    hash: (previousHash: string, at: number) => string,
  ): Promise<AuditEntry>
  listAudit(filter: { roomId?: string; afterSeq?: number; limit: number }): Promise<AuditEntry[]>

  // Mail
  enqueueMail(mail: { to: string; subject: string; body: string }): Promise<Mail>
  listOutbox(limit: number): Promise<Mail[]>
  markMail(id: string, result: { sentAt: number | null; error: string | null }): Promise<void>

  // One-time e-mail codes
  createEmailCode(code: Omit<EmailCode, 'id' | 'attempts' | 'usedAt'>): Promise<EmailCode>
  latestEmailCode(roomId: string, email: string): Promise<EmailCode | null>
  countEmailCodesSince(email: string, since: number): Promise<number>
  /** Adds one failed attempt; returns the new count. */
  failEmailCode(id: string): Promise<number>
  /** Marks a code used; false if it already was. */
  consumeEmailCode(id: string, at: number): Promise<boolean>

  // Engagement events
  appendEvents(events: EngagementEvent[]): Promise<void>
  /** A room's events in time order (ties in the order recorded), narrowed by `filter`. */
  listEvents(filter: EventFilter): Promise<EngagementEvent[]>
  hasEvents(roomId: string, personId: string): Promise<boolean>
  /** Digest bookkeeping for a person. */
  digestState(personId: string): Promise<{ sentAt: number | null; optOut: boolean }>
  setDigestState(personId: string, patch: { sentAt?: number; optOut?: boolean }): Promise<void>

  close(): Promise<void>
}

/** Lower-case, trimmed e-mail: the form stored and compared. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}
