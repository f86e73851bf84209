import * as Y from 'yjs'
import { entries, num, oneOf, roots, str, strOrNull } from './schema.ts'

/**
 * The room's documents as every open room shows them: one entry per document (its latest
 * version), written by the server only — when a document, a version, its policy or what it is
 * attached to changes. The files themselves, their versions and pages are in storage and the
 * blob store; this is the live list (shared/src/api/documents.ts serves the details).
 */

export const DOCUMENT_POLICIES = ['view', 'download'] as const
/** `view`: pages are shown as watermarked images and the file never leaves the server. */
export type DocumentPolicy = (typeof DOCUMENT_POLICIES)[number]

export const ATTACHMENT_KINDS = ['task', 'milestone'] as const
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number]

export interface RoomDocument {
  id: string
  title: string
  /** The latest version (1, 2, …). */
  version: number
  pages: number
  policy: DocumentPolicy
  /** The plan task or milestone it is placed next to, if any. */
  attachedKind: AttachmentKind | null
  attachedId: string | null
  /** Epoch milliseconds of the last change (a version, the policy, the attachment). */
  updatedAt: number
}

function readDocument(id: string, entry: Y.Map<unknown>): RoomDocument {
  const attachedKind = entry.get('attachedKind')
  const attachedId = strOrNull(entry, 'attachedId')
  const kind =
    typeof attachedKind === 'string' &&
    (ATTACHMENT_KINDS as readonly string[]).includes(attachedKind) &&
    attachedId !== null
      ? (attachedKind as AttachmentKind)
      : null
  return {
    id,
    title: str(entry, 'title', 'Untitled document'),
    version: Math.max(1, Math.trunc(num(entry, 'version') ?? 1)),
    pages: Math.max(0, Math.trunc(num(entry, 'pages') ?? 0)),
    policy: oneOf(entry, 'policy', DOCUMENT_POLICIES, 'view'),
    attachedKind: kind,
    attachedId: kind === null ? null : attachedId,
    updatedAt: num(entry, 'updatedAt') ?? 0,
  }
}

/** The room's documents, most recently changed first (ties by title). */
export function listDocuments(doc: Y.Doc): RoomDocument[] {
  return entries(roots.documents(doc))
    .map(([id, entry]) => readDocument(id, entry))
    .sort((a, b) => b.updatedAt - a.updatedAt || a.title.localeCompare(b.title))
}

/** One document of the room, or null. */
export function getDocument(doc: Y.Doc, id: string): RoomDocument | null {
  const entry = roots.documents(doc).get(id)
  return entry instanceof Y.Map ? readDocument(id, entry) : null
}

/** The documents placed next to one task or milestone. */
export function documentsAttachedTo(
  doc: Y.Doc,
  kind: AttachmentKind,
  itemId: string,
): RoomDocument[] {
  return listDocuments(doc).filter(
    (document) => document.attachedKind === kind && document.attachedId === itemId,
  )
}

/**
 * Server only (clients are refused by the write rules): writes a document's entry as storage
 * has it now, in one transaction.
 */
export function putDocument(doc: Y.Doc, document: RoomDocument): void {
  doc.transact(() => {
    const collection = roots.documents(doc)
    let entry = collection.get(document.id)
    if (!(entry instanceof Y.Map)) {
      entry = new Y.Map<unknown>()
      collection.set(document.id, entry)
    }
    const map = entry as Y.Map<unknown>
    const fields: Omit<RoomDocument, 'id'> = {
      title: document.title,
      version: document.version,
      pages: document.pages,
      policy: document.policy,
      attachedKind: document.attachedKind,
      attachedId: document.attachedId,
      updatedAt: document.updatedAt,
    }
    for (const [key, value] of Object.entries(fields)) {
      if (map.get(key) !== value) map.set(key, value)
    }
  })
}

/** Server only: removes a document from the room's list. */
export function removeDocument(doc: Y.Doc, id: string): void {
  doc.transact(() => roots.documents(doc).delete(id))
}
