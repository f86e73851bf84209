import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { addSeller } from '../server/src/access/people.ts'
import { issueCollabToken } from '../server/src/access/tokens.ts'
import { createRoom } from '../server/src/collaboration/rooms.ts'
import { sqliteFile } from '../server/src/config.ts'
import { subscribe } from '../server/src/integrations/subscriptions.ts'
import { SqliteStorage } from '../server/src/storage/sqlite/sqlite-storage.ts'
import type { NewOutboxEvent } from '../server/src/storage/storage.ts'
import { documentName } from '../shared/src/protocol.ts'
import { roots } from '../shared/src/room/index.ts'
import { environment, ms, percentile, writeSection } from './report.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const EVENTS = 3000
const ROOMS = 50
const EDITS = 500

/** A receiver that answers 204 at once and notes when each event arrived. */
async function receiver() {
  const arrived = new Map<string, number>()
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      arrived.set(String(request.headers['webhook-id']), performance.now())
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    arrived,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

async function startServer(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/testing/child-server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      WEBHOOK_ALLOW_PRIVATE: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk
      const match = /listening (\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', () => reject(new Error(`server exited:\n${output}`)))
  })
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** Sequential edits, each waiting for its acknowledgement: the latencies, sorted. */
async function typeEdits(provider: HocuspocusProvider, text: Y.XmlText, count: number) {
  const latencies: number[] = []
  for (let i = 0; i < count; i++) {
    const sent = performance.now()
    const acknowledged = new Promise<void>((resolve) => {
      const check = () => {
        if (!provider.hasUnsyncedChanges) {
          provider.off('unsyncedChanges', check)
          resolve()
        }
      }
      provider.on('unsyncedChanges', check)
    })
    text.insert(text.length, `${i % 10}`)
    await acknowledged
    latencies.push(performance.now() - sent)
  }
  return latencies.sort((a, b) => a - b)
}

const events = (batch: string, count: number, at: number): NewOutboxEvent[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `evt_${batch}_${index}`,
    type: 'room.closed',
    roomId: `bench-room-${index % ROOMS}`,
    data: { room: { id: `bench-room-${index % ROOMS}`, title: 'Bench' }, person: null },
    at,
  }))

/**
 * Events per second through the outbox to a local receiver (recorded in one go, delivered by a
 * Quorum child process over SQLite), and what delivering them does to an editor's acknowledgement
 * latency: the same sequential edits with the outbox idle, and while it delivers a backlog.
 */
export async function webhooksBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-bench-'))
  const hooks = await receiver()
  try {
    const storage = new SqliteStorage(sqliteFile({ dataDir }))
    await addSeller(storage, 'http://bench', { email: 's@bench.test', name: 'S' })
    const room = await createRoom(storage, { ownerEmail: 's@bench.test', title: 'Bench' })
    await subscribe(
      storage,
      { webhookAllowPrivate: true },
      { url: hooks.url, events: ['room.closed'], createdBy: 'cli' },
    )
    const token = (
      await issueCollabToken(storage, { roomId: room.id, email: 's@bench.test', ttlSeconds: 3600 })
    ).token
    const server = await startServer(dataDir)

    // 1. Throughput: EVENTS events of ROOMS rooms recorded at once, until the last is received.
    const recordedAt = performance.now()
    await storage.recordOutboxEvents(events('alone', EVENTS, Date.now()))
    while (hooks.arrived.size < EVENTS) await new Promise((resolve) => setTimeout(resolve, 20))
    const aloneMs = Math.max(...hooks.arrived.values()) - recordedAt
    const perEvent = [...hooks.arrived.values()].map((at) => at - recordedAt).sort((a, b) => a - b)

    // 2. Editing with the outbox idle, then while it delivers another backlog.
    const socket = new HocuspocusProviderWebsocket({
      url: `ws://127.0.0.1:${server.port}/collab`,
      WebSocketPolyfill: WebSocket,
    })
    const doc = new Y.Doc()
    let markSynced: () => void = () => {}
    const synced = new Promise<void>((resolve) => {
      markSynced = resolve
    })
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: documentName(room.id),
      document: doc,
      token,
      onSynced: () => markSynced(),
    })
    provider.attach()
    await synced
    const text = new Y.XmlText()
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [text])
    roots.businessCase(doc).insert(0, [paragraph])
    await typeEdits(provider, text, 50)
    const idle = await typeEdits(provider, text, EDITS)
    hooks.arrived.clear()
    const busyStart = performance.now()
    await storage.recordOutboxEvents(events('busy', EVENTS, Date.now()))
    const busy = await typeEdits(provider, text, EDITS)
    const deliveredDuringEdits = hooks.arrived.size
    const busyEditMs = performance.now() - busyStart
    while (hooks.arrived.size < EVENTS) await new Promise((resolve) => setTimeout(resolve, 20))
    provider.destroy()
    socket.destroy()
    await server.stop()
    await storage.close()

    const body = `Measured on ${environment()}.
Load: a Quorum child process (SQLite, WAL; delivery in its own worker thread, the default) delivering to a receiver on the same machine that
answers 204 at once; one subscription; ${EVENTS} events of ${ROOMS} rooms recorded in one
transaction (each room's events go one at a time, in order; up to 8 deliveries in flight).
Editing: one writer, ${EDITS} sequential single-character edits of the business case, each
waiting for its acknowledgement, first with the outbox idle, then while a second backlog of
${EVENTS} events is delivered (${deliveredDuringEdits} of them went out during the ${Math.round(busyEditMs)} ms of edits).

| figure | value |
|---|---|
| events delivered per second (recorded → received, all ${EVENTS}) | ${Math.round((EVENTS / aloneMs) * 1000)} |
| time from recording to receipt p50 / p99 (backlog of ${EVENTS}) | ${ms(percentile(perEvent, 50))} / ${ms(percentile(perEvent, 99))} |
| edit acknowledgement, outbox idle: p50 / p95 / p99 | ${ms(percentile(idle, 50))} / ${ms(percentile(idle, 95))} / ${ms(percentile(idle, 99))} |
| edit acknowledgement, while delivering: p50 / p95 / p99 | ${ms(percentile(busy, 50))} / ${ms(percentile(busy, 95))} / ${ms(percentile(busy, 99))} |`
    writeSection('Webhooks: events through the outbox, and editing meanwhile', body)
    console.log(body)
  } finally {
    await hooks.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
