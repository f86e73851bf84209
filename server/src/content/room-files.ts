import { access, mkdir, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { newId } from '../../../shared/src/ids.ts'
import type { DocumentPolicy } from '../../../shared/src/room/documents.ts'
import { audit } from '../access/audit.ts'
import { Problem } from '../errors.ts'
import type { FilePatch, FileRecord, FileVersion, Storage } from '../storage/storage.ts'
import type { BlobStore } from './blob-store.ts'
import { Slots } from './limited-process.ts'
import { runPdfJob } from './pdf-jobs.ts'
import { renderPage } from './pdf-tools.ts'
import { type ContentSettings, folders, prepareUpload } from './prepare.ts'
import { discard, type ReceivedFile, workDir } from './upload.ts'
import { type Watermark, watermarkFooter, watermarkPage, watermarkText } from './watermark.ts'

/** The width a page is drawn at when none is asked for, and at upload (the first page). */
export const DEFAULT_PAGE_WIDTH = 960

/** The font stamped into downloads: DejaVu Sans, for the scripts of people's names. */
export const STAMP_FONT = fileURLToPath(
  new URL('../../assets/fonts/DejaVuSans.ttf', import.meta.url),
)

/** Who does something, for the audit log and the events. */
export interface FileActor {
  personId: string
  /** Seller-team events never count as buyer engagement. */
  side: 'buyer' | 'seller'
  /** What the audit log names as the actor: a person id, or `operator` for the CLI. */
  auditActor: string
  ip: string | null
}

const renders = new Slots(2)

/**
 * The room's documents: adding files and versions (read, converted and checked before anything
 * is stored), their policy and place in the plan, and what people get of them — page images
 * watermarked for the viewer, and downloads stamped the same way. Used by the HTTP routes and
 * the CLI. `changed` is told of every room whose files changed, so open rooms show it at once.
 */
export class RoomFiles {
  private readonly drawing = new Map<string, Promise<string>>()

  constructor(
    private readonly storage: Storage,
    readonly blobs: BlobStore,
    readonly settings: ContentSettings,
    private readonly changed: (roomId: string) => void = () => {},
  ) {}

  /**
   * Adds an uploaded file as a new document (`documentId` absent) or as the next version of one.
   * Nothing is stored unless the whole file could be read, converted, checked and its first page
   * drawn; the upload's work folder is removed whatever happens.
   */
  async add(input: {
    roomId: string
    file: ReceivedFile
    by: FileActor
    documentId?: string
    title?: string
    policy?: DocumentPolicy
    note?: string
    filename?: string
  }): Promise<FileRecord> {
    try {
      const prepared = await prepareUpload(input.file, this.settings)
      await this.drawClean(prepared.pdfKey, prepared.pdfPath, 1, DEFAULT_PAGE_WIDTH)
      await this.blobs.put(input.file.key, input.file.path)
      if (prepared.pdfKey !== input.file.key)
        await this.blobs.put(prepared.pdfKey, prepared.pdfPath)
      const filename = input.filename ?? `document.${prepared.kind}`
      const version = {
        originalKey: input.file.key,
        pdfKey: prepared.pdfKey,
        contentType: prepared.contentType,
        filename,
        size: input.file.size,
        pages: prepared.pages,
        note: input.note ?? '',
        createdBy: input.by.personId,
        createdAt: Date.now(),
      }
      const record =
        input.documentId === undefined
          ? await this.storage.createFile({
              id: newId(12),
              roomId: input.roomId,
              title:
                input.title ?? (filename.replace(/\.[^.]*$/, '').trim() || 'Untitled document'),
              policy: input.policy ?? 'view',
              version,
            })
          : await this.storage.addFileVersion(input.documentId, version)
      await this.recordVersion(record, input.by, version.note)
      return record
    } finally {
      await discard(input.file)
    }
  }

  /** Makes an older version the latest again, as a new version with the same bytes. */
  async restore(file: FileRecord, version: number, by: FileActor): Promise<FileRecord> {
    const old = await this.storage.getFileVersion(file.id, version)
    if (!old) throw new Problem('not-found', `This document has no version ${version}.`)
    const note = `Restored version ${version}`
    const record = await this.storage.addFileVersion(file.id, {
      originalKey: old.originalKey,
      pdfKey: old.pdfKey,
      contentType: old.contentType,
      filename: old.filename,
      size: old.size,
      pages: old.pages,
      note,
      createdBy: by.personId,
      createdAt: Date.now(),
    })
    await this.recordVersion(record, by, note)
    return record
  }

  /** Title, policy or attachment; audited. */
  async update(file: FileRecord, patch: FilePatch, by: FileActor): Promise<FileRecord> {
    const record = await this.storage.updateFile(file.id, patch)
    if (!record) throw new Problem('not-found', 'There is no such document in this room.')
    await audit(this.storage, {
      roomId: file.roomId,
      actor: by.auditActor,
      action: 'document.changed',
      subject: file.id,
      detail: { ...patch },
      ip: by.ip,
    })
    await this.roomChanged(file.roomId)
    return record
  }

  async remove(file: FileRecord, by: FileActor): Promise<void> {
    await this.storage.deleteFile(file.id)
    await audit(this.storage, {
      roomId: file.roomId,
      actor: by.auditActor,
      action: 'document.removed',
      subject: file.id,
      detail: { title: file.title },
      ip: by.ip,
    })
    await this.roomChanged(file.roomId)
  }

  /** One page of a version as PNG, `width` wide, with the viewer's watermark. */
  async pageImage(
    version: FileVersion,
    page: number,
    width: number,
    mark: Watermark,
  ): Promise<Buffer> {
    if (page > version.pages)
      throw new Problem('not-found', `This document has ${version.pages} pages.`)
    const clean = await this.drawClean(version.pdfKey, null, page, width)
    // A reader pages forward: the next page is drawn while they read this one.
    if (page < version.pages) this.drawClean(version.pdfKey, null, page + 1, width).catch(() => {})
    return watermarkPage(clean, mark)
  }

  /**
   * The version's PDF stamped with the viewer's watermark on every page, in a work folder;
   * `done` removes it. The download is audited and recorded as an event.
   */
  async stampedPdf(
    file: FileRecord,
    version: FileVersion,
    mark: Watermark,
    by: FileActor,
  ): Promise<{ path: string; done: () => Promise<void> }> {
    const dir = await workDir(folders(this.settings.dataDir).tmp)
    const output = join(dir, 'stamped.pdf')
    try {
      await runPdfJob(
        {
          kind: 'stamp',
          input: await this.blobs.localPath(version.pdfKey),
          output,
          text: watermarkText(mark),
          footer: watermarkFooter(mark, 'Downloaded'),
          fontPath: STAMP_FONT,
        },
        this.settings.pdfLimits,
      )
    } catch {
      await discard({ dir })
      throw new Problem('unprocessable', 'This document could not be prepared for download.')
    }
    await this.storage.appendEvents([
      {
        roomId: file.roomId,
        personId: by.personId,
        side: by.side,
        kind: 'document.downloaded',
        section: null,
        durationMs: null,
        detail: { documentId: file.id, version: version.version, title: file.title },
        at: Date.now(),
      },
    ])
    await audit(this.storage, {
      roomId: file.roomId,
      actor: by.auditActor,
      action: 'document.downloaded',
      subject: file.id,
      detail: { title: file.title, version: version.version },
      ip: by.ip,
    })
    await this.storage.markRoomsDue([file.roomId], Date.now())
    return { path: output, done: () => discard({ dir }) }
  }

  /** Open rooms show the change at once; the room's summary (health counts documents) is due. */
  private async roomChanged(roomId: string): Promise<void> {
    this.changed(roomId)
    await this.storage.markRoomsDue([roomId], Date.now())
  }

  private async recordVersion(record: FileRecord, by: FileActor, note: string): Promise<void> {
    const { version } = record.latest
    await this.storage.appendEvents([
      {
        roomId: record.roomId,
        personId: by.personId,
        side: by.side,
        kind: 'document.version-added',
        section: null,
        durationMs: null,
        detail: { documentId: record.id, title: record.title, version, note },
        at: record.latest.createdAt,
      },
    ])
    await audit(this.storage, {
      roomId: record.roomId,
      actor: by.auditActor,
      action: version === 1 ? 'document.added' : 'document.version-added',
      subject: record.id,
      detail: { title: record.title, version, pages: record.latest.pages },
      ip: by.ip,
    })
    await this.roomChanged(record.roomId)
  }

  /**
   * The page drawn without a watermark, cached on this machine by PDF, width and page (it is
   * the same for everyone); drawn once however many ask at the same moment.
   */
  private drawClean(
    pdfKey: string,
    pdfPath: string | null,
    page: number,
    width: number,
  ): Promise<string> {
    const target = join(folders(this.settings.dataDir).pages, pdfKey, String(width), `${page}.png`)
    const inFlight = this.drawing.get(target)
    if (inFlight) return inFlight
    const drawing = (async () => {
      const cached = await access(target).then(
        () => true,
        () => false,
      )
      if (cached) return target
      const source = pdfPath ?? (await this.blobs.localPath(pdfKey))
      await mkdir(dirname(target), { recursive: true })
      await renders.run(() => renderPage(source, page, width, target, this.settings.renderLimits))
      return target
    })()
    this.drawing.set(target, drawing)
    drawing.then(
      () => this.drawing.delete(target),
      () => this.drawing.delete(target),
    )
    return drawing
  }
}

/** Removes the cached page images of a PDF (tests, and an operator freeing disk). */
export const clearPageCache = (dataDir: string, pdfKey: string) =>
  rm(join(folders(dataDir).pages, pdfKey), { recursive: true, force: true })
