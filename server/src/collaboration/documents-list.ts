import type { Hocuspocus } from '@hocuspocus/server'
import type * as Y from 'yjs'
import { documentName, parseDocumentName } from '../../../shared/src/protocol.ts'
import {
  listDocuments,
  putDocument,
  type RoomDocument,
  removeDocument,
} from '../../../shared/src/room/documents.ts'
import type { FileRecord, Storage } from '../storage/storage.ts'
import type { QuorumContext, QuorumExtension } from './context.ts'

/** How often the file-change feed is read: uploads by the CLI or another instance show within it. */
const POLL_MS = 500
/** Changes read again from a little before the last one seen (a commit can land out of order). */
const LOOK_BACK = 20

const entryOf = (file: FileRecord): RoomDocument => ({
  id: file.id,
  title: file.title,
  version: file.latest.version,
  pages: file.latest.pages,
  policy: file.policy,
  attachedKind: file.attachedKind,
  attachedId: file.attachedId,
  updatedAt: file.updatedAt,
})

/**
 * Makes the room document's `documents` list (which only the server writes) say what storage
 * says: entries written where they differ, entries of removed files removed. Writing only what
 * differs makes it safe to run on every instance and as often as wanted.
 */
export function reconcileDocuments(doc: Y.Doc, files: readonly FileRecord[]): void {
  const wanted = new Map(files.map((file) => [file.id, entryOf(file)]))
  const shown = new Map(listDocuments(doc).map((entry) => [entry.id, entry]))
  const stale = [...shown.keys()].filter((id) => !wanted.has(id))
  const changed = [...wanted.values()].filter((entry) => {
    const current = shown.get(entry.id)
    return !current || JSON.stringify(current) !== JSON.stringify(entry)
  })
  if (stale.length === 0 && changed.length === 0) return
  doc.transact(
    () => {
      for (const id of stale) removeDocument(doc, id)
      for (const entry of changed) putDocument(doc, entry)
    },
    { source: 'local' },
  )
}

/**
 * Keeps every open room's list of documents current: when a room loads (a change made while it
 * was closed), and when the file-change feed in storage names it — which every instance follows,
 * so an upload through another instance or the CLI shows too. `refresh` skips the wait for a
 * change made here.
 */
export function documentsList(storage: Storage): {
  extension: QuorumExtension
  watch(hocuspocus: Hocuspocus<QuorumContext>): { refresh(): void; stop(): void }
} {
  const reconcileRoom = async (doc: Y.Doc, roomId: string) =>
    reconcileDocuments(doc, await storage.listFiles(roomId))

  return {
    extension: {
      extensionName: 'quorum-documents-list',
      async afterLoadDocument({ document, documentName: name }) {
        const parsed = parseDocumentName(name)
        if (parsed?.kind !== 'shared') return
        await reconcileRoom(document, parsed.roomId).catch((error: unknown) =>
          console.error(`Could not list the documents of room ${parsed.roomId}:`, error),
        )
      },
    },
    watch(hocuspocus) {
      let lastSeq: number | null = null
      // Changes already applied among the last few (the look-back reads them again).
      const seen = new Set<number>()
      let running = false
      let again = false
      const poll = async () => {
        if (running) {
          again = true
          return
        }
        running = true
        try {
          do {
            again = false
            if (lastSeq === null) lastSeq = await storage.lastFileChangeSeq()
            const changes = await storage.fileChangesSince(Math.max(0, lastSeq - LOOK_BACK))
            const fresh = changes.filter((change) => !seen.has(change.seq))
            for (const roomId of new Set(fresh.map((change) => change.roomId))) {
              const document = hocuspocus.documents.get(documentName(roomId, 'shared'))
              if (document) await reconcileRoom(document, roomId)
            }
            for (const change of fresh) seen.add(change.seq)
            lastSeq = Math.max(lastSeq, ...fresh.map((change) => change.seq))
            for (const seq of seen) if (seq < lastSeq - LOOK_BACK) seen.delete(seq)
          } while (again)
        } catch (error) {
          console.error('Could not follow document changes:', error)
        } finally {
          running = false
        }
      }
      void poll()
      const timer = setInterval(poll, POLL_MS)
      timer.unref()
      return {
        refresh: () => void poll(),
        stop: () => clearInterval(timer),
      }
    },
  }
}
