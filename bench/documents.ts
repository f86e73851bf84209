import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib'
import { addSeller } from '../server/src/access/people.ts'
import { createRoom } from '../server/src/collaboration/rooms.ts'
import { readConfig, sqliteFile } from '../server/src/config.ts'
import { startServer } from '../server/src/server.ts'
import { SqliteStorage } from '../server/src/storage/sqlite/sqlite-storage.ts'
import { browserOf } from '../server/src/testing/documents.ts'
import type { DocumentSummary } from '../shared/src/api/documents.ts'
import { environment, ms, percentile, writeSection } from './report.ts'

const run = promisify(execFile)
const RUNS = 5
const PAGE_REQUESTS = 200

/** A PDF like a proposal: a heading, paragraphs and a chart of bars on each page. */
async function proposal(pages: number, title = 'Proposal'): Promise<Buffer> {
  const pdf = await PDFDocument.create()
  pdf.setTitle(title)
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold)
  for (let index = 1; index <= pages; index++) {
    const page = pdf.addPage([595, 842])
    page.drawText(`Section ${index}: rollout plan`, { x: 50, y: 780, size: 22, font: bold })
    for (let line = 0; line < 30; line++)
      page.drawText(
        `Line ${line + 1} of page ${index}: the buyer's team reviews the pricing, security and timeline.`,
        { x: 50, y: 740 - line * 14, size: 10, font },
      )
    for (let bar = 0; bar < 8; bar++)
      page.drawRectangle({
        x: 60 + bar * 60,
        y: 80,
        width: 40,
        height: 40 + ((bar * 37 + index * 13) % 200),
        color: rgb(0.2, 0.4, 0.8),
      })
  }
  return Buffer.from(await pdf.save())
}

/** Resident memory (KiB) of every process under `root`, this one excluded. */
async function childrenRssKb(root: number): Promise<number> {
  const { stdout } = await run('ps', ['-eo', 'pid=,ppid=,rss='])
  const rows = stdout
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number])
  const tree = new Set([root])
  let grew = true
  while (grew) {
    grew = false
    for (const [pid, ppid] of rows)
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid)
        grew = true
      }
  }
  return rows
    .filter(([pid]) => pid !== root && tree.has(pid))
    .reduce((sum, [, , rss]) => sum + rss, 0)
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

/**
 * The content layer's figures: how soon a 50-page PDF's first page shows after its upload
 * starts, how fast page images are served (drawn anew, and from the cache), and the memory a
 * 100-page PowerPoint file takes to convert.
 */
