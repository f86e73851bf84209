import { createReadStream } from 'node:fs'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { can, isSellerTeam } from '../../../shared/src/access.ts'
import type { DocumentSummary } from '../../../shared/src/api/documents.ts'
import { documents } from '../../../shared/src/api/index.ts'
import { getMilestone, getTask } from '../../../shared/src/room/index.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import { folders } from '../content/prepare.ts'
import { DEFAULT_PAGE_WIDTH, type FileActor } from '../content/room-files.ts'
import { receiveFile, tooLarge } from '../content/upload.ts'
import { watermarkFor } from '../content/watermark.ts'
import { Problem } from '../errors.ts'
import type { FileRecord, FileVersion, Member, Storage } from '../storage/storage.ts'
import type { ApiDependencies } from './api.ts'
import { clientIp, roomActor, sessionCookie } from './room-access.ts'
import { route } from './route.ts'

export function summaryOf(file: FileRecord): DocumentSummary {
  return {
    id: file.id,
    title: file.title,
    version: file.latest.version,
    pages: file.latest.pages,
    policy: file.policy,
    contentType: file.latest.contentType,
    filename: file.latest.filename,
    size: file.latest.size,
    updatedAt: file.updatedAt,
    updatedBy: file.latest.createdByName,
    attachedTo:
      file.attachedKind !== null && file.attachedId !== null
        ? { kind: file.attachedKind, id: file.attachedId }
        : null,
  }
}

/** The room's file with this id, or a 404 (a file of another room is no file of this one). */
async function fileOfRoom(storage: Storage, roomId: string, fileId: string): Promise<FileRecord> {
  const file = await storage.getFile(fileId)
  if (!file || file.roomId !== roomId)
    throw new Problem('not-found', 'There is no such document in this room.')
  return file
}

/** The version asked for: the latest, or (seller team only) an older one. */
async function versionFor(
  storage: Storage,
  file: FileRecord,
  me: Member,
  asked: number | undefined,
): Promise<FileVersion> {
  if (asked === undefined || asked === file.latest.version) return file.latest
  if (!can(me.role, 'manageDocuments'))
    throw new Problem('forbidden', 'Only the seller team sees earlier versions.')
  const version = await storage.getFileVersion(file.id, asked)
  if (!version) throw new Problem('not-found', `This document has no version ${asked}.`)
  return version
}

const actorOf = (me: Member, request: FastifyRequest): FileActor => ({
  personId: me.personId,
  side: isSellerTeam(me.role) ? 'seller' : 'buyer',
  auditActor: me.personId,
  ip: clientIp(request),
})

