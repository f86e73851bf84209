import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import type { Storage } from '../storage/storage.ts'

/**
 * A room's shared document as stored: the snapshot plus every logged update. Since every update is
 * logged before it is acknowledged, this equals the live document; reading it never loads the
 * room into the collaboration server.
 */
export async function loadRoomDoc(storage: Storage, roomId: string): Promise<Y.Doc> {
  const stored = await storage.loadDocument(documentName(roomId))
  const doc = new Y.Doc()
  if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored?.updates ?? []) Y.applyUpdate(doc, update)
  return doc
}
