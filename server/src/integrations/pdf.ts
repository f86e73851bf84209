import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Problem } from '../errors.ts'

export interface PdfOptions {
  /** The Chromium command (CHROMIUM_PATH). */
  chromiumPath: string
  /** Where the page and the PDF are written while printing (under DATA_DIR). */
  workDir: string
  timeoutMs: number
}

/** One print at a time: Chromium takes a few hundred MB while it runs. */
let queue: Promise<unknown> = Promise.resolve()

/**
 * Prints a self-contained HTML page to PDF with headless Chromium, the way a browser prints it
 * (its print CSS, `@page` size and margins). The page is a file of its own with no script and
 * nothing to fetch (every text in it is escaped), and Chromium runs in its own process group with a private profile, killed
 * with its children at the deadline.
 */
export function htmlToPdf(html: string, options: PdfOptions): Promise<Buffer> {
  const run = queue.then(() => print(html, options))
  queue = run.catch(() => {})
  return run
}

async function print(html: string, options: PdfOptions): Promise<Buffer> {
  try {
    accessSync(options.chromiumPath, constants.X_OK)
  } catch {
    throw new Problem(
      'unavailable',
      `Printing to PDF needs Chromium, which is not at ${options.chromiumPath} (set CHROMIUM_PATH).`,
    )
  }
  await mkdir(options.workDir, { recursive: true })
  const dir = await mkdtemp(join(options.workDir, 'print-'))
  try {
    const page = join(dir, 'room.html')
    const pdf = join(dir, 'room.pdf')
    await writeFile(page, html)
    await runChromium(
      options.chromiumPath,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-extensions',
        '--no-first-run',
        '--no-default-browser-check',
        `--user-data-dir=${join(dir, 'profile')}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${pdf}`,
        `file://${page}`,
      ],
      options.timeoutMs,
    )
    const bytes = await readFile(pdf).catch(() => null)
    if (bytes?.subarray(0, 5).toString() !== '%PDF-')
      throw new Problem('unavailable', 'Chromium did not print the room; see the server log.')
    return bytes
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function runChromium(command: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, HOME: process.env.HOME ?? '/tmp' },
    })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString()
    })
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {}
    }
    const timer = setTimeout(() => {
      killGroup()
      reject(new Problem('unavailable', `Printing the room took longer than ${timeoutMs} ms.`))
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new Problem('unavailable', `Could not start Chromium: ${error.message}`))
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      // Chromium may leave helpers behind: the group goes with it.
      killGroup()
      if (code === 0) resolve()
      else {
        console.error(`Chromium exited with ${code}: ${stderr.slice(-2000)}`)
        reject(new Problem('unavailable', 'Chromium could not print the room; see the server log.'))
      }
    })
  })
}
