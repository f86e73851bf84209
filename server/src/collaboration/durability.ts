import type { Connection, Document } from '@hocuspocus/server'
import * as Y from 'yjs'
import { CloseCodes, parseDocumentName } from '../../../shared/src/protocol.ts'
import { migrateRoom } from '../../../shared/src/room/index.ts'
import type { Storage } from '../storage/storage.ts'
import type { QuorumExtension } from './context.ts'

/** Compact right after loading when the log has grown past this many updates. */
const COMPACT_ON_LOAD_AFTER = 256

/** Marks updates applied while loading from storage, which are already stored. */
const LOADING = Symbol('loading from storage')

export interface Durability {
  extension: QuorumExtension
  /** Writes a fresh snapshot of every loaded document (used on shutdown). */
  compactAll(documents: Iterable<Document>): Promise<void>
  /**
   * Whether everything in the document's memory is in storage. After a failed write it is not
   * (the change was applied, then could not be logged): until a snapshot has been written, edits
   * go through `beforeSync`, which writes one before anything more is acknowledged.
   */
  isSaved(documentName: string): boolean
  /** Notes that a change applied to a document could not be stored. */
  markUnsaved(documentName: string): void
}

type Origin = { source?: string; connection?: Connection }
const originOf = (origin: unknown): Origin =>
  typeof origin === 'object' && origin !== null ? (origin as Origin) : {}

/**
 * No acknowledged edit is ever lost. Hocuspocus acknowledges an update as soon as it is applied
 * in memory and only stores after a debounce; a crash inside that window loses the edit. Here every
 * update reaches the document's log before its acknowledgement leaves:
 *
 * - Synchronous drivers (SQLite) append inside Yjs's own `update` event, which fires within the
 *   apply and so before the acknowledgement. The bytes are Yjs's encoding of the applied change.
 *   Edits taken by the socket's fast path (edit-fast-path.ts) are applied a few at a time inside
 *   one transaction, whose commit returns before any of them is acknowledged.
 * - Asynchronous drivers (PostgreSQL) append the client's update in `beforeSync`, which Hocuspocus
 *   awaits before applying it. Loading applies stored updates one by one and skips one that fails.
 *
 * Updates that arrive from another instance through Redis were logged by that instance. The log is
 * folded into a snapshot of the in-memory document on Hocuspocus's debounced store, on unload and
 * on shutdown — never by merging stored updates with `Y.mergeUpdates`, which loops forever on
 * crafted input — and never past an update that is logged but not applied yet.
 */
