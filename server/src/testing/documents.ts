import { Readable } from 'node:stream'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { folders } from '../content/prepare.ts'
import type { RoomFiles } from '../content/room-files.ts'
import { receiveFile } from '../content/upload.ts'
import type { FileRecord, Storage } from '../storage/storage.ts'

/**
 * A real PDF made with pdf-lib: `pages` A4 pages, each saying "Page N" and `marker` (text that
 * must never reach a viewer of a view-only document as such). Not compressed, so the marker is
 * in the file's bytes as written.
 */
export async function makePdf(pages: number, marker = 'ORIGINAL-BYTES-MARKER'): Promise<Buffer> {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  pdf.setTitle(marker)
  for (let index = 1; index <= pages; index++) {
    const page = pdf.addPage([595, 842])
    page.drawText(`Page ${index}`, { x: 60, y: 760, size: 40, font })
    page.drawText(marker, { x: 60, y: 700, size: 14, font })
  }
  return Buffer.from(await pdf.save({ useObjectStreams: false }))
}

/** Adds `bytes` to a room as the room's owner would (through the content layer, not HTTP). */
export async function addTestDocument(
  files: RoomFiles,
  input: {
    roomId: string
    personId: string
    bytes: Buffer
    title?: string
    policy?: 'view' | 'download'
    documentId?: string
  },
): Promise<FileRecord> {
  const file = await receiveFile(
    Readable.from([input.bytes]),
    folders(files.settings.dataDir).tmp,
    files.settings.maxUploadBytes,
  )
  return files.add({
    roomId: input.roomId,
    file,
    by: { personId: input.personId, side: 'seller', auditActor: input.personId, ip: null },
    documentId: input.documentId,
    title: input.title ?? 'Proposal',
    policy: input.policy ?? 'view',
    filename: 'proposal.pdf',
  })
}

/** Another document of `roomId` with the same bytes as `like` (no processing: for many tries). */
export function copyDocument(
  storage: Storage,
  like: FileRecord,
  roomId: string,
  id: string,
  policy: 'view' | 'download' = like.policy,
): Promise<FileRecord> {
  const { fileId: _fileId, version: _version, createdByName: _name, ...version } = like.latest
  return storage.createFile({ id, roomId, title: `Copy ${id}`, policy, version })
}

/** A browser of the room: signed in through a one-time link, sending what the web app sends. */
export interface Browser {
  cookie: string
  request(method: string, path: string, body?: Buffer | object): Promise<Response>
  /** Uploads `bytes` as the raw body of the upload route (`query` without `?`). */
  upload(roomId: string, bytes: Buffer, query?: string, documentId?: string): Promise<Response>
}

export async function browserOf(httpUrl: string, linkUrl: string): Promise<Browser> {
  const secret = new URL(linkUrl).pathname.split('/').pop() ?? ''
  const redeemed = await fetch(`${httpUrl}/api/links/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-quorum-csrf': '1' },
    body: JSON.stringify({ secret }),
  })
  if (redeemed.status !== 200) throw new Error(`redeem answered ${redeemed.status}`)
  const cookie = (redeemed.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const request = (method: string, path: string, body?: Buffer | object) =>
    fetch(`${httpUrl}${path}`, {
      method,
      headers: {
        cookie,
        ...(method === 'GET' ? {} : { 'x-quorum-csrf': '1' }),
        ...(body === undefined
          ? {}
          : {
              'content-type': Buffer.isBuffer(body)
                ? 'application/octet-stream'
                : 'application/json',
            }),
      },
      body:
        body === undefined
          ? undefined
          : Buffer.isBuffer(body)
            ? new Uint8Array(body)
            : JSON.stringify(body),
    })
  return {
    cookie,
    request,
    upload: (roomId, bytes, query = '', documentId) =>
      request(
        'POST',
        `/api/rooms/${roomId}/documents${documentId ? `/${documentId}/versions` : ''}${query ? `?${query}` : ''}`,
        bytes,
      ),
  }
}
