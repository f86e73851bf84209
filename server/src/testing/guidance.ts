import { onTestFinished, vi } from 'vitest'
import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import type { Storage } from '../storage/storage.ts'

/**
 * Edits a room's stored document as the collaboration server would (one logged update) and
 * touches the room, so its summary, plan of nudges and next best actions are due again.
 */
export async function editStoredRoom<T>(
  storage: Storage,
  roomId: string,
  edit: (doc: Y.Doc) => T,
): Promise<T> {
  const doc = await loadRoomDoc(storage, roomId)
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const result = edit(doc)
  doc.destroy()
  if (updates.length > 0) await storage.appendUpdate(documentName(roomId), Y.mergeUpdates(updates))
  await storage.touchRoom(roomId, Date.now())
  return result
}

/**
 * The calendar of a test: `Date.now()` answers what `set` says (timers and sockets keep real
 * time), so days pass without sleeping.
 */
export function calendar(start: string): { at(offsetMs: number): number; set(at: number): void } {
  const origin = Date.parse(start)
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(origin)
  onTestFinished(() => {
    vi.useRealTimers()
  })
  return {
    at(offsetMs) {
      vi.setSystemTime(origin + offsetMs)
      return origin + offsetMs
    },
    set: (at) => vi.setSystemTime(at),
  }
}
