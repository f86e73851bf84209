import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { addSeller } from '../server/src/access/people.ts'
import { issueCollabToken } from '../server/src/access/tokens.ts'
import { createRoom } from '../server/src/collaboration/rooms.ts'
import { sqliteFile } from '../server/src/config.ts'
import { summarizeDueRooms } from '../server/src/signals/summarizer.ts'
import { SqliteStorage } from '../server/src/storage/sqlite/sqlite-storage.ts'
import type { EngagementEvent, EngagementKind } from '../server/src/storage/storage.ts'
import type { Role } from '../shared/src/access.ts'
import { documentName } from '../shared/src/protocol.ts'
import { environment, ms, percentile, writeSection } from './report.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const ROOMS = Number(process.env.BENCH_ROOMS ?? 10_000)
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000)
const REQUESTS = 300
const FRESHNESS_SAMPLES = 20
const DAY = 86_400_000
const BUYERS: Role[] = ['champion', 'stakeholder', 'viewer']
const KINDS: EngagementKind[] = ['room.opened', 'section.viewed', 'section.read', 'room.left']

const FILTER_LABELS: Record<string, string> = {
  search: 'words in title or buyer',
  closing: 'closing in March, by close date',
  attention: 'needs attention, mine',
  health: 'at risk, by activity',
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`

/** A seller with ROOMS rooms, three buyers in each, EVENTS events spread over 90 days. */
export async function seed(file: string) {
  const storage = new SqliteStorage(file)
  const { person, signIn } = await addSeller(storage, 'http://bench', {
    email: 'seller@bench.test',
    name: 'Bench Seller',
  })
  const rooms: Array<{ id: string; champion: string }> = []
  let random = 11
  const next = () => {
    random = (random * 1103515245 + 12345) % 2 ** 31
    return random / 2 ** 31
  }
  const now = Date.now()
  const started = performance.now()
  for (let index = 0; index < ROOMS; index++) {
    const room = await createRoom(storage, {
      ownerEmail: 'seller@bench.test',
      title: `Deal ${String(index).padStart(5, '0')}`,
      // Buyers and close dates for the list's search and close-date filters (a year of dates).
      buyerOrg: `Buyer ${index} Industries`,
      targetCloseDate: new Date(Date.UTC(2027, 0, 1 + (index % 365))).toISOString().slice(0, 10),
    })
    let champion = ''
    for (const role of BUYERS) {
      const buyer = await storage.createPerson({
        email: `${role}.${index}@buyer${index}.test`,
        name: `${role} ${index}`,
        kind: 'buyer',
      })
      await storage.putMember(room.id, buyer.id, role)
      if (role === 'champion') champion = buyer.id
    }
    rooms.push({ id: room.id, champion })
  }
  const roomsMs = performance.now() - started
  const perRoom = Math.floor(EVENTS / ROOMS)
  let batch: EngagementEvent[] = []
  for (const room of rooms) {
    for (let i = 0; i < perRoom; i++) {
      const kind = KINDS[Math.floor(next() * KINDS.length)] as EngagementKind
      batch.push({
        roomId: room.id,
        personId: next() < 0.8 ? room.champion : person.id,
        side: next() < 0.8 ? 'buyer' : 'seller',
        kind,
        section: kind === 'section.viewed' ? 'business-case' : null,
        durationMs: kind === 'section.viewed' ? 3_000 + Math.floor(next() * 60_000) : null,
        detail: {},
        at: now - Math.floor(next() * 89 * DAY),
      })
    }
    if (batch.length >= 20_000) {
      await storage.appendEvents(batch)
      batch = []
    }
  }
  await storage.appendEvents(batch)
  const seededMs = performance.now() - started
  const summarizing = performance.now()
  const summarized = await summarizeDueRooms(storage, { batch: 500 })
  const summarizeMs = performance.now() - summarizing
  const tokens = await Promise.all(
    rooms.slice(0, FRESHNESS_SAMPLES).map(async (room) => ({
      roomId: room.id,
      token: (
        await issueCollabToken(storage, {
          roomId: room.id,
          email: `champion.${rooms.indexOf(room)}@buyer${rooms.indexOf(room)}.test`,
          ttlSeconds: 3600,
        })
      ).token,
    })),
  )
  await storage.close()
  return {
    personId: person.id,
    signInSecret: new URL(signIn.url).pathname.split('/').pop() ?? '',
    roomsMs,
    seededMs,
    summarized,
    summarizeMs,
    tokens,
  }
}

/** One approach in a process of its own (bench/room-list-worker.ts). */
async function worker(file: string, personId: string, approach: string, runs: number) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      'bench/room-list-worker.ts',
      file,
      personId,
      approach,
      String(runs),
    ],
    { cwd: ROOT, maxBuffer: 1 << 20 },
  )
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
    times: number[]
    listed: number
    rssBefore: number
    rssAfter: number
  }
}

const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024

/** Quorum on the seeded database; the seller's list over HTTP; buyers' visits reaching it. */
async function overHttp(dataDir: string, seeded: Awaited<ReturnType<typeof seed>>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/testing/child-server.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let output = ''
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk
        const match = /listening (\d+)/.exec(output)
        if (match) resolve(Number(match[1]))
      })
      child.once('exit', () => reject(new Error(`server exited:\n${output}`)))
    })
    const base = `http://127.0.0.1:${port}`
    const redeemed = await fetch(`${base}/api/links/redeem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-quorum-csrf': '1' },
      body: JSON.stringify({ secret: seeded.signInSecret }),
    })
    const cookie = redeemed.headers.get('set-cookie')?.split(';')[0] ?? ''
    const list = async (query: string) => {
      const response = await fetch(`${base}/api/rooms${query}`, { headers: { cookie } })
      if (response.status !== 200) throw new Error(`list answered ${response.status}`)
      return (await response.json()) as {
        rooms: Array<{ id: string; summary: { lastBuyerActivity: number | null } | null }>
        total: number
      }
    }
    // Settled: the server's own start-up work done before its memory is read.
    await list('?limit=1')
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    const rssBefore = rssOf(child.pid ?? 0)
    const times: Record<string, number[]> = { health: [], activity: [] }
    for (let i = 0; i < REQUESTS; i++) {
      for (const sort of ['health', 'activity'] as const) {
        const started = performance.now()
        const page = await list(`?sort=${sort}&limit=50`)
        times[sort]?.push(performance.now() - started)
        if (page.rooms.length !== 50 || page.total !== ROOMS) throw new Error('short page')
      }
    }
    const rssAfter = rssOf(child.pid ?? 0)

    // The team's filters (issue 15), each answered by the same query on the summaries.
    const FILTERS = {
      search: '?q=buyer%204242&sort=health&limit=50',
      closing: '?closeFrom=2027-03-01&closeTo=2027-03-31&sort=close-date&limit=50',
      attention: '?attention=true&owner=me&sort=health&limit=50',
      health: '?health=poor&sort=activity&limit=50',
    } as const
    const filtered: Record<keyof typeof FILTERS, number[]> = {
      search: [],
      closing: [],
      attention: [],
      health: [],
    }
    for (let i = 0; i < REQUESTS / 3; i++) {
      for (const [name, query] of Object.entries(FILTERS) as Array<
        [keyof typeof FILTERS, string]
      >) {
        const started = performance.now()
        await list(query)
        filtered[name].push(performance.now() - started)
      }
    }

    // A buyer opens a room: how long until the list (by last buyer activity) shows the visit.
    const freshness: number[] = []
    for (const { roomId, token } of seeded.tokens) {
      const socket = new HocuspocusProviderWebsocket({
        url: `ws://127.0.0.1:${port}/collab`,
        WebSocketPolyfill: WebSocket,
      })
      const opened = Date.now()
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name: documentName(roomId),
        document: new Y.Doc(),
        token,
      })
      provider.attach()
      for (;;) {
        const [first] = (await list('?sort=buyer-activity&limit=1')).rooms
        if (first?.id === roomId && (first.summary?.lastBuyerActivity ?? 0) >= opened) break
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      freshness.push(Date.now() - opened)
      provider.destroy()
      socket.destroy()
    }
    return { times, rssBefore, rssAfter, freshness, filtered }
  } finally {
    child.kill('SIGTERM')
  }
}

