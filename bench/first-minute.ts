import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { inviteBuyer } from '../server/src/access/invites.ts'
import { addSeller } from '../server/src/access/people.ts'
import { createRoom } from '../server/src/collaboration/rooms.ts'
import { readConfig, sqliteFile } from '../server/src/config.ts'
import { ensureClientBuilt } from '../server/src/http/client-build.ts'
import { CLIENT_DIST, startServer } from '../server/src/server.ts'
import { SqliteStorage } from '../server/src/storage/sqlite/sqlite-storage.ts'
import { environment, ms, percentile, writeSection } from './report.ts'

const RUNS = 7
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

/** JavaScript the first paint needs: the entry script and what index.html preloads with it. */
function bundleSizes(): { firstPaint: number; total: number; files: string[]; yjsCopies: number } {
  const html = readFileSync(join(CLIENT_DIST, 'index.html'), 'utf8')
  const initial = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map(
    (match) => match[1] as string,
  )
  const all = readdirSync(join(CLIENT_DIST, 'assets')).filter((file) => file.endsWith('.js'))
  const gz = (file: string) =>
    gzipSync(readFileSync(join(CLIENT_DIST, 'assets', file)), { level: 9 }).byteLength
  // Yjs warns at start-up when a second copy is loaded; its message text appears once per copy.
  const yjsCopies = all
    .map(
      (file) =>
        readFileSync(join(CLIENT_DIST, 'assets', file), 'utf8').split('Yjs was already imported')
          .length - 1,
    )
    .reduce((sum, count) => sum + count, 0)
  return {
    firstPaint: initial.reduce((sum, file) => sum + gz(file), 0),
    total: all.reduce((sum, file) => sum + gz(file), 0),
    files: initial,
    yjsCopies,
  }
}

/**
 * The buyer's first minute: how much JavaScript the room needs before it can paint, and how long
 * a personal link takes to become an interactive room in Chromium on loopback.
 */
export async function firstMinute(): Promise<void> {
  await ensureClientBuilt(CLIENT_DIST)
  const sizes = bundleSizes()

  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-bench-'))
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir })
  const storage = new SqliteStorage(sqliteFile(config))
  const server = await startServer(config, storage)
  const base = `http://127.0.0.1:${server.port}`
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const timings: number[] = []
  try {
    await addSeller(storage, base, { email: 's@bench.test', name: 'Sam Seller' })
    const room = await createRoom(storage, {
      ownerEmail: 's@bench.test',
      title: 'Bench room',
      buyerOrg: 'Acme',
    })
    for (let run = 0; run < RUNS; run++) {
      const { invite } = await inviteBuyer(storage, base, {
        roomId: room.id,
        email: `b${run}@acme.test`,
        name: `Buyer ${run}`,
        role: 'champion',
        ttlMs: null,
      })
      const link = `${base}${new URL(invite.url).pathname}`
      // A fresh context each time: a first visit, nothing cached.
      const context = await browser.newContext()
      const page = await context.newPage()
      const started = performance.now()
      await page.goto(link)
      await page.locator('output.sync', { hasText: 'Synced' }).waitFor()
      await page.getByRole('heading', { name: 'Plan progress' }).waitFor()
      timings.push(performance.now() - started)
      await context.close()
    }
  } finally {
    await browser.close()
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  timings.sort((a, b) => a - b)
  const firstRun = timings.length ? Math.max(...timings) : 0
  const body = `Measured on ${environment()}, production build, gzip level 9.

| figure | value | target |
|---|---|---|
| JavaScript for the first paint of the room (overview and plan): ${sizes.files.join(', ')} | ${kb(sizes.firstPaint)} | ≤ 150 KB |
| all JavaScript, editor included (loaded when the business case opens) | ${kb(sizes.total)} | ≤ 300 KB |
| copies of Yjs in the bundle | ${sizes.yjsCopies} | 1 |
| personal link → interactive room (synced, overview shown), ${RUNS} first visits, median / max | ${ms(percentile(timings, 50))} / ${ms(firstRun)} | ≤ 1 s |

"Interactive" is measured from navigation to the link until the sync badge says Synced and the
overview is on screen: the link is exchanged for a session, the room details and a token are
fetched, the document loads from IndexedDB and syncs over the WebSocket.`
  writeSection("The buyer's first minute (room in the browser)", body)
  console.log(body)
}
