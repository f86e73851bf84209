import type { Document } from '@hocuspocus/server'
import * as Y from 'yjs'
import { parseDocumentName } from '../../../shared/src/protocol.ts'
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
}

/**
 * No acknowledged edit is ever lost. Hocuspocus acknowledges an update as soon as it is applied
 * in memory and only stores after a debounce; a crash inside that window loses the edit. Here
 * every update is appended to the document's log inside Yjs's own `update` event, which fires
 * synchronously within the apply and so before the acknowledgement is sent. The bytes appended
 * are the ones Yjs encoded for the applied transaction, never the bytes a client sent.
 *
 * The log is folded into a snapshot of the in-memory document on Hocuspocus's debounced store,
 * on unload and on shutdown (never by merging stored updates: `Y.mergeUpdates` on crafted input
 * can loop forever).
 */
export function durability(storage: Storage): Durability {
  const appendSync = storage.appendUpdateSync?.bind(storage)
  if (!appendSync) {
    throw new Error(
      `The ${storage.driver} driver cannot append synchronously; it needs the async path`,
    )
  }
  /** Last log sequence number each loaded document is known to contain. */
  const lastSeq = new Map<string, number>()

  async function compact(document: Document): Promise<void> {
    const seq = lastSeq.get(document.name) ?? 0
    if (seq === 0) return
    // Encode and capture `seq` in the same synchronous step: every update up to `seq` is in the
    // snapshot, and nothing can be appended in between.
    await storage.compactDocument(document.name, Y.encodeStateAsUpdate(document), seq)
    if (lastSeq.get(document.name) === seq) lastSeq.set(document.name, 0)
  }

  const extension: QuorumExtension = {
    extensionName: 'quorum-durability',

    async onLoadDocument({ document, documentName }) {
      const stored = await storage.loadDocument(documentName)
      if (!stored) throw new Error(`Document ${documentName} is not in storage`)
      document.transact(() => {
        if (stored.snapshot) Y.applyUpdate(document, stored.snapshot)
        for (const update of stored.updates) Y.applyUpdate(document, update)
      }, LOADING)
      lastSeq.set(documentName, stored.lastSeq)

      document.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === LOADING) return
        lastSeq.set(documentName, appendSync(documentName, update))
      })
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
      lastSeq.delete(documentName)
    },
  }

  return {
    extension,
    async compactAll(documents) {
      for (const document of documents) await compact(document)
    },
  }
}