/** `attachment; filename=…` with the UTF-8 form for names beyond ASCII (RFC 6266). */
const attachmentName = (title: string) => {
  const name = `${title.replace(/[\\/:*?"<>|\r\n]+/g, ' ').trim() || 'document'}.pdf`
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

/**
 * Routes of the room's documents (shared/src/api/documents.ts). Every page image and download
 * is authorised on its own request — membership, role, room open — never by its URL alone.
 */
export function documentsRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config, files } = dependencies
  const options = dependencies.routes
  const secure = config.publicUrl.startsWith('https://')

  route(app, documents.listDocuments, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId } = await roomActor(storage, cookie, params.roomId, 'readRoom')
    return { documents: (await storage.listFiles(roomId)).map(summaryOf) }
  })

  route(app, documents.getDocument, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'readRoom')
    const file = await fileOfRoom(storage, roomId, params.documentId)
    const versions = can(me.role, 'manageDocuments')
      ? await storage.listFileVersions(file.id)
      : [file.latest]
    return {
      ...summaryOf(file),
      versions: versions.map((version) => ({
        version: version.version,
        createdAt: version.createdAt,
        createdBy: version.createdByName,
        note: version.note,
        pages: version.pages,
        size: version.size,
        contentType: version.contentType,
        filename: version.filename,
      })),
    }
  })

  route(app, documents.getPage, options, async ({ request, reply, params, query }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'readRoom')
    const file = await fileOfRoom(storage, roomId, params.documentId)
    const asked = query()
    const version = await versionFor(storage, file, me, asked.version)
    const width = asked.width === undefined ? DEFAULT_PAGE_WIDTH : Number(asked.width)
    const image = await files.pageImage(version, Number(params.page), width, watermarkFor(me))
    return reply
      .code(200)
      .type('image/png')
      .header('cache-control', 'private, no-store')
      .send(image)
  })

  route(app, documents.downloadDocument, options, async ({ request, reply, params, query }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'readRoom')
    const file = await fileOfRoom(storage, roomId, params.documentId)
    if (file.policy !== 'download' && !can(me.role, 'manageDocuments'))
      throw new Problem('forbidden', 'This document can be viewed in the room, not downloaded.')
    const version = await versionFor(storage, file, me, query().version)
    const stamped = await files.stampedPdf(file, version, watermarkFor(me), actorOf(me, request))
    const stream = createReadStream(stamped.path)
    stream.once('close', () => void stamped.done())
    return reply
      .code(200)
      .type('application/pdf')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', attachmentName(file.title))
      .send(stream)
  })

  route(app, documents.setDocumentPolicy, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'manageDocuments')
    const file = await fileOfRoom(storage, roomId, params.documentId)
    const { policy } = body()
    return summaryOf(await files.update(file, { policy }, actorOf(me, request)))
  })

  route(app, documents.restoreVersion, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'manageDocuments')
    const file = await fileOfRoom(storage, roomId, params.documentId)
    return summaryOf(await files.restore(file, body().version, actorOf(me, request)))
  })

  route(app, documents.attachDocument, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'addDocuments')
    const file = await fileOfRoom(storage, roomId, params.documentId)
    const input = body()
    if (input.kind === 'none')
      return summaryOf(await files.update(file, { attachedTo: null }, actorOf(me, request)))
    if (input.id === undefined)
      throw new Problem(
        'invalid',
        `"id" is required: the ${input.kind} to place the document next to`,
      )
    const doc = await loadRoomDoc(storage, roomId)
    const found = input.kind === 'task' ? getTask(doc, input.id) : getMilestone(doc, input.id)
    doc.destroy()
    if (!found) throw new Problem('not-found', `There is no such ${input.kind} in this room.`)
    const attachedTo = { kind: input.kind, id: input.id }
    return summaryOf(await files.update(file, { attachedTo }, actorOf(me, request)))
  })

  route(app, documents.renameDocument, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'addDocuments')
    const file = await fileOfRoom(storage, roomId, params.documentId)
    return summaryOf(await files.update(file, { title: body().title }, actorOf(me, request)))
  })

  route(app, documents.deleteDocument, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'manageDocuments')
    await files.remove(await fileOfRoom(storage, roomId, params.documentId), actorOf(me, request))
    return { ok: true as const }
  })

  // Uploads: the body is the file, streamed to disk by the handler, so these routes live in a
  // scope whose only body parser reads nothing.
  void app.register(async (uploads) => {
    uploads.removeAllContentTypeParsers()
    uploads.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined))
    // An answer given before the whole body was read (refused, too large) ends the connection:
    // reading the rest of a refused 100 MB upload only to throw it away helps nobody.
    uploads.addHook('onSend', async (request, reply) => {
      if (!request.raw.complete) reply.header('connection', 'close')
    })

    const receive = async (request: FastifyRequest) => {
      const max = files.settings.maxUploadBytes
      const declared = Number(request.headers['content-length'])
      if (Number.isFinite(declared) && declared > max) throw tooLarge(max)
      return receiveFile(request.raw, folders(config.dataDir).tmp, max)
    }

    route(uploads, documents.uploadDocument, options, async ({ request, reply, params, query }) => {
      const cookie = sessionCookie(request, reply, secure)
      const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'addDocuments')
      const input = query()
      const policy = input.policy === 'download' ? 'download' : 'view'
      const record = await files.add({
        roomId,
        file: await receive(request),
        by: actorOf(me, request),
        title: input.title,
        policy,
        note: input.note,
        filename: input.filename,
      })
      return summaryOf(record)
    })

    route(uploads, documents.uploadVersion, options, async ({ request, reply, params, query }) => {
      const cookie = sessionCookie(request, reply, secure)
      const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'addDocuments')
      const file = await fileOfRoom(storage, roomId, params.documentId)
      const input = query()
      const record = await files.add({
        roomId,
        documentId: file.id,
        file: await receive(request),
        by: actorOf(me, request),
        note: input.note,
        filename: input.filename ?? file.latest.filename,
      })
      return summaryOf(record)
    })
  })
}
