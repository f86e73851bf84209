import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { DOCUMENT_POLICIES, type DocumentPolicy } from '../../../shared/src/room/documents.ts'
import { OPERATOR } from '../access/change-access.ts'
import type { Config } from '../config.ts'
import { openRoomFiles } from '../content/open.ts'
import { folders } from '../content/prepare.ts'
import { receiveFile } from '../content/upload.ts'
import { Problem } from '../errors.ts'
import type { Storage } from '../storage/storage.ts'
import { type Flags, optional, required, UsageError } from './args.ts'

export const FILES_HELP = `  quorum file add --room ID --path FILE [--policy view|download] [--title T] [--note N]
                                              add a document to a room (PDF, PNG, JPEG, WebP, DOCX,
                                              PPTX, XLSX); the same --title again adds a new version;
                                              prints { id, version, pages }
  quorum files --room ID                      the room's documents: id, title, version, pages, policy`

interface Output {
  json: unknown
  text: string
}

function policyFlag(flags: Flags): DocumentPolicy | undefined {
  const policy = optional(flags, 'policy')
  if (policy === undefined) return undefined
  if (!(DOCUMENT_POLICIES as readonly string[]).includes(policy))
    throw new UsageError(`--policy takes view or download (got "${policy}")`)
  return policy as DocumentPolicy
}

/**
 * `quorum file add` and `quorum files`: documents added from the shell, as the room's owner,
 * through the same checks and conversion as an upload (a running server shows them in the room
 * within a second).
 */
export const FILE_COMMANDS = {
  'file add': {
    flags: ['room', 'path', 'policy', 'title', 'note'],
    async run(storage: Storage, flags: Flags, _publicUrl: string, config: Config): Promise<Output> {
      const roomId = required(flags, 'room')
      const path = required(flags, 'path')
      const policy = policyFlag(flags)
      const room = await storage.getRoom(roomId)
      if (!room) throw new Problem('not-found', `There is no room ${roomId}.`)
      if (room.closedAt !== null) throw new Problem('gone', `Room ${roomId} is closed.`)
      const found = await stat(path).catch(() => null)
      if (!found?.isFile()) throw new Problem('invalid', `There is no file at ${path}.`)
      const filename = basename(path)
      const title = optional(flags, 'title')?.trim() || filename.replace(/\.[^.]*$/, '') || filename
      const files = openRoomFiles(config, storage)
      const existing = await storage.findFileByTitle(roomId, title)
      const received = await receiveFile(
        createReadStream(path),
        folders(config.dataDir).tmp,
        files.settings.maxUploadBytes,
      )
      const by = { personId: room.ownerId, side: 'seller' as const, auditActor: OPERATOR, ip: null }
      let record = await files.add({
        roomId,
        file: received,
        by,
        documentId: existing?.id,
        title,
        policy: policy ?? 'view',
        note: optional(flags, 'note'),
        filename,
      })
      if (existing && policy !== undefined && policy !== record.policy)
        record = await files.update(record, { policy }, by)
      const { version, pages } = record.latest
      return {
        json: { id: record.id, version, pages },
        text: `${existing ? `Version ${version} of` : 'Added'} "${record.title}" (${pages} page${pages === 1 ? '' : 's'}, ${record.policy === 'view' ? 'view only' : 'download allowed'}).\n  id: ${record.id}`,
      }
    },
  },
  files: {
    flags: ['room'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const roomId = required(flags, 'room')
      if (!(await storage.getRoom(roomId)))
        throw new Problem('not-found', `There is no room ${roomId}.`)
      const listed = (await storage.listFiles(roomId)).map((file) => ({
        id: file.id,
        title: file.title,
        version: file.latest.version,
        pages: file.latest.pages,
        policy: file.policy,
      }))
      return {
        json: listed,
        text: listed.length
          ? listed
              .map(
                (file) =>
                  `${file.id}  ${file.title}  v${file.version} · ${file.pages} page${file.pages === 1 ? '' : 's'} · ${file.policy === 'view' ? 'view only' : 'download allowed'}`,
              )
              .join('\n')
          : 'No documents in this room yet. Add one with `quorum file add --room ID --path FILE`.',
      }
    },
  },
}
