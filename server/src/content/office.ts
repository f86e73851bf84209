import { copyFile, mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Problem } from '../errors.ts'
import { findExecutable, type Limits, runLimited, Slots, ToolFailure } from './limited-process.ts'
import type { FileKind } from './sniff.ts'

/**
 * Office files (DOCX, PPTX, XLSX) become PDF with LibreOffice in headless mode, in a child
 * process with a time and memory limit, one conversion at a time, with a profile folder of its
 * own (LibreOffice locks its profile; a shared one would make conversions wait on each other or
 * on a desktop session). A conversion that is killed may leave the profile broken, so it is
 * made anew after a failure.
 */

/** The LibreOffice command: `SOFFICE_PATH`, else `soffice` or `libreoffice` on PATH, else null. */
export function findLibreOffice(configured: string | undefined): string | null {
  if (configured !== undefined) return findExecutable(configured)
  return findExecutable('soffice') ?? findExecutable('libreoffice')
}

const conversions = new Slots(1)
/** Office files waiting for LibreOffice beyond the one converting; more are asked to come back. */
export const MAX_WAITING_CONVERSIONS = 4

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`)

export const OFFICE_MISSING =
  'Office files (Word, PowerPoint, Excel) need LibreOffice on the server, which is not installed. Upload a PDF instead, or ask your administrator to install LibreOffice (Debian: libreoffice-writer-nogui, libreoffice-impress-nogui, libreoffice-calc-nogui).'

/** Converts `input` (an office file of `kind`) to a PDF in `workDir`; returns the PDF's path. */
export async function convertToPdf(
  input: string,
  kind: FileKind,
  workDir: string,
  options: { soffice: string | null; profileDir: string; limits: Limits },
): Promise<string> {
  const { soffice } = options
  if (soffice === null) throw new Problem('unavailable', OFFICE_MISSING)
  // Each waiting upload holds its file on disk: the line is kept short.
  if (conversions.waiting >= MAX_WAITING_CONVERSIONS)
    throw new Problem(
      'unavailable',
      'The server is converting other office files right now. Try again in a minute, or upload a PDF.',
    )
  return conversions.run(async () => {
    // LibreOffice picks its import filter by the extension too.
    const source = join(workDir, `document.${kind}`)
    const outDir = join(workDir, 'converted')
    await copyFile(input, source)
    await mkdir(outDir, { recursive: true })
    try {
      await runLimited(
        soffice,
        [
          '--headless',
          '--norestore',
          '--nolockcheck',
          '--nodefault',
          '--nofirststartwizard',
          `-env:UserInstallation=${pathToFileURL(options.profileDir).href}`,
          '--convert-to',
          'pdf',
          '--outdir',
          outDir,
          source,
        ],
        options.limits,
        { env: { ...process.env, HOME: workDir, SAL_USE_VCLPLUGIN: 'svp' } },
      )
    } catch (error) {
      await rm(options.profileDir, { recursive: true, force: true })
      throw new Problem(
        'unprocessable',
        error instanceof ToolFailure && error.reason === 'timeout'
          ? `Converting this ${kind.toUpperCase()} file took longer than ${duration(options.limits.timeoutMs)}, so it was stopped. Save it as PDF and upload that.`
          : `This ${kind.toUpperCase()} file could not be converted; it may be damaged. Save it as PDF and upload that.`,
      )
    }
    const made = (await readdir(outDir)).find((name) => name.endsWith('.pdf'))
    if (!made)
      throw new Problem(
        'unprocessable',
        `This ${kind.toUpperCase()} file could not be converted; it may be damaged. Save it as PDF and upload that.`,
      )
    return join(outDir, made)
  })
}
