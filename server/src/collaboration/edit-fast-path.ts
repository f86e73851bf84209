import { ResetConnection } from '@hocuspocus/common'
import { type Connection, type Hocuspocus, OutgoingMessage } from '@hocuspocus/server'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import type { QuorumContext } from './context.ts'
import type { WriteGuard } from './write-guard.ts'

/** Hocuspocus's message type for the Yjs sync protocol, and y-protocols' type for an update. */
const SYNC = 0
const SYNC_UPDATE = 2

export type FastPath = (socket: unknown, message: Uint8Array) => boolean

/**
 * Frames Hocuspocus 4.7 has received for a connection and not finished handling (a private field;
 * if a later version renames it, this reads undefined and every edit takes the usual path).
 */
const unhandledFrames = (connection: Connection): number => {
  const queue = (connection as unknown as { messageQueue?: unknown }).messageQueue
  return Array.isArray(queue) ? queue.length : Number.POSITIVE_INFINITY
}

/**
 * A client's edit (a sync "update" frame) on an established connection, handled without
 * Hocuspocus's per-frame machinery: Hocuspocus runs four hook chains for every frame
 * (beforeHandleMessage, beforeSync, afterHandleMessage, onChange), each a promise per extension
 * with a payload that parses the request's URL again, which made Quorum's CPU per delivered edit
 * twice the y-websocket server's. Here the frame is decoded once, the write guard checks it
 * synchronously (`accepts`), and it is applied with the origin Hocuspocus uses, so everything hung
 * on the document's update — the SQLite append before the acknowledgement (durability), the
 * broadcast, `onChange` (Redis, activity, room size), the debounced store, engagement — runs as
 * before; then the acknowledgement is sent, as Hocuspocus would.
 *
 * Returns false (and changes nothing) for anything else, which Hocuspocus then handles as usual:
 * other messages, read-only connections, a connection with frames still being handled (so frames
 * apply in the order they were sent), and an update the guard would refuse (Hocuspocus's
 * `beforeSync` refuses it, tells the sender and closes the document, as for every refusal).
 * Only for storage that appends synchronously: an asynchronous driver logs in `beforeSync`.
 */
export function editFastPath(hocuspocus: Hocuspocus<QuorumContext>, guard: WriteGuard): FastPath {
  return (socket, message) => {
    let address: string
    let update: Uint8Array
    try {
      const decoder = decoding.createDecoder(message)
      address = decoding.readVarString(decoder)
      if (decoding.readVarUint(decoder) !== SYNC) return false
      if (decoding.readVarUint(decoder) !== SYNC_UPDATE) return false
      update = decoding.readVarUint8Array(decoder)
    } catch {
      return false
    }
    // Session-aware providers address `documentName\0sessionId`.
    const separator = address.indexOf('\0')
    const document = hocuspocus.documents.get(
      separator === -1 ? address : address.slice(0, separator),
    )
    if (!document) return false
    let connection: Connection<QuorumContext> | undefined
    for (const candidate of document.getConnections()) {
      if (candidate.webSocket === socket && candidate.messageAddress === address) {
        connection = candidate as Connection<QuorumContext>
        break
      }
    }
    const context = connection?.context
    if (!connection || !context || connection.readOnly || unhandledFrames(connection) > 0)
      return false
    if (!guard.accepts(document, context, false, update)) return false
    try {
      Y.applyUpdate(document, update, { source: 'connection', connection })
    } catch (error) {
      // Not acknowledged (the append may have failed): like Hocuspocus on a frame that throws,
      // close the document's connection; the client sends the edit again when it reconnects.
      console.error(`closing connection ${connection.socketId} (while applying an edit)`, error)
      connection.close({ code: ResetConnection.code, reason: ResetConnection.reason })
      return true
    }
    // The edit is in the log now: send it on at once rather than in Hocuspocus's next-turn batch
    // (flushDelay), which waits for every other frame read in this turn, then acknowledge it.
    document.flush()
    connection.send(
      new OutgoingMessage(connection.messageAddress).writeSyncStatus(true).toUint8Array(),
    )
    return true
  }
}

/** Each Hocuspocus instance's edit fast path, for the socket server that feeds it frames. */
const fastPaths = new WeakMap<Hocuspocus<QuorumContext>, FastPath>()

/** Called where the instance is composed (hocuspocus.ts), which knows the guard and the storage. */
export function registerEditFastPath(hocuspocus: Hocuspocus<QuorumContext>, path: FastPath): void {
  fastPaths.set(hocuspocus, path)
}

/** The instance's edit fast path, if it has one (synchronous storage only). */
export function editFastPathOf(hocuspocus: Hocuspocus<QuorumContext>): FastPath | undefined {
  return fastPaths.get(hocuspocus)
}
