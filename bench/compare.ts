import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import * as Y from 'yjs'
import { addSeller } from '../server/src/access/people.ts'
import { issueCollabToken } from '../server/src/access/tokens.ts'
import { createRoom } from '../server/src/collaboration/rooms.ts'
import { sqliteFile } from '../server/src/config.ts'
import { SqliteStorage } from '../server/src/storage/sqlite/sqlite-storage.ts'
import { documentName } from '../shared/src/protocol.ts'
import { seedRoom } from '../shared/src/room/index.ts'
import type { ClientSpec, Protocol } from './load-client.ts'
import { environment, ms, percentile, writeSection } from './report.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
/** Standard loads: (a) busy rooms, (b) many mostly idle rooms (presence only). BENCH_LOAD picks one. */
const PRESETS = {
  a: { rooms: 200, clientsPerRoom: 10, writers: true },
  b: { rooms: 1000, clientsPerRoom: 5, writers: false },
} as const
const PRESET_NAME = process.env.BENCH_LOAD === 'b' ? 'b' : 'a'
const PRESET = PRESETS[PRESET_NAME]
const LOAD: {
  rooms: number
  clientsPerRoom: number
  writers: boolean
  seconds: number
  workers: number
} = {
  rooms: Number(process.env.BENCH_ROOMS ?? PRESET.rooms),
  clientsPerRoom: Number(process.env.BENCH_CLIENTS ?? PRESET.clientsPerRoom),
  writers: PRESET.writers,
  seconds: Number(process.env.BENCH_SECONDS ?? 20),
  workers: 2,
}

/** A room as Quorum's standard template seeds it, for the reference servers' rooms. */
const TEMPLATE_SEED = (() => {
  const doc = new Y.Doc()
  seedRoom(doc, { title: 'Bench room' })
  return Y.encodeStateAsUpdate(doc)
})()

interface Target {
  name: string
  protocol: Protocol
  command: string[]
  env?: Record<string, string>
  /** Document name and token per room. */
  prepare: (
    dataDir: string,
  ) => Promise<Array<{ document: string; token: string; seed?: Uint8Array }>>
}

const TARGETS: Target[] = [
  {
    name: 'Quorum (SQLite, auth, durability, presence guard, engagement)',
    protocol: 'hocuspocus',
    // BENCH_PROFILE=dir writes a V8 CPU profile of the Quorum server there (read it with bench/profile.ts).
    command: [
      ...(process.env.BENCH_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
        : []),
      '--import',
      'tsx',
      'server/src/testing/child-server.ts',
    ],
    async prepare(dataDir) {
      const storage = new SqliteStorage(sqliteFile({ dataDir }))
      await addSeller(storage, 'http://bench', { email: 'bench@vendor.test', name: 'Bench' })
      const rooms = []
      for (let i = 0; i < LOAD.rooms; i++) {
        const room = await createRoom(storage, {
          ownerEmail: 'bench@vendor.test',
          title: `Room ${i}`,
        })
        const { token } = await issueCollabToken(storage, {
          roomId: room.id,
          email: 'bench@vendor.test',
          ttlSeconds: 3600,
        })
        rooms.push({ document: documentName(room.id), token })
      }
      await storage.close()
      return rooms
    },
  },
  {
    name: 'Hocuspocus 4 (bare, in memory)',
    protocol: 'hocuspocus',
    command: ['--import', 'tsx', 'bench/servers/hocuspocus-bare.ts'],
    prepare: async () =>
      Array.from({ length: LOAD.rooms }, (_, i) => ({
        document: `bench-${i}`,
        token: 'none',
        seed: TEMPLATE_SEED,
      })),
  },
  {
    name: 'y-websocket 1.5 reference server',
    protocol: 'y-websocket',
    command: ['bench/servers/y-websocket.cjs'],
    prepare: async () =>
      Array.from({ length: LOAD.rooms }, (_, i) => ({
        document: `bench-${i}`,
        token: 'none',
        seed: TEMPLATE_SEED,
      })),
  },
]

function startProcess(
  target: Target,
  dataDir: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, target.command, {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      ...target.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk
      const match = /listening (\d+)/.exec(output)
      if (match) resolve({ child, port: Number(match[1]) })
    })
    child.once('exit', () => reject(new Error(`${target.name} exited:\n${output}`)))
  })
}

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
function usage(pid: number): { cpu: number; rss: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
  return { cpu: ticks / 100, rss: rssKb * 1024 }
}

