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
  /** An edit could not be stored: it was not acknowledged; reconnect and send it again. */
  notSaved: { code: 1011, reason: 'could not save' },
  /** The person was removed from the room: the page says so and keeps nothing. */
  accessRevoked: { code: 4403, reason: 'access-revoked' },
  /** The owner closed the room. */
  roomClosed: { code: 4403, reason: 'room-closed' },
  /** The person's role changed: reconnect with the new rights (a viewer's socket is read-only). */
  roleChanged: { code: 4205, reason: 'role-changed' },
  /** The browser session the socket was opened with has ended (signed out, here or everywhere). */
  signedOut: { code: 4401, reason: 'signed-out' },
  /**
   * The server refused an update (see WRITE_REFUSED): the document's connection is closed and the
   * client starts that document again from the server's copy. Only the reason reaches the
   * provider (Hocuspocus closes one document of a multiplexed socket with a reason, not a code).
   */
  writeRefused: { code: 4409, reason: 'write-refused' },
} as const

/** The stateless message that tells a client why its update was refused, just before the close. */
export const WRITE_REFUSED = 'quorum:write-refused'

export type WriteRefusalCode =
  /** The person's role cannot change this document (a viewer; a role lowered while offline). */
  | 'read-only'
  /** A change the write rules do not allow (another person's mark, another author…). */
  | 'not-allowed'
  /** One update over MAX_UPDATE_BYTES. */
  | 'too-large'
  /** The room would grow past MAX_ROOM_BYTES. */
  | 'room-full'
  /** The bytes are not an update of this document. */
  | 'malformed'

export interface WriteRefusal {
  type: typeof WRITE_REFUSED
  code: WriteRefusalCode
  /** A sentence for the person whose change it was. */
  message: string
}

/** The refusal carried by a stateless payload, or null for any other message. */
export function parseWriteRefusal(payload: string): WriteRefusal | null {
  try {
    const value: unknown = JSON.parse(payload)
    if (typeof value !== 'object' || value === null) return null
    const { type, code, message } = value as Record<string, unknown>
    return type === WRITE_REFUSED && typeof code === 'string' && typeof message === 'string'
      ? { type, code: code as WriteRefusalCode, message }
      : null
  } catch {
    return null
  }
}

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
