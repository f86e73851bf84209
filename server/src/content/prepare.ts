import { join } from 'node:path'
import { Problem } from '../errors.ts'
import { hashFile } from './blob-store.ts'
import type { Limits } from './limited-process.ts'
import { convertToPdf } from './office.ts'
import { runPdfJob, type WorkerLimits } from './pdf-jobs.ts'
import { inspectPdf } from './pdf-tools.ts'
import { type FileKind, isImage, isOffice, MEDIA_TYPES, sniffFile } from './sniff.ts'
import type { ReceivedFile } from './upload.ts'
import { normaliseImage } from './watermark.ts'

/** How uploads are read and turned into PDF, and the limits each step runs under. */
export interface ContentSettings {
  dataDir: string
  /** MAX_UPLOAD_MB, in bytes. */
  maxUploadBytes: number
  /** MAX_DOCUMENT_PAGES. */
  maxPages: number
  /** The LibreOffice command, or null where it is not installed. */
  soffice: string | null
  /** LibreOffice conversions (OFFICE_TIMEOUT_MS). */
  officeLimits: Limits
  /** pdfinfo and pdftoppm (RENDER_TIMEOUT_MS). */
  renderLimits: Limits
  /** pdf-lib jobs: stamping downloads, images to PDF. */
  pdfLimits: WorkerLimits
}

export const folders = (dataDir: string) => ({
  tmp: join(dataDir, 'tmp'),
  pages: join(dataDir, 'cache', 'pages'),
  blobCache: join(dataDir, 'cache', 'blobs'),
  blobs: join(dataDir, 'blobs'),
  officeProfile: join(dataDir, 'tmp', 'libreoffice-profile'),
})

/** An upload made ready to show: what it is, and the PDF its pages come from. */
export interface PreparedFile {
  kind: FileKind
  contentType: string
  pdfPath: string
  pdfKey: string
  pages: number
}

const NOT_TAKEN =
  'This type of file is not taken. Upload a PDF, an image (PNG, JPEG, WebP) or an office file (DOCX, PPTX, XLSX).'

/**
 * Reads what an upload is from its bytes and makes the PDF its pages are drawn from: the file
 * itself for a PDF, LibreOffice's conversion for an office file, a page holding the picture for
 * an image. Then the PDF is checked (complete, not encrypted, not too many pages). Every refusal
 * is a Problem for the uploader; nothing is stored here.
 */
export async function prepareUpload(
  file: ReceivedFile,
  settings: ContentSettings,
): Promise<PreparedFile> {
  const kind = await sniffFile(file.path)
  if (kind === null) throw new Problem('unsupported-type', NOT_TAKEN)
  let pdfPath = file.path
  if (isOffice(kind)) {
    pdfPath = await convertToPdf(file.path, kind, file.dir, {
      soffice: settings.soffice,
      profileDir: folders(settings.dataDir).officeProfile,
      limits: settings.officeLimits,
    })
  } else if (isImage(kind)) {
    const jpeg = join(file.dir, 'image.jpg')
    pdfPath = join(file.dir, 'image.pdf')
    try {
      await normaliseImage(file.path, jpeg)
      await runPdfJob({ kind: 'image', input: jpeg, output: pdfPath }, settings.pdfLimits)
    } catch {
      throw new Problem(
        'unprocessable',
        'This image cannot be read: it is damaged or too large (at most 60 megapixels).',
      )
    }
  }
  const { pages } = await inspectPdf(pdfPath, settings.maxPages, settings.renderLimits)
  const pdfKey = pdfPath === file.path ? file.key : await hashFile(pdfPath)
  return { kind, contentType: MEDIA_TYPES[kind], pdfPath, pdfKey, pages }
}