/**
 * The seller's room list at 10,000 rooms and 1,000,000 events, side by side: the release before
 * summaries (every room loaded per request) against the summaries (one query for a page).
 */
export async function roomList(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-rooms-'))
  try {
    const file = sqliteFile({ dataDir })
    console.log(`seeding ${ROOMS} rooms and ${EVENTS} events…`)
    const seeded = await seed(file)
    console.log(
      `seeded in ${ms(seeded.seededMs)}; summarized ${seeded.summarized} rooms in ${ms(seeded.summarizeMs)}`,
    )
    const old = await worker(file, seeded.personId, 'load-every-room', 3)
    const page = await worker(file, seeded.personId, 'summaries', REQUESTS)
    const http = await overHttp(dataDir, seeded)
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b)
    const oldTimes = sorted(old.times)
    const pageTimes = sorted(page.times)
    const health = sorted(http.times.health ?? [])
    const activity = sorted(http.times.activity ?? [])
    const fresh = sorted(http.freshness)
    const body = `Measured on ${environment()}. One seller with ${ROOMS.toLocaleString('en')} rooms (three
buyers each, from the standard template) and ${EVENTS.toLocaleString('en')} engagement events spread over the
last 90 days, in SQLite (seeded in ${ms(seeded.seededMs)}). Summarizing every room once, as the
first sweep after the upgrade does: ${ms(seeded.summarizeMs)} for ${seeded.summarized.toLocaleString('en')} rooms
(${(seeded.summarizeMs / seeded.summarized).toFixed(2)} ms a room).

| the seller's room list | runs | p50 | p95 | RSS growth of the process |
|---|---|---|---|---|
| release before summaries: every room loaded (document + 90 days of events) for its health, in-process | ${old.times.length} | ${ms(percentile(oldTimes, 50))} | ${ms(percentile(oldTimes, 95))} | ${mb(old.rssAfter - old.rssBefore)} |
| summaries: first page (50, weakest health first), in-process | ${page.times.length} | ${ms(percentile(pageTimes, 50))} | ${ms(percentile(pageTimes, 95))} | ${mb(page.rssAfter - page.rssBefore)} |
| summaries: \`GET /api/rooms?sort=health&limit=50\` over HTTP [p95 ≤ 50 ms] | ${health.length} | ${ms(percentile(health, 50))} | ${ms(percentile(health, 95))} | ${mb(http.rssAfter - http.rssBefore)} for all ${REQUESTS * 2} requests [≤ 50 MB] |
| summaries: \`GET /api/rooms?sort=activity&limit=50\` over HTTP | ${activity.length} | ${ms(percentile(activity, 50))} | ${ms(percentile(activity, 95))} | (same server) |
${Object.entries(http.filtered)
  .map(([name, values]) => {
    const times = sorted(values)
    return `| filter "${name}" over HTTP (${FILTER_LABELS[name] ?? name}) | ${times.length} | ${ms(percentile(times, 50))} | ${ms(percentile(times, 95))} | (same server) |`
  })
  .join('\n')}

A buyer opening a room, until the seller's list (sorted by last buyer activity) shows the visit,
${fresh.length} rooms one after another [≤ 2 s]: p50 ${ms(percentile(fresh, 50))}, p95 ${ms(percentile(fresh, 95))}, max ${ms(fresh.at(-1) ?? 0)}.`
    writeSection('Room list at 10,000 rooms: summaries against loading every room', body)
    console.log(body)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
