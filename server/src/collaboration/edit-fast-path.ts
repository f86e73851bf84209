import { ResetConnection } from '@hocuspocus/common'
import {
  type Connection,
  type Document,
  type Hocuspocus,
  OutgoingMessage,
} from '@hocuspocus/server'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import type { QuorumContext } from './context.ts'
import type { Durability } from './durability.ts'
import { sendEdits } from './edit-frames.ts'
import type { WriteGuard } from './write-guard.ts'

/** Hocuspocus's message type for the Yjs sync protocol, and y-protocols' type for an update. */
const SYNC = 0
const SYNC_UPDATE = 2
/** Edits stored in one commit at most (a burst is applied in batches of this many). */
const EDITS_PER_COMMIT = 8
/** A document's debounced store is re-armed by the fast path's edits at most this often. */
const REARM_STORE_EVERY_MS = 1_000

export type FastPath = (socket: unknown, message: Uint8Array) => boolean

/** Runs `work` as one storage commit: every append inside it is durable once it returns. */
export type OneCommit = (work: () => void) => void

/**
 * Frames Hocuspocus 4.7 has received for a connection and not finished handling (a private field;
 * if a later version renames it, this reads as busy and every edit takes the usual path).
 */
const unhandledFrames = (connection: Connection): number => {
  const queue = (connection as unknown as { messageQueue?: unknown }).messageQueue
  return Array.isArray(queue) ? queue.length : Number.POSITIVE_INFINITY
}

/**
 * The TCP stream under a connection's socket (ws keeps it as `_socket`), to cork: what is written
 * to it meanwhile leaves in one system call. Undefined for any other socket, which is then not
 * corked.
 */
const streamOf = (connection: Connection): { cork(): void; uncork(): void } | undefined => {
  const stream = (connection.webSocket as { _socket?: { cork?: unknown; uncork?: unknown } })
    ._socket
  return typeof stream?.cork === 'function' && typeof stream.uncork === 'function'
    ? (stream as { cork(): void; uncork(): void })
    : undefined
}

/**
 * The updates a document has applied and not yet broadcast, taken from Hocuspocus 4.7's private
 * buffer (the flush it has scheduled then has no update left to send). Null if a later version
 * renamed it: the caller then lets Hocuspocus's `flush` send them.
 */
const takeUnsentUpdates = (document: Document): Uint8Array[] | null => {
  const buffer = document as unknown as { pendingUpdates?: unknown; pendingUpdateBytes?: unknown }
  if (!Array.isArray(buffer.pendingUpdates) || typeof buffer.pendingUpdateBytes !== 'number')
    return null
  const updates: Uint8Array[] = buffer.pendingUpdates
  buffer.pendingUpdates = []
  buffer.pendingUpdateBytes = 0
  return updates
}

/**
 * Hocuspocus's broadcast of a document's unsent updates, then the acknowledgements: each writer's
 * TCP stream corked meanwhile, so its edits back and its acknowledgements leave in one write.
 */
const sendThroughFlush = (document: Document, acknowledged: ReadonlyMap<Connection, number>) => {
  const streams = [...acknowledged.keys()].flatMap((connection) => streamOf(connection) ?? [])
  for (const stream of streams) stream.cork()
  document.flush()
  for (const [connection, count] of acknowledged) {
    for (let i = 0; i < count; i++) {
      connection.send(
        new OutgoingMessage(connection.messageAddress).writeSyncStatus(true).toUint8Array(),
      )
    }
  }
  for (const stream of streams) stream.uncork()
}

interface Waiting {
  connection: Connection<QuorumContext>
  document: Document
  message: Uint8Array
  /** The update, when the frame is one (other frames only wait behind an update, in order). */
  update: Uint8Array | null
}

