import * as z from 'zod/mini'
import { ATTACHMENT_KINDS, DOCUMENT_POLICIES } from '../room/documents.ts'
import { endpoint } from './endpoint.ts'
import { choice, id, optionalChoice, optionalText, queryInteger, trimmedName } from './fields.ts'
import { RoomParams } from './rooms.ts'

/**
 * The room's documents (issue 13): files uploaded to a room, each with versions, served as
 * page images rendered and watermarked on the server, and as a stamped PDF when the policy
 * allows downloads. The live list is also in the room document (shared/src/room/documents.ts).
 */
const tag = 'documents'

/** Media types an upload may declare; the server decides the type from the bytes anyway. */
export const UPLOAD_MEDIA_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
] as const

/** The widths (CSS pixels) a page image is rendered at; the viewer picks the nearest. */
export const PAGE_WIDTHS = [480, 960, 1600] as const
export type PageWidth = (typeof PAGE_WIDTHS)[number]

/** Longest title, note and file name kept. */
export const MAX_DOCUMENT_TITLE = 200
export const MAX_VERSION_NOTE = 500
export const MAX_FILENAME = 255

export const DocumentPolicy = z.enum(DOCUMENT_POLICIES).check(
  z.meta({
    id: 'DocumentPolicy',
    description:
      '`view`: pages only, as watermarked images (the file never leaves the server); ' +
      '`download`: also a PDF stamped with the same watermark.',
  }),
)

export const DocumentAttachment = z
  .object({ kind: z.enum(ATTACHMENT_KINDS), id: z.string() })
  .check(z.meta({ id: 'DocumentAttachment' }))

export const DocumentSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    version: z.int().check(z.meta({ description: 'The latest version (1, 2, …).' })),
    pages: z.int(),
    policy: DocumentPolicy,
    contentType: z
      .string()
      .check(
        z.meta({ description: 'The type of the file uploaded (office files are shown as PDF).' }),
      ),
    filename: z.string(),
    size: z.int().check(z.meta({ description: 'Bytes of the file uploaded.' })),
    updatedAt: z.number(),
    updatedBy: z.string().check(z.meta({ description: 'Who added the latest version (a name).' })),
    attachedTo: z.nullable(DocumentAttachment),
  })
  .check(z.meta({ id: 'DocumentSummary' }))
export type DocumentSummary = z.infer<typeof DocumentSummary>

export const DocumentVersion = z
  .object({
    version: z.int(),
    createdAt: z.number(),
    createdBy: z.string().check(z.meta({ description: 'A name.' })),
    note: z.string(),
    pages: z.int(),
    size: z.int(),
    contentType: z.string(),
    filename: z.string(),
  })
  .check(z.meta({ id: 'DocumentVersion' }))
export type DocumentVersion = z.infer<typeof DocumentVersion>

export const DocumentDetail = z
  .extend(DocumentSummary, {
    versions: z.array(DocumentVersion).check(
      z.meta({
        description: 'Newest first. The seller team sees every version, others only the latest.',
      }),
    ),
  })
  .check(z.meta({ id: 'DocumentDetail' }))
export type DocumentDetail = z.infer<typeof DocumentDetail>

export const DocumentParams = z.strictObject({
  roomId: id('roomId'),
  documentId: id('documentId'),
})

const PAGE = /^[1-9]\d{0,5}$/
export const PageParams = z.strictObject({
  roomId: id('roomId'),
  documentId: id('documentId'),
  page: z
    .string({ error: '"page" in the path must be a page number (1, 2, …)' })
    .check(z.regex(PAGE, { error: '"page" in the path must be a page number (1, 2, …)' }))
    .check(z.meta({ description: 'The page number, from 1.' })),
})

const uploadQuery = {
  title: optionalText('title', MAX_DOCUMENT_TITLE).check(
    z.meta({ description: 'The title (new document; default: the file name without extension).' }),
  ),
  policy: optionalChoice('policy', DOCUMENT_POLICIES).check(
    z.meta({ description: 'view (default) or download (new document).' }),
  ),
  note: optionalText('note', MAX_VERSION_NOTE).check(
    z.meta({ description: 'What changed in this version.' }),
  ),
  filename: optionalText('filename', MAX_FILENAME).check(
    z.meta({ description: 'The file’s name on the uploader’s machine.' }),
  ),
}

const rawFile = {
  mediaTypes: UPLOAD_MEDIA_TYPES,
  description:
    'The file’s bytes as the whole body: PDF, PNG, JPEG, WebP, DOCX, PPTX or XLSX (the type is ' +
    'read from the bytes; office files are converted to PDF). At most MAX_UPLOAD_MB (100 MB).',
} as const

export const listDocuments = endpoint({
  name: 'listDocuments',
  method: 'GET',
  path: '/api/rooms/:roomId/documents',
  summary: 'The room’s documents, most recently changed first',
  tag,
  access: 'readRoom',
  params: RoomParams,
  answer: z.object({ documents: z.array(DocumentSummary) }),
})