const wait = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis))

function ask<T>(worker: Worker, type: string, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== reply) return
      worker.off('message', onMessage)
      resolve(message as T)
    }
    worker.on('message', onMessage)
    worker.postMessage({ type })
  })
}

interface Result {
  name: string
  clients: number
  sent: number
  expected: number
  delivered: number
  latency: number[]
  connect: number[]
  cpuPer1000: number
  rssPerClient: number
  errors: number
  dropped: number
}

async function run(target: Target): Promise<Result> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-compare-'))
  try {
    const rooms = await target.prepare(dataDir)
    const { child, port } = await startProcess(target, dataDir)
    cleanups.push(() => child.kill('SIGKILL'))
    const pid = child.pid ?? 0
    await wait(500)
    const idle = usage(pid)
    const url =
      target.protocol === 'hocuspocus' ? `ws://127.0.0.1:${port}/collab` : `ws://127.0.0.1:${port}`
    const specs: ClientSpec[] = rooms.flatMap((room) =>
      Array.from({ length: LOAD.clientsPerRoom }, (_, index) => ({
        url,
        protocol: target.protocol,
        document: room.document,
        token: room.token,
        writer: LOAD.writers && index === 0,
        // The first client of a room brings the same template content Quorum seeds its rooms with.
        ...(index === 0 && room.seed ? { seed: room.seed } : {}),
      })),
    )
    const workers: Worker[] = Array.from(
      { length: LOAD.workers },
      (_, w) =>
        new Worker(new URL('./load-worker.mjs', import.meta.url), {
          workerData: { specs: specs.filter((_, index) => index % LOAD.workers === w) },
        }),
    )
    for (const worker of workers) {
      cleanups.push(() => void worker.terminate())
      worker.on('error', (error) => console.error('load worker failed:', error))
    }
    const connected = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<{ connectMs: Array<number | null> }>((resolve) =>
            worker.once('message', resolve),
          ),
      ),
    )
    await wait(1000)
    const loaded = usage(pid)
    for (const worker of workers) worker.postMessage({ type: 'start' })
    await wait(LOAD.seconds * 1000)
    for (const worker of workers) worker.postMessage({ type: 'stop' })
    // Let the last edits arrive: wait until deliveries stop growing (at most 30 s), so a server
    // that falls behind is measured as late, not as lossy.
    type Report = { sent: number; latencies: number[]; errors: number; dropped: number }
    const collect = () =>
      Promise.all(workers.map((worker) => ask<Report>(worker, 'report', 'report')))
    let reports = await collect()
    let delivered = -1
    for (let waited = 0; waited < 30_000; waited += 1000) {
      const now = reports.reduce((sum, report) => sum + report.latencies.length, 0)
      if (now === delivered) break
      delivered = now
      await wait(1000)
      reports = await collect()
    }
    const after = usage(pid)
    await Promise.all(workers.map((worker) => ask(worker, 'close', 'closed')))
    await Promise.all(workers.map((worker) => worker.terminate()))
    // SIGTERM, not SIGKILL: a CPU profile is written on a clean exit.
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    const sent = reports.reduce((sum, report) => sum + report.sent, 0)
    const latency = reports.flatMap((report) => report.latencies).sort((a, b) => a - b)
    return {
      name: target.name,
      clients: specs.length,
      sent,
      expected: sent * (LOAD.clientsPerRoom - 1),
      delivered: latency.length,
      latency,
      connect: connected
        .flatMap((c) => c.connectMs.filter((v): v is number => v !== null))
        .sort((a, b) => a - b),
      // With no edits (load b) there is nothing delivered: the figure is CPU seconds per 1,000 sockets.
      cpuPer1000: ((after.cpu - loaded.cpu) / (latency.length || specs.length)) * 1000,
      rssPerClient: (loaded.rss - idle.rss) / specs.length,
      errors: reports.reduce((sum, report) => sum + report.errors, 0),
      dropped: reports.reduce((sum, report) => sum + report.dropped, 0),
    }
  } finally {
    for (const cleanup of cleanups.splice(0)) cleanup()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Processes and workers to stop whatever happens, so a failed run leaves nothing behind. */
const cleanups: Array<() => void> = []

/**
 * Quorum side by side with bare Hocuspocus 4 and the y-websocket 1.5 reference server, same load,
 * same run: clients in worker threads, latency on the machine's one clock.
 */
export async function compareServers(): Promise<void> {
  const results: Result[] = []
  for (const target of TARGETS) {
    console.log(`-- ${target.name}`)
    results.push(await run(target))
  }
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.clients} (${r.dropped}) | ${r.sent} / ${r.delivered} of ${r.expected} (lost ${r.expected - r.delivered}) | ${r.latency.length ? `${ms(percentile(r.latency, 50))} / ${ms(percentile(r.latency, 99))} / ${ms(r.latency.at(-1) ?? 0)}` : '— (no edits)'} | ${r.cpuPer1000.toFixed(3)} s | ${kb(r.rssPerClient)} | ${ms(percentile(r.connect, 50))} / ${ms(percentile(r.connect, 99))} |`,
  )
  const [quorum, bare, reference] = results
  const ratio = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined && b > 0 ? (a / b).toFixed(2) : 'n/a'
  const bestP99 = Math.min(
    percentile(bare?.latency ?? [], 99),
    percentile(reference?.latency ?? [], 99),
  )
  const activity = LOAD.writers
    ? 'one writer per room at 2 edits/s, presence at 1/s per client'
    : 'no edits, presence at 1/s per client'
  const body = `Measured on ${environment()}. Load (${PRESET_NAME}): ${LOAD.rooms} rooms × ${LOAD.clientsPerRoom} clients
(${LOAD.rooms * LOAD.clientsPerRoom} sockets), ${activity}, for ${LOAD.seconds} s; clients in ${LOAD.workers} worker
threads of one process, each server its own process on the same 2 cores.

| server | sockets (dropped or never synced) | edits sent / delivered (lost) | fan-out p50 / p99 / max | CPU per 1,000 delivered | RSS per client | connect → synced p50 / p99 |
|---|---|---|---|---|---|---|
${rows.join('\n')}

Ratios, Quorum over the reference (targets in brackets): CPU per delivered update
${ratio(quorum?.cpuPer1000, reference?.cpuPer1000)} × y-websocket [≤ 1.0]; RSS per client
${ratio(quorum?.rssPerClient, reference?.rssPerClient)} × y-websocket [≤ 1.0]; p99 fan-out
${ratio(percentile(quorum?.latency ?? [], 99), bestP99)} × the better reference [≤ 1.0].

Load (c), the cold load and the SIGKILL comparison have sections of their own.${LOAD.writers ? '' : ' With no edits, "CPU per 1,000" is CPU seconds per 1,000 sockets over the run.'}`
  writeSection(
    `Side by side with the reference servers, load (${PRESET_NAME}), ${LOAD.rooms * LOAD.clientsPerRoom} sockets`,
    body,
  )
  console.log(body)
}

/**
 * Load (c): the most connections each server holds under load (a)'s activity (10 clients a room,
 * one writer at 2 edits/s, presence 1/s) with fan-out p99 under 250 ms, stepping up the rooms.
 */
export async function capacity(): Promise<void> {
  const steps = [10, 25, 50, 100, 150, 200]
  const rows: string[] = []
  for (const target of TARGETS) {
    let best: { sockets: number; p99: number } | null = null
    let failedAt: { sockets: number; p99: number } | null = null
    for (const rooms of steps) {
      Object.assign(LOAD, { rooms, clientsPerRoom: 10, writers: true, seconds: 10 })
      console.log(`-- ${target.name}: ${rooms * 10} sockets`)
      const result = await run(target)
      const p99 = percentile(result.latency, 99)
      if (p99 < 250 && result.expected === result.delivered && result.dropped === 0) {
        best = { sockets: result.clients, p99 }
      } else {
        failedAt = { sockets: result.clients, p99 }
        break
      }
    }
    rows.push(
      `| ${target.name} | ${best ? `${best.sockets} (p99 ${ms(best.p99)})` : 'fewer than 100'} | ${failedAt ? `${failedAt.sockets} (p99 ${ms(failedAt.p99)})` : 'not reached'} |`,
    )
  }
  const body = `Measured on ${environment()}. Load (c): load (a)'s activity (10 clients a room, one writer at
2 edits/s, presence 1/s), 10 s a step, rooms stepped through ${steps.join(', ')}; the load generator runs on
the same 2 cores as the server, so these are lower bounds for a server with cores of its own.

| server | most sockets with fan-out p99 < 250 ms, nothing lost | first step over |
|---|---|---|
${rows.join('\n')}`
  writeSection('Capacity, load (c)', body)
  console.log(body)
}
