import { readFile, writeFile } from 'node:fs/promises'
import { parentPort, workerData } from 'node:worker_threads'
import fontkit from '@pdf-lib/fontkit'
import { degrees, PDFDocument, rgb } from 'pdf-lib'
import type { PdfJob } from './pdf-jobs.ts'

/**
 * Runs one pdf-lib job in a worker thread (pdf-jobs.ts starts it with a memory limit and a
 * deadline): parsing a 100 MB upload must not hold the server's event loop, and a hostile file
 * that makes pdf-lib loop or swell only costs this thread.
 */

/** Draws the watermark on every page: the text across the page, and a line at the foot. */
async function stamp(job: Extract<PdfJob, { kind: 'stamp' }>): Promise<void> {
  const pdf = await PDFDocument.load(await readFile(job.input), { updateMetadata: false })
  pdf.registerFontkit(fontkit)
  const font = await pdf.embedFont(await readFile(job.fontPath), { subset: true })
  for (const page of pdf.getPages()) {
    const { width, height } = page.getSize()
    const across = Math.min(width, height) / 22
    const textWidth = font.widthOfTextAtSize(job.text, across)
    // Centred on the page, along the diagonal from bottom left to top right.
    const angle = Math.atan2(height, width)
    const x = width / 2 - (Math.cos(angle) * textWidth) / 2
    const y = height / 2 - (Math.sin(angle) * textWidth) / 2
    page.drawText(job.text, {
      x,
      y,
      size: across,
      font,
      color: rgb(0.55, 0.1, 0.1),
      opacity: 0.22,
      rotate: degrees((angle * 180) / Math.PI),
    })
    const foot = Math.max(6, Math.min(9, width / 70))
    page.drawText(job.footer, { x: 24, y: 12, size: foot, font, color: rgb(0.3, 0.3, 0.3) })
  }
  await writeFile(job.output, await pdf.save())
}

/** A one-page PDF holding a JPEG at its own size (96 dpi), for images uploaded. */
async function imageToPdf(job: Extract<PdfJob, { kind: 'image' }>): Promise<void> {
  const pdf = await PDFDocument.create()
  const image = await pdf.embedJpg(await readFile(job.input))
  const scale = 72 / 96
  const page = pdf.addPage([image.width * scale, image.height * scale])
  page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() })
  await writeFile(job.output, await pdf.save())
}

const job = workerData.job as PdfJob
try {
  if (job.kind === 'stamp') await stamp(job)
  else await imageToPdf(job)
  parentPort?.postMessage({ ok: true })
} catch (error) {
  parentPort?.postMessage({
    ok: false,
    message: error instanceof Error ? error.message : String(error),
  })
}