/**
 * A client's edit (a sync "update" frame) on an established connection, handled without
 * Hocuspocus's per-frame machinery: Hocuspocus runs four hook chains for every frame
 * (beforeHandleMessage, beforeSync, afterHandleMessage, onChange), each a promise per extension
 * with a payload that parses the request's URL again, which made Quorum's CPU per delivered edit
 * twice the y-websocket server's.
 *
 * Edits read in one turn of the event loop are applied together once the turn's reads are done,
 * in one storage commit: each is checked by the write guard synchronously (`accepts`) and applied
 * with the origin Hocuspocus uses, so everything hung on the document's update runs as before —
 * the append to the log (durability, now inside the shared commit), the room's size (write guard)
 * and last activity, engagement, the debounced store (re-armed at most once a second, see
 * `lighten`), Redis's `onChange` when it is configured. Once the commit has returned, the edits
 * are sent on and acknowledged: nothing is acknowledged before it is on disk, and a burst of edits
 * costs one commit instead of one each.
 *
 * Returns false (and changes nothing) for anything else, which Hocuspocus then handles as usual:
 * other messages, read-only connections, a connection with frames still being handled by
 * Hocuspocus. A connection's frames keep their order: frames that arrive behind a waiting edit
 * wait too, and whatever the guard would refuse, or is no edit, is handed to Hocuspocus in its
 * turn (its `beforeSync` refuses, tells the sender and closes the document, as for every refusal).
 * Only for storage that appends synchronously: an asynchronous driver logs in `beforeSync`.
 */