export const getDocument = endpoint({
  name: 'getDocument',
  method: 'GET',
  path: '/api/rooms/:roomId/documents/:documentId',
  summary: 'One document with its versions',
  tag,
  access: 'readRoom',
  params: DocumentParams,
  answer: DocumentDetail,
})

export const uploadDocument = endpoint({
  name: 'uploadDocument',
  method: 'POST',
  path: '/api/rooms/:roomId/documents',
  summary: 'Add a document to the room (the file is the request body)',
  tag,
  access: 'addDocuments',
  params: RoomParams,
  query: z.strictObject(uploadQuery),
  rawBody: rawFile,
  status: 201,
  answer: DocumentSummary,
})

export const uploadVersion = endpoint({
  name: 'uploadVersion',
  method: 'POST',
  path: '/api/rooms/:roomId/documents/:documentId/versions',
  summary: 'Add a new version of a document (the file is the request body)',
  tag,
  access: 'addDocuments',
  params: DocumentParams,
  query: z.strictObject({ note: uploadQuery.note, filename: uploadQuery.filename }),
  rawBody: rawFile,
  status: 201,
  answer: DocumentSummary,
})

const WIDTH_TEXT = PAGE_WIDTHS.map(String) as [string, ...string[]]

export const getPage = endpoint({
  name: 'getPage',
  method: 'GET',
  path: '/api/rooms/:roomId/documents/:documentId/pages/:page',
  summary: 'One page as an image rendered on the server, watermarked for the viewer',
  tag,
  access: 'readRoom',
  params: PageParams,
  query: z.strictObject({
    version: queryInteger('version', 1, 1_000_000).check(
      z.meta({ description: 'An older version (seller team only; default: the latest).' }),
    ),
    width: optionalChoice('width', WIDTH_TEXT).check(
      z.meta({ description: `Pixels wide: ${WIDTH_TEXT.join(', ')} (default 960).` }),
    ),
  }),
  answer: {
    mediaType: 'image/png',
    description: 'The page, with the viewer’s name or e-mail and the date across it',
  },
})

export const downloadDocument = endpoint({
  name: 'downloadDocument',
  method: 'GET',
  path: '/api/rooms/:roomId/documents/:documentId/download',
  summary: 'The document as a PDF stamped with the viewer’s name and the date on every page',
  tag,
  access: 'readRoom, when the policy is download (the seller team always)',
  params: DocumentParams,
  query: z.strictObject({
    version: queryInteger('version', 1, 1_000_000).check(
      z.meta({ description: 'An older version (seller team only; default: the latest).' }),
    ),
  }),
  answer: { mediaType: 'application/pdf', description: 'The stamped PDF (an attachment)' },
})

export const setDocumentPolicy = endpoint({
  name: 'setDocumentPolicy',
  method: 'POST',
  path: '/api/rooms/:roomId/documents/:documentId/policy',
  summary: 'Allow downloads of a document, or make it view only',
  tag,
  access: 'manageDocuments',
  params: DocumentParams,
  body: z.strictObject({ policy: choice('policy', DOCUMENT_POLICIES) }),
  answer: DocumentSummary,
})

export const restoreVersion = endpoint({
  name: 'restoreVersion',
  method: 'POST',
  path: '/api/rooms/:roomId/documents/:documentId/restore',
  summary: 'Make an older version the latest again (as a new version)',
  tag,
  access: 'manageDocuments',
  params: DocumentParams,
  body: z.strictObject({
    version: z
      .int({ error: '"version" must be a version number (1, 2, …)' })
      .check(z.minimum(1, { error: '"version" must be a version number (1, 2, …)' })),
  }),
  answer: DocumentSummary,
})

export const attachDocument = endpoint({
  name: 'attachDocument',
  method: 'POST',
  path: '/api/rooms/:roomId/documents/:documentId/attach',
  summary: 'Place a document next to a plan task or milestone (or nowhere: kind "none")',
  tag,
  access: 'addDocuments',
  params: DocumentParams,
  body: z.strictObject({
    kind: choice('kind', [...ATTACHMENT_KINDS, 'none']),
    id: optionalText('id', 64).check(z.meta({ description: 'The task or milestone id.' })),
  }),
  answer: DocumentSummary,
})

export const renameDocument = endpoint({
  name: 'renameDocument',
  method: 'POST',
  path: '/api/rooms/:roomId/documents/:documentId/title',
  summary: 'Rename a document',
  tag,
  access: 'addDocuments',
  params: DocumentParams,
  body: z.strictObject({ title: trimmedName('title', MAX_DOCUMENT_TITLE) }),
  answer: DocumentSummary,
})

export const deleteDocument = endpoint({
  name: 'deleteDocument',
  method: 'POST',
  path: '/api/rooms/:roomId/documents/:documentId/delete',
  summary: 'Remove a document and its versions from the room',
  tag,
  access: 'manageDocuments',
  params: DocumentParams,
  answer: z.object({ ok: z.literal(true) }),
})
