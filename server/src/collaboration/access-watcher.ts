import type { Connection, Hocuspocus } from '@hocuspocus/server'
import { CloseCodes, type DenyReason, DenyReasons } from '../../../shared/src/protocol.ts'
import type { AccessChange, Storage } from '../storage/storage.ts'
import { authorizeConnection } from './authorize.ts'
import type { QuorumContext } from './context.ts'

/** How often the access-change log is read. Changes reach open sockets within this, plus a query. */
const POLL_MS = 200

/** How a socket whose access ended is closed; the client reads the code and reason. */
function closeFor(reason: DenyReason): { code: number; reason: string } {
  if (reason === DenyReasons.roomClosed) return CloseCodes.roomClosed
  if (reason === DenyReasons.sessionEnded) return CloseCodes.signedOut
  return CloseCodes.accessRevoked
}

/**
 * Applies access changes to sockets that are already open. Every instance follows the same
 * change log in storage by sequence number, so a change made by the CLI, the API or another
 * instance reaches sockets everywhere. A change does not say what to do: each socket it concerns
 * is authorized again, exactly as when it connected (membership, role, room, session), and closed
 * when that now fails — or, when only the role changed, closed so that it reconnects with the new
 * rights (a viewer's socket must become read-only). The socket itself is closed, not only the
 * document, so no frame reaches it afterwards.
 */
export function watchAccessChanges(
  storage: Storage,
  hocuspocus: Hocuspocus<QuorumContext>,
): { stop: () => void; applied: () => number } {
  let lastSeq: number | null = null
  let applied = 0
  let running = false

  const concerned = (change: AccessChange): Array<Connection<QuorumContext>> => {
    const found: Array<Connection<QuorumContext>> = []
    for (const document of hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) {
        const context = connection.context as QuorumContext | undefined
        if (!context) continue
        if (change.roomId !== null && context.roomId !== change.roomId) continue
        if (change.personId !== null && context.personId !== change.personId) continue
        found.push(connection as Connection<QuorumContext>)
      }
    }
    return found
  }

  const apply = async (change: AccessChange) => {
    for (const connection of concerned(change)) {
      const { context } = connection
      const verdict = await authorizeConnection(storage, context, context.documentKind)
      // A changed role, or a room archived or reopened (read-only for the seller team while
      // archived), reconnects the socket with its new rights.
      const close = !verdict.ok
        ? closeFor(verdict.reason)
        : verdict.member.role !== (context.previewBy ?? context.role) ||
            verdict.readOnly !== connection.readOnly
          ? CloseCodes.roleChanged
          : null
      if (close) connection.webSocket.close(close.code, close.reason)
    }
    applied = change.seq
  }

  const poll = async () => {
    if (running) return
    running = true
    try {
      if (lastSeq === null) lastSeq = await storage.lastAccessChangeSeq()
      for (const change of await storage.accessChangesSince(lastSeq)) {
        await apply(change)
        lastSeq = change.seq
      }
    } catch (error) {
      console.error('Could not apply access changes:', error)
    } finally {
      running = false
    }
  }

  void poll()
  const timer = setInterval(poll, POLL_MS)
  timer.unref()
  return { stop: () => clearInterval(timer), applied: () => applied }
}