export function editFastPath(
  hocuspocus: Hocuspocus<QuorumContext>,
  guard: WriteGuard,
  inOneCommit: OneCommit,
  /** Documents with changes that could not be stored take the usual path, which saves first. */
  saved: Pick<Durability, 'isSaved' | 'markUnsaved'>,
): FastPath {
  let waiting: Waiting[] = []
  const hasWaiting = new Set<Connection>()

  /** The origin of the edit being applied, and its connection (see `lighten`). */
  let applying: { origin: object; connection: Connection<QuorumContext> } | null = null
  // Quorum passes Hocuspocus no hooks of its own (hocuspocus.ts), so the configuration's entry
  // among the extensions holds Hocuspocus's default, which does nothing.
  const changeHooks = hocuspocus.configuration.extensions.some(
    (extension) =>
      typeof extension.onChange === 'function' &&
      extension.onChange !== hocuspocus.configuration.onChange,
  )
  const lightened = new WeakSet<Document>()
  const storeArmedAt = new WeakMap<Document, number>()
  /**
   * Hocuspocus handles every applied update (`handleDocumentUpdate`): a hook payload with the
   * request's parameters, the onChange chain (a promise per extension) and the debounced store,
   * its timer re-armed each time. When no extension listens to onChange (Redis does; Quorum's own
   * bookkeeping listens to the document itself), the fast path's edits only re-arm the store, at
   * most once a second: the store compacts the log (every edit is in it already), 4 to 5 seconds
   * after the last edit instead of 5.
   */
  const lighten = (document: Document) => {
    if (changeHooks || lightened.has(document)) return
    lightened.add(document)
    const usual = document.callbacks.onUpdate
    document.onUpdate((changed, origin, update) => {
      if (applying === null || origin !== applying.origin) {
        usual(changed, origin, update)
        return
      }
      const now = Date.now()
      changed.lastChangeTime = now
      if (now - (storeArmedAt.get(changed) ?? Number.NEGATIVE_INFINITY) < REARM_STORE_EVERY_MS)
        return
      storeArmedAt.set(changed, now)
      void hocuspocus.storeDocumentHooks(changed, {
        instance: hocuspocus,
        clientsCount: changed.getConnectionsCount(),
        document: changed,
        documentName: changed.name,
        lastContext: applying.connection.context,
        lastTransactionOrigin: origin,
      })
    })
  }

  /** Checks and applies a batch's edits, noting those applied (inside the batch's commit). */
  const applyEach = (batch: Waiting[], failed: Set<Connection>, applied: Waiting[]) => {
    for (const entry of batch) {
      const { connection, document, update } = entry
      // Closed meanwhile: its frames are dropped, as Hocuspocus drops them.
      if (failed.has(connection) || !document.hasConnection(connection)) continue
      const context = connection.context
      if (
        update === null ||
        connection.readOnly ||
        unhandledFrames(connection) > 0 ||
        !saved.isSaved(document.name) ||
        !guard.accepts(document, context, false, update)
      ) {
        connection.handleMessage(entry.message)
        continue
      }
      lighten(document)
      const origin = { source: 'connection', connection }
      applying = { origin, connection }
      try {
        Y.applyUpdate(document, update, origin)
        applied.push(entry)
      } catch (error) {
        // Not acknowledged (the append may have failed): like Hocuspocus on a frame that
        // throws, close the document's connection; the client sends the edit again.
        console.error(`closing connection ${connection.socketId} (while applying an edit)`, error)
        failed.add(connection)
        connection.close({ code: ResetConnection.code, reason: ResetConnection.reason })
      } finally {
        applying = null
      }
    }
  }

  /** Applies a batch in one commit, then sends it on and acknowledges it. */
  const applyBatch = (batch: Waiting[], failed: Set<Connection>) => {
    const applied: Waiting[] = []
    try {
      // An unnamed function: tsx names each named closure as it is made (Object.defineProperty).
      inOneCommit(() => applyEach(batch, failed, applied))
    } catch (error) {
      // The commit failed: nothing of this batch is acknowledged, and what it applied in memory
      // must be saved before anything more is (the clients send those edits again).
      console.error('Could not store a batch of edits:', error)
      for (const { document } of applied) saved.markUnsaved(document.name)
      for (const { connection } of applied) {
        if (failed.has(connection)) continue
        failed.add(connection)
        connection.close({ code: ResetConnection.code, reason: ResetConnection.reason })
      }
      return
    }
    // On disk now: send the edits on, then acknowledge each, per document. A writer gets its
    // edits back (as every connection does) and its acknowledgements in one write.
    const byDocument = new Map<Document, Map<Connection, number>>()
    for (const { connection, document } of applied) {
      if (failed.has(connection)) continue
      const acknowledged = byDocument.get(document) ?? new Map<Connection, number>()
      acknowledged.set(connection, (acknowledged.get(connection) ?? 0) + 1)
      byDocument.set(document, acknowledged)
    }
    for (const [document, acknowledged] of byDocument) {
      // Yjs's encodings of what was applied (never a client's bytes), merged as Hocuspocus would.
      // None left when Hocuspocus has sent them already (past its buffer's limit, 1 MiB).
      const updates = takeUnsentUpdates(document)
      const update =
        updates?.length === 1 ? updates[0] : updates?.length ? Y.mergeUpdates(updates) : null
      if (update) sendEdits(document, update, acknowledged)
      else sendThroughFlush(document, acknowledged)
    }
  }

  const applyWaiting = () => {
    const all = waiting
    waiting = []
    hasWaiting.clear()
    const failed = new Set<Connection>()
    // A few edits per commit: the commit's cost is shared, and the first edit of a large burst
    // is not held back until the whole burst is applied.
    for (let start = 0; start < all.length; start += EDITS_PER_COMMIT) {
      applyBatch(all.slice(start, start + EDITS_PER_COMMIT), failed)
    }
  }

  return (socket, message) => {
    let address: string
    let update: Uint8Array | null = null
    try {
      const decoder = decoding.createDecoder(message)
      address = decoding.readVarString(decoder)
      if (decoding.readVarUint(decoder) === SYNC && decoding.readVarUint(decoder) === SYNC_UPDATE) {
        update = decoding.readVarUint8Array(decoder)
      }
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
    for (const candidate of document.connections.keys()) {
      if (candidate.webSocket === socket && candidate.messageAddress === address) {
        connection = candidate as Connection<QuorumContext>
        break
      }
    }
    if (!connection?.context) return false
    // Behind an edit that waits: waits too, whatever it is, so the connection's order holds.
    if (!hasWaiting.has(connection)) {
      if (update === null || connection.readOnly || unhandledFrames(connection) > 0) return false
    }
    if (waiting.length === 0) setImmediate(applyWaiting)
    waiting.push({ connection, document, message, update })
    hasWaiting.add(connection)
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
