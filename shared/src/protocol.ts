/**
 * What the browser, the CLI and the server must agree on about the wire: the collaboration
 * path, document names, close codes and limits. Document names are encoded and parsed here
 * and nowhere else.
 */

/** The WebSocket path of the collaboration endpoint. */
export const COLLAB_PATH = '/collab'

/** Which of a room's documents a name points at. */
export type DocumentKind = 'shared' | 'internal'

export interface DocumentAddress {
  roomId: string
  kind: DocumentKind
}

/** Room ids are URL-safe: letters, digits, `_` and `-`, 1 to 64 characters. */
const ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/

export function isRoomId(value: string): boolean {
  return ROOM_ID.test(value)
}

/** `room.<roomId>` for the shared document, `room.<roomId>.internal` for the seller team's. */
export function documentName(roomId: string, kind: DocumentKind = 'shared'): string {
  if (!isRoomId(roomId)) throw new Error(`Not a room id: ${JSON.stringify(roomId)}`)
  return kind === 'internal' ? `room.${roomId}.internal` : `room.${roomId}`
}

/** The inverse of `documentName`; `null` for any name Quorum does not serve. */
export function parseDocumentName(name: string): DocumentAddress | null {
  const match = /^room\.([A-Za-z0-9_-]{1,64})(\.internal)?$/.exec(name)
  if (!match?.[1]) return null
  return { roomId: match[1], kind: match[2] ? 'internal' : 'shared' }
}

/**
 * WebSocket close codes and permission-denied reasons the server sends. Codes 4000–4999 are
 * for applications; the ones Hocuspocus itself uses (4205, 4401, 4403, 4408) keep their meaning.
 */
export const CloseCodes = {
  /** A text frame arrived; the protocol is binary only. */
  unsupportedData: { code: 1003, reason: 'binary frames only' },
  /** A frame larger than the server's limit arrived. */
  messageTooBig: { code: 1009, reason: 'message too big' },
  /** The server is shutting down; reconnect shortly. */
  goingAway: { code: 1001, reason: 'server shutting down' },
  /** The person was removed from the room: the page says so and keeps nothing. */
  accessRevoked: { code: 4403, reason: 'access-revoked' },
  /** The owner closed the room. */
  roomClosed: { code: 4403, reason: 'room-closed' },
  /** The person's role changed: reconnect with the new rights (a viewer's socket is read-only). */
  roleChanged: { code: 4205, reason: 'role-changed' },
  /** The browser session the socket was opened with has ended (signed out, here or everywhere). */
  signedOut: { code: 4401, reason: 'signed-out' },
} as const

/** Reasons carried by a permission-denied reply to an authentication attempt. */
export const DenyReasons = {
  invalidToken: 'invalid-token',
  expiredToken: 'expired-token',
  unknownDocument: 'unknown-document',
  unknownRoom: 'unknown-room',
  roomClosed: 'room-closed',
  notAMember: 'not-a-member',
  sellerTeamOnly: 'seller-team-only',
  clientOutdated: 'client-outdated',
  sessionEnded: 'session-ended',
} as const

export type DenyReason = (typeof DenyReasons)[keyof typeof DenyReasons]

/** URL query parameter a client sends with the room schema version it understands. */
export const SCHEMA_PARAM = 'schema'
