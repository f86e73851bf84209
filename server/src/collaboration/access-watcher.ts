import type { Hocuspocus } from '@hocuspocus/server'
import { parseDocumentName } from '../../../shared/src/protocol.ts'
import type { AccessChange, Storage } from '../storage/storage.ts'
import type { QuorumContext } from './context.ts'

/** How often the access-change log is read. Revocations reach open sockets within this, plus a query. */
const POLL_MS = 200

/** Close codes a client sees when its access ends; shared with the browser through the reason. */
export const ACCESS_CLOSE = {
  revoked: { code: 4403, reason: 'access-revoked' },
  'room-closed': { code: 4403, reason: 'room-closed' },
  // A changed role reconnects with the new rights (a viewer's socket must become read-only).
  'role-changed': { code: 4205, reason: 'role-changed' },
} as const

/**
 * Applies access changes to sockets that are already open. Every instance follows the same
 * change log in storage by sequence number, so a revocation made by the CLI, the API or another
 * instance closes the right sockets everywhere. The socket itself is closed, not only the
 * document, so no frame reaches it afterwards.
 */
export function watchAccessChanges(
  storage: Storage,
  hocuspocus: Hocuspocus<QuorumContext>,
): { stop: () => void; applied: () => number } {
  let lastSeq: number | null = null
  let applied = 0
  let running = false

  const apply = (change: AccessChange) => {
    const close = ACCESS_CLOSE[change.kind]
    for (const document of hocuspocus.documents.values()) {
      if (parseDocumentName(document.name)?.roomId !== change.roomId) continue
      for (const connection of document.getConnections()) {
        const context = connection.context as QuorumContext | undefined
        if (change.personId !== null && context?.personId !== change.personId) continue
        connection.webSocket.close(close.code, close.reason)
      }
    }
    applied = change.seq
  }

  const poll = async () => {
    if (running) return
    running = true
    try {
      if (lastSeq === null) lastSeq = await storage.lastAccessChangeSeq()
      for (const change of await storage.accessChangesSince(lastSeq)) {
        apply(change)
        lastSeq = change.seq
      }
    } catch (error) {
      console.error('Could not read access changes:', error)
    } finally {
      running = false
    }
  }

  void poll()
  const timer = setInterval(poll, POLL_MS)
  timer.unref()
  return { stop: () => clearInterval(timer), applied: () => applied }
}