export function durability(
  storage: Storage,
  /** Told a document's size as stored, when it loads and whenever it is compacted. */
  storedSize: (documentName: string, bytes: number) => void = () => {},
): Durability {
  const appendSync = storage.appendUpdateSync?.bind(storage)
  /** Highest log sequence number each loaded document is known to contain. */
  const lastSeq = new Map<string, number>()
  /** Async path: updates logged but not applied yet, per document. */
  const inflight = new Map<string, Set<number>>()
  /** Async path: the sequence number of the message a connection is applying. */
  const pending = new WeakMap<Connection, number>()

  /** Documents holding changes in memory that could not be logged (see `isSaved`). */
  const unsaved = new Set<string>()

  const raise = (name: string, seq: number) =>
    lastSeq.set(name, Math.max(lastSeq.get(name) ?? 0, seq))

  async function compact(document: Document): Promise<void> {
    let upTo = lastSeq.get(document.name) ?? 0
    const waiting = inflight.get(document.name)
    if (waiting && waiting.size > 0) upTo = Math.min(upTo, Math.min(...waiting) - 1)
    const mustSave = unsaved.has(document.name)
    if (upTo <= 0 && !mustSave) return
    // Encode and read `upTo` in the same synchronous step: every update up to it is in the snapshot.
    const snapshot = Y.encodeStateAsUpdate(document)
    await storage.compactDocument(document.name, snapshot, Math.max(upTo, 0))
    if (mustSave) unsaved.delete(document.name)
    storedSize(document.name, snapshot.byteLength)
  }

  const extension: QuorumExtension = {
    extensionName: 'quorum-durability',

    async onLoadDocument({ document, documentName }) {
      const stored = await storage.loadDocument(documentName)
      if (!stored) throw new Error(`Document ${documentName} is not in storage`)
      document.transact(() => {
        if (stored.snapshot) Y.applyUpdate(document, stored.snapshot)
        for (const update of stored.updates) {
          try {
            Y.applyUpdate(document, update)
          } catch (error) {
            // Only the async path logs client bytes; one that never applied is skipped, not fatal.
            console.error(`Skipping an unreadable logged update of ${documentName}:`, error)
          }
        }
      }, LOADING)
      lastSeq.set(documentName, stored.lastSeq)
      storedSize(
        documentName,
        stored.updates.reduce((bytes, update) => bytes + update.byteLength, 0) +
          (stored.snapshot?.byteLength ?? 0),
      )

      document.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === LOADING) return
        const { source, connection } = originOf(origin)
        if (source === 'redis') return
        if (appendSync) {
          try {
            raise(documentName, appendSync(documentName, update))
          } catch (error) {
            // y-protocols swallows an error thrown inside an apply, and Hocuspocus would then
            // acknowledge the edit: the sender's socket is closed first, so no acknowledgement
            // leaves (it sends the edit again when it reconnects, and `beforeSync` saves first).
            unsaved.add(documentName)
            connection?.webSocket.close(CloseCodes.notSaved.code, CloseCodes.notSaved.reason)
            throw error
          }
          return
        }
        if (source === 'connection' && connection) {
          const seq = pending.get(connection)
          if (seq !== undefined) raise(documentName, seq)
          return
        }
        // A change made on this server (a migration, a stakeholder added on join): nobody waits for
        // an acknowledgement, so it is logged in the background.
        storage.appendUpdate(documentName, update).then(
          (seq) => raise(documentName, seq),
          (error: unknown) =>
            console.error(`Could not log a server-side change to ${documentName}:`, error),
        )
      })
    },

    async beforeSync({ type, payload, connection, document, documentName }) {
      // y-protocols sync: 1 is SyncStep2, 2 an update; both change the document.
      if (connection.readOnly || (type !== 1 && type !== 2)) return
      if (unsaved.has(documentName)) {
        // A change in memory never reached storage: save it all before acknowledging anything
        // more (an edit sent again after a failed write is already in memory, so it would be
        // acknowledged without being logged).
        try {
          await compact(document)
        } catch (error) {
          connection.webSocket.close(CloseCodes.notSaved.code, CloseCodes.notSaved.reason)
          throw error
        }
      }
      if (appendSync) return
      const seq = await storage.appendUpdate(documentName, payload)
      pending.set(connection, seq)
      const waiting = inflight.get(documentName) ?? new Set<number>()
      waiting.add(seq)
      inflight.set(documentName, waiting)
    },

    async afterHandleMessage({ connection, documentName }) {
      const seq = pending.get(connection)
      if (seq === undefined) return
      pending.delete(connection)
      inflight.get(documentName)?.delete(seq)
    },

    async afterLoadDocument({ document, documentName }) {
      if (parseDocumentName(documentName)?.kind === 'shared') migrateRoom(document)
      if ((await storage.countUpdates(documentName)) > COMPACT_ON_LOAD_AFTER)
        await compact(document)
    },

    async onStoreDocument({ document }) {
      await compact(document)
    },

    async afterUnloadDocument({ documentName }) {
      unsaved.delete(documentName)
      lastSeq.delete(documentName)
      inflight.delete(documentName)
    },
  }

  return {
    extension,
    async compactAll(documents) {
      for (const document of documents) await compact(document)
    },
    isSaved: (documentName) => !unsaved.has(documentName),
    markUnsaved: (documentName) => void unsaved.add(documentName),
  }
}
