import { parseDocumentName } from '../../../shared/src/protocol.ts'
import type { Storage } from '../storage/storage.ts'
import type { QuorumExtension } from './context.ts'

/** At most one "last activity" write per room in this window. */
const TOUCH_EVERY_MS = 10_000

/** Keeps each room's last-activity time current for room lists, without a write per keystroke. */
export function activity(storage: Storage): QuorumExtension {
  const lastTouched = new Map<string, number>()
  return {
    extensionName: 'quorum-activity',
    async onChange({ context }) {
      const roomId = context?.roomId
      if (!roomId) return
      const now = Date.now()
      if (now - (lastTouched.get(roomId) ?? 0) < TOUCH_EVERY_MS) return
      lastTouched.set(roomId, now)
      // Hocuspocus does not await onChange: a failure here would be an unhandled rejection.
      await storage.touchRoom(roomId, now).catch((error: unknown) => {
        console.error(`Could not note activity in room ${roomId}:`, error)
      })
    },
    async afterUnloadDocument({ documentName }) {
      const roomId = parseDocumentName(documentName)?.roomId
      if (roomId) lastTouched.delete(roomId)
    },
  }
}
