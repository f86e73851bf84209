import { open, rename, rm } from 'node:fs/promises'
import { Problem } from '../errors.ts'
import { type Limits, runLimited, ToolFailure } from './limited-process.ts'

/**
 * Reading PDFs with poppler's tools, each in a child process with time and memory limits
 * (limited-process.ts): pdfinfo for the page count and encryption, pdftoppm for page images.
 */

export interface PdfFacts {
  pages: number
}

/** Bytes at the end of a PDF searched for its end marker. */
const TAIL = 2048

/** Whether the file ends as a PDF must (a truncated upload does not). */
async function hasEndMarker(path: string): Promise<boolean> {
  const file = await open(path, 'r')
  try {
    const { size } = await file.stat()
    const length = Math.min(size, TAIL)
    const tail = Buffer.alloc(length)
    await file.read(tail, 0, length, size - length)
    return tail.includes('%%EOF')
  } finally {
    await file.close()
  }
}

/**
 * Checks that a PDF can be shown: complete, not encrypted, with 1 to `maxPages` pages. Every
 * refusal is a 422 that says what is wrong with the file.
 */
export async function inspectPdf(
  path: string,
  maxPages: number,
  limits: Limits,
): Promise<PdfFacts> {
  if (!(await hasEndMarker(path)))
    throw new Problem(
      'unprocessable',
      'This PDF is incomplete (it was cut off before its end). Export or download it again and upload it once more.',
    )
  let output: string
  try {
    output = (await runLimited('pdfinfo', [path], limits)).stdout
  } catch (error) {
    if (error instanceof ToolFailure && /password|encrypt/i.test(error.stderr)) throw encrypted()
    throw new Problem(
      'unprocessable',
      error instanceof ToolFailure && error.reason === 'timeout'
        ? 'Reading this PDF took too long; it may be damaged.'
        : 'This PDF cannot be read; it may be damaged. Export it again and upload it once more.',
    )
  }
  if (/^Encrypted:\s+yes/m.test(output)) throw encrypted()
  const pages = Number(/^Pages:\s+(\d+)/m.exec(output)?.[1] ?? Number.NaN)
  if (!Number.isSafeInteger(pages) || pages < 1)
    throw new Problem('unprocessable', 'This PDF has no pages that can be shown.')
  if (pages > maxPages)
    throw new Problem(
      'unprocessable',
      `This PDF has ${pages} pages; documents can have at most ${maxPages}. Split it and upload the parts.`,
    )
  return { pages }
}

const encrypted = () =>
  new Problem(
    'unprocessable',
    'This PDF is encrypted or password-protected. Save a copy without a password and upload that.',
  )

/**
 * Renders one page as a PNG `width` pixels wide (the height follows the page) to `target`,
 * through a temporary name so a killed render leaves nothing under the real one.
 */
export async function renderPage(
  pdfPath: string,
  page: number,
  width: number,
  target: string,
  limits: Limits,
): Promise<void> {
  const prefix = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}`
  try {
    await runLimited(
      'pdftoppm',
      [
        '-f',
        String(page),
        '-l',
        String(page),
        '-singlefile',
        '-png',
        '-scale-to-x',
        String(width),
        '-scale-to-y',
        '-1',
        pdfPath,
        prefix,
      ],
      limits,
    )
    await rename(`${prefix}.png`, target)
  } catch (error) {
    throw new Problem(
      'unprocessable',
      error instanceof ToolFailure && error.reason === 'timeout'
        ? `Page ${page} took too long to draw; the document may be damaged.`
        : `Page ${page} cannot be drawn; the document may be damaged.`,
    )
  } finally {
    await rm(`${prefix}.png`, { force: true })
  }
}
