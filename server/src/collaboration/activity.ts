import { parseDocumentName } from '../../../shared/src/protocol.ts'
import type { Storage } from '../storage/storage.ts'
import type { QuorumContext, QuorumExtension } from './context.ts'

/** At most one "last activity" write per room in this window. */
const TOUCH_EVERY_MS = 10_000

/** The room of whoever made a change: a connection's, or the server's when it says so. */
function roomOfChange(origin: unknown): string | undefined {
  if (typeof origin !== 'object' || origin === null) return undefined
  const { source, connection, context } = origin as {
    source?: unknown
    connection?: { context?: Partial<QuorumContext> }
    context?: Partial<QuorumContext>
  }
  if (source === 'connection') return connection?.context?.roomId
  if (source === 'local') return context?.roomId
  return undefined
}

/**
 * Keeps each room's last-activity time current for room lists (and their summaries, which a
 * later activity makes due), without a write per keystroke: at most one write per room in
 * TOUCH_EVERY_MS, and one at the end of that window for changes made inside it. It listens to
 * the document itself rather than to Hocuspocus's onChange hook, which the edit fast path skips;
 * what counts is as before: changes people make, and the server's own made on their behalf (a
 * context given), not those other instances relay.
 */
export function activity(storage: Storage): QuorumExtension {
  const lastTouched = new Map<string, number>()
  const trailing = new Map<string, NodeJS.Timeout>()
  const write = (roomId: string, at: number) => {
    lastTouched.set(roomId, at)
    storage.touchRoom(roomId, at).catch((error: unknown) => {
      console.error(`Could not note activity in room ${roomId}:`, error)
    })
  }
  const touch = (roomId: string) => {
    const now = Date.now()
    const wait = TOUCH_EVERY_MS - (now - (lastTouched.get(roomId) ?? 0))
    if (wait <= 0) return write(roomId, now)
    if (trailing.has(roomId)) return
    const timer = setTimeout(() => {
      trailing.delete(roomId)
      write(roomId, Date.now())
    }, wait)
    timer.unref()
    trailing.set(roomId, timer)
  }
  return {
    extensionName: 'quorum-activity',
    async afterLoadDocument({ document }) {
      document.on('update', (_update: Uint8Array, origin: unknown) => {
        const roomId = roomOfChange(origin)
        if (roomId) touch(roomId)
      })
    },
    async afterUnloadDocument({ documentName }) {
      const roomId = parseDocumentName(documentName)?.roomId
      if (!roomId) return
      const timer = trailing.get(roomId)
      if (timer) {
        clearTimeout(timer)
        trailing.delete(roomId)
        write(roomId, Date.now())
      }
      lastTouched.delete(roomId)
    },
  }
}
