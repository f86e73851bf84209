import {
  ATTACHMENT_KINDS,
  type AttachmentKind,
  DOCUMENT_POLICIES,
  type DocumentPolicy,
} from '../../../shared/src/room/documents.ts'
import type { FileChange, FileRecord, FileVersion } from './files.ts'
import { int, type Row, text, textOrNull } from './rows.ts'

/** SQL shared by both drivers (placeholders written `?`; PostgreSQL numbers them). */

const VERSION_COLUMNS = `v.file_id, v.version, v.original_key, v.pdf_key, v.content_type, v.filename,
  v.size, v.pages, v.note, v.created_by, v.created_at, COALESCE(p.name, '') AS created_by_name`

export const FILE_SELECT = `SELECT f.id, f.room_id, f.title, f.policy, f.attached_kind,
  f.attached_id, f.created_at AS file_created_at, f.updated_at, ${VERSION_COLUMNS}
  FROM files f
  JOIN file_versions v ON v.file_id = f.id AND v.version = f.latest_version
  LEFT JOIN people p ON p.id = v.created_by`

export const VERSION_SELECT = `SELECT ${VERSION_COLUMNS}
  FROM file_versions v LEFT JOIN people p ON p.id = v.created_by`

export const INSERT_VERSION = `INSERT INTO file_versions (file_id, version, original_key, pdf_key,
  content_type, filename, size, pages, note, created_by, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

/** `?` placeholders as PostgreSQL's `$1, $2, …`. */
export const numbered = (sql: string): string => {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

export function toFileVersion(row: Row): FileVersion {
  return {
    fileId: text(row, 'file_id'),
    version: int(row, 'version'),
    originalKey: text(row, 'original_key'),
    pdfKey: text(row, 'pdf_key'),
    contentType: text(row, 'content_type'),
    filename: text(row, 'filename'),
    size: int(row, 'size'),
    pages: int(row, 'pages'),
    note: text(row, 'note'),
    createdBy: text(row, 'created_by'),
    createdByName: text(row, 'created_by_name'),
    createdAt: int(row, 'created_at'),
  }
}

export function toFileRecord(row: Row): FileRecord {
  const kind = textOrNull(row, 'attached_kind')
  const policy = text(row, 'policy')
  return {
    id: text(row, 'id'),
    roomId: text(row, 'room_id'),
    title: text(row, 'title'),
    policy: (DOCUMENT_POLICIES as readonly string[]).includes(policy)
      ? (policy as DocumentPolicy)
      : 'view',
    attachedKind:
      kind !== null && (ATTACHMENT_KINDS as readonly string[]).includes(kind)
        ? (kind as AttachmentKind)
        : null,
    attachedId: textOrNull(row, 'attached_id'),
    createdAt: int(row, 'file_created_at'),
    updatedAt: int(row, 'updated_at'),
    latest: toFileVersion(row),
  }
}

export const toFileChange = (row: Row): FileChange => ({
  seq: int(row, 'seq'),
  roomId: text(row, 'room_id'),
})

/** The versions' columns in INSERT_VERSION's order. */
export function versionValues(
  fileId: string,
  version: number,
  input: Omit<FileVersion, 'fileId' | 'version' | 'createdByName'>,
): unknown[] {
  return [
    fileId,
    version,
    input.originalKey,
    input.pdfKey,
    input.contentType,
    input.filename,
    input.size,
    input.pages,
    input.note,
    input.createdBy,
    input.createdAt,
  ]
}

/** The SET clause and values of a patch (updated_at always). */
export function patchColumns(
  patch: {
    title?: string
    policy?: DocumentPolicy
    attachedTo?: { kind: AttachmentKind; id: string } | null
  },
  now: number,
): { set: string; values: unknown[] } {
  const columns: string[] = ['updated_at = ?']
  const values: unknown[] = [now]
  if (patch.title !== undefined) {
    columns.push('title = ?')
    values.push(patch.title)
  }
  if (patch.policy !== undefined) {
    columns.push('policy = ?')
    values.push(patch.policy)
  }
  if (patch.attachedTo !== undefined) {
    columns.push('attached_kind = ?', 'attached_id = ?')
    values.push(patch.attachedTo?.kind ?? null, patch.attachedTo?.id ?? null)
  }
  return { set: columns.join(', '), values }
}