export async function documentsBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-docs-bench-'))
  const loadBefore = loadavg()[0] ?? 0
  try {
    const config = readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    })
    const storage = new SqliteStorage(sqliteFile(config))
    const server = await startServer(config, storage, { clientDir: dataDir })
    const httpUrl = `http://127.0.0.1:${server.port}`
    const seller = await addSeller(storage, httpUrl, { email: 'bench@vendor.test', name: 'Bench' })
    const room = await createRoom(storage, { ownerEmail: 'bench@vendor.test', title: 'Bench' })
    const browser = await browserOf(httpUrl, seller.signIn.url)

    // 1. Upload to first page, 50 pages (a new file each run: nothing cached).
    const firstPage: number[] = []
    let lastId = ''
    let size = 0
    for (let attempt = 0; attempt < RUNS; attempt++) {
      const bytes = await proposal(50, `Proposal ${attempt}`)
      size = bytes.length
      const started = performance.now()
      const created = await browser.upload(room.id, bytes, `title=Proposal%20${attempt}`)
      if (created.status !== 201) throw new Error(`upload answered ${created.status}`)
      lastId = ((await created.json()) as DocumentSummary).id
      const page = await browser.request('GET', `/api/rooms/${room.id}/documents/${lastId}/pages/1`)
      await page.arrayBuffer()
      firstPage.push(performance.now() - started)
    }

    // 2. Page images. A reader paging through pages never drawn before, one at a time with a
    // second to read each (the next page is drawn meanwhile); then many requests for pages
    // already drawn (watermarked per request), four at a time.
    const reading: number[] = []
    for (let page = 2; page <= 21; page++) {
      const started = performance.now()
      const answer = await browser.request(
        'GET',
        `/api/rooms/${room.id}/documents/${lastId}/pages/${page}`,
      )
      await answer.arrayBuffer()
      if (answer.status !== 200) throw new Error(`page answered ${answer.status}`)
      reading.push(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
    reading.sort((a, b) => a - b)
    const timePages = async (count: number) => {
      const times: number[] = []
      let next = 0
      const worker = async () => {
        while (next < count) {
          const page = (next++ % 20) + 2
          const started = performance.now()
          const answer = await browser.request(
            'GET',
            `/api/rooms/${room.id}/documents/${lastId}/pages/${page}`,
          )
          await answer.arrayBuffer()
          if (answer.status !== 200) throw new Error(`page answered ${answer.status}`)
          times.push(performance.now() - started)
        }
      }
      await Promise.all([worker(), worker(), worker(), worker()])
      return times.sort((a, b) => a - b)
    }
    const cold = reading
    const warm = await timePages(PAGE_REQUESTS)

    // 3. A 100-page PowerPoint file (LibreOffice makes it from a 100-page PDF), converted by an
    // upload while the memory of the server and of its child processes is sampled.
    const work = mkdtempSync(join(tmpdir(), 'quorum-pptx-'))
    writeFileSync(join(work, 'deck.pdf'), await proposal(100))
    await run(
      'soffice',
      [
        '--headless',
        `-env:UserInstallation=file://${join(work, 'profile')}`,
        '--infilter=impress_pdf_import',
        '--convert-to',
        'pptx',
        '--outdir',
        work,
        join(work, 'deck.pdf'),
      ],
      { timeout: 600_000 },
    )
    const deck = readFileSync(join(work, 'deck.pptx'))
    rmSync(work, { recursive: true, force: true })
    let peakChildren = 0
    let peakServer = 0
    let sampling = true
    const sampler = (async () => {
      while (sampling) {
        peakChildren = Math.max(peakChildren, await childrenRssKb(process.pid))
        peakServer = Math.max(peakServer, process.memoryUsage().rss / 1024)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    })()
    const started = performance.now()
    const converted = await browser.upload(room.id, deck, 'title=Deck&filename=deck.pptx')
    const convertMs = performance.now() - started
    sampling = false
    await sampler
    const deckSummary = (await converted.json()) as DocumentSummary
    await server.close()

    writeSection(
      'Documents: upload, pages, conversion',
      `Measured on ${environment()}, \`npm run bench -- documents\`: one server in process
(SQLite, blobs on disk), requests over loopback HTTP as the web app sends them. Load average
(1 min) ${loadBefore.toFixed(1)} at the start and ${(loadavg()[0] ?? 0).toFixed(1)} at the end: other work on the machine slows every figure.

| figure | value |
|---|---|
| upload to first page, 50-page PDF (${(size / 1024).toFixed(0)} KiB): upload, checks, first page drawn, stored; then page 1 fetched | median ${ms(median(firstPage))} (runs: ${firstPage.map((t) => t.toFixed(0)).join(', ')} ms) |
| page image (960 px, watermarked), a reader paging through pages 2–21 (a second on each; the next page is drawn meanwhile) | p50 ${ms(percentile(cold, 50))}, p95 ${ms(percentile(cold, 95))} |
| page image (960 px, watermarked), pages already drawn: ${PAGE_REQUESTS} requests, 4 at a time | p50 ${ms(percentile(warm, 50))}, p95 ${ms(percentile(warm, 95))} |
| 100-page PPTX (${(deck.length / 1024).toFixed(0)} KiB) uploaded and converted (${deckSummary.pages} pages) | ${(convertMs / 1000).toFixed(1)} s |
| memory while converting: LibreOffice and the other child processes, peak | ${mb(peakChildren)} (limit: 2 GiB address space) |
| memory while converting: the server process, peak | ${mb(peakServer)} |

A page is drawn once per PDF, width and page by pdftoppm (cached under DATA_DIR/cache/pages) and
watermarked for each request (sharp); the first page is drawn during the upload.`,
    )
    console.log(
      `upload→first page median ${ms(median(firstPage))}; pages cold p95 ${ms(percentile(cold, 95))}, warm p95 ${ms(percentile(warm, 95))}; pptx ${(convertMs / 1000).toFixed(1)} s, children peak ${mb(peakChildren)}, server peak ${mb(peakServer)}`,
    )
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
