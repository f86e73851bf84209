import type * as Y from 'yjs'
import { checkDate, num, type RoomMeta, roots, str, strOrNull, writeFields } from './schema.ts'

export function readMeta(doc: Y.Doc): RoomMeta {
  const meta = roots.meta(doc)
  return {
    title: str(meta, 'title', 'Untitled room'),
    buyerOrg: str(meta, 'buyerOrg'),
    sellerOrg: str(meta, 'sellerOrg'),
    targetCloseDate: strOrNull(meta, 'targetCloseDate'),
    stage: str(meta, 'stage'),
    schemaVersion: num(meta, 'schemaVersion') ?? 0,
  }
}

export type MetaPatch = Partial<Omit<RoomMeta, 'schemaVersion'>>

export function updateMeta(doc: Y.Doc, patch: MetaPatch): void {
  const checked = { ...patch, targetCloseDate: checkDate(patch.targetCloseDate) }
  if (checked.title !== undefined && checked.title.trim() === '') {
    throw new Error('A room needs a title')
  }
  doc.transact(() => writeFields(roots.meta(doc), checked))
}
