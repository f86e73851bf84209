import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ClientSpec } from './load-client.ts'
import { environment, ms, percentile, writeSection } from './report.ts'
import {
  cpuSeconds,
  cpuTimes,
  memoryAfterGc,
  profileServer,
  startServer,
  TARGETS,
  type Target,
  writeCalls,
} from './targets.ts'

/**
 * Standard loads: (a) busy rooms, (b) many mostly idle rooms (presence only), (d) edits alone (no
 * presence traffic). Load (c) is the capacity search below. BENCH_LOAD picks one for `compare`.
 */
const PRESETS = {
  a: { rooms: 200, clientsPerRoom: 10, writers: true, presence: true },
  b: { rooms: 1000, clientsPerRoom: 5, writers: false, presence: true },
  d: { rooms: 100, clientsPerRoom: 10, writers: true, presence: false },
} as const
type PresetName = keyof typeof PRESETS

interface Load {
  rooms: number
  clientsPerRoom: number
  writers: boolean
  presence: boolean
  seconds: number
  /** Seconds of the same load before the measured window, unmeasured (V8 has compiled by then). */
  warmup: number
  workers: number
}

/** A preset with the BENCH_ROOMS, BENCH_CLIENTS and BENCH_SECONDS overrides applied. */
function loadOf(name: PresetName): Load {
  const preset = PRESETS[name]
  return {
    ...preset,
    rooms: Number(process.env.BENCH_ROOMS ?? preset.rooms),
    clientsPerRoom: Number(process.env.BENCH_CLIENTS ?? preset.clientsPerRoom),
    seconds: Number(process.env.BENCH_SECONDS ?? 20),
    warmup: Number(process.env.BENCH_WARMUP ?? 0),
    workers: 2,
  }
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
  /** CPU seconds per 1,000 delivered edits (per 1,000 sockets over the run when there are none). */
  cpuPer1000: number
  /** The kernel's part of it (system calls: socket writes, the storage's file writes). */
  systemPer1000: number
  /** The main thread's part (JavaScript and its system calls, not V8's compiler and GC threads). */
  mainThreadPer1000: number
  /** Write system calls of the server per delivered edit (sockets and storage). */
  writesPerDelivery: number
  /** Growth of resident memory from the empty server to all clients synced, after a full GC. */
  rssPerClient: number
  /** The same for the JavaScript heap (used) plus memory outside it (buffers, SQLite). */
  heapPerClient: number
  errors: number
  dropped: number
}

async function run(target: Target, load: Load): Promise<Result> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-compare-'))
  try {
    const rooms = await target.prepare(dataDir, load.rooms)
    const { child, port } = await startServer(target, dataDir)
    cleanups.push(() => child.kill('SIGKILL'))
    const pid = child.pid ?? 0
    await wait(500)
    const idle = await memoryAfterGc(child)
    const url =
      target.protocol === 'hocuspocus' ? `ws://127.0.0.1:${port}/collab` : `ws://127.0.0.1:${port}`
    const specs: ClientSpec[] = rooms.flatMap((room) =>
      Array.from({ length: load.clientsPerRoom }, (_, index) => ({
        url,
        protocol: target.protocol,
        document: room.document,
        token: room.token,
        writer: load.writers && index === 0,
        presence: load.presence,
        // The first client of a room brings the same template content Quorum seeds its rooms with.
        ...(index === 0 && room.seed ? { seed: room.seed } : {}),
      })),
    )
    const workers: Worker[] = Array.from(
      { length: load.workers },
      (_, w) =>
        new Worker(new URL('./load-worker.mjs', import.meta.url), {
          workerData: { specs: specs.filter((_, index) => index % load.workers === w) },
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
    const loaded = await memoryAfterGc(child)
    if (load.warmup > 0) {
      for (const worker of workers) worker.postMessage({ type: 'start' })
      await wait(load.warmup * 1000)
      for (const worker of workers) worker.postMessage({ type: 'stop' })
      await settled(workers)
      await Promise.all(workers.map((worker) => ask(worker, 'reset', 'reset')))
    }
    // BENCH_PROFILE=dir: a V8 CPU profile of the server over the measured window (bench/profile.ts reads it).
    const stopProfile = process.env.BENCH_PROFILE ? await profileServer(child) : null
    const cpuBefore = cpuSeconds(pid)
    const systemBefore = cpuTimes(pid).system
    const mainBefore = cpuTimes(pid, true)
    const writesBefore = writeCalls(pid)
    for (const worker of workers) worker.postMessage({ type: 'start' })
    await wait(load.seconds * 1000)
    for (const worker of workers) worker.postMessage({ type: 'stop' })
    const reports = await settled(workers)
    const cpuAfter = cpuSeconds(pid)
    const systemAfter = cpuTimes(pid).system
    const mainAfter = cpuTimes(pid, true)
    const writesAfter = writeCalls(pid)
    await stopProfile?.(
      join(
        process.env.BENCH_PROFILE ?? '.',
        `${target.name.split(' ')[0]}-${Date.now()}.cpuprofile`,
      ),
    )
    await Promise.all(workers.map((worker) => ask(worker, 'close', 'closed')))
    await Promise.all(workers.map((worker) => worker.terminate()))
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    const sent = reports.reduce((sum, report) => sum + report.sent, 0)
    const latency = reports.flatMap((report) => report.latencies).sort((a, b) => a - b)
    const heap = (memory: { heapUsed: number; external: number }) =>
      memory.heapUsed + memory.external
    return {
      name: target.name,
      clients: specs.length,
      sent,
      expected: sent * (load.clientsPerRoom - 1),
      delivered: latency.length,
      latency,
      connect: connected
        .flatMap((c) => c.connectMs.filter((v): v is number => v !== null))
        .sort((a, b) => a - b),
      cpuPer1000: ((cpuAfter - cpuBefore) / (latency.length || specs.length)) * 1000,
      systemPer1000: ((systemAfter - systemBefore) / (latency.length || specs.length)) * 1000,
      mainThreadPer1000:
        ((mainAfter.user + mainAfter.system - mainBefore.user - mainBefore.system) /
          (latency.length || specs.length)) *
        1000,
      writesPerDelivery: (writesAfter - writesBefore) / (latency.length || specs.length),
      rssPerClient: (loaded.rss - idle.rss) / specs.length,
      heapPerClient: (heap(loaded) - heap(idle)) / specs.length,
      errors: reports.reduce((sum, report) => sum + report.errors, 0),
      dropped: reports.reduce((sum, report) => sum + report.dropped, 0),
    }
  } finally {
    for (const cleanup of cleanups.splice(0)) cleanup()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

type Report = { sent: number; latencies: number[]; errors: number; dropped: number }

/**
 * The workers' reports once the last edits have arrived: deliveries are awaited until they stop
 * growing (at most 30 s), so a server that falls behind is measured as late, not as lossy.
 */
async function settled(workers: Worker[]): Promise<Report[]> {
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
  return reports
}

/** Processes and workers to stop whatever happens, so a failed run leaves nothing behind. */
const cleanups: Array<() => void> = []

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b > 0 ? (a / b).toFixed(2) : 'n/a'
const p = (result: Result | undefined, q: number) => percentile(result?.latency ?? [], q)

function row(r: Result, run: number, runs: number): string {
  const name = runs > 1 ? `${r.name}, run ${run}` : r.name
  const fanOut = r.latency.length
    ? `${ms(percentile(r.latency, 50))} / ${ms(percentile(r.latency, 99))} / ${ms(r.latency.at(-1) ?? 0)}`
    : '— (no edits)'
  return `| ${name} | ${r.clients} (${r.dropped}) | ${r.sent} / ${r.delivered} of ${r.expected} (lost ${r.expected - r.delivered}) | ${fanOut} | ${r.cpuPer1000.toFixed(3)} s | ${r.writesPerDelivery.toFixed(2)} | ${kb(r.rssPerClient)} / ${kb(r.heapPerClient)} | ${ms(percentile(r.connect, 50))} / ${ms(percentile(r.connect, 99))} |`
}

/** The ratios a load is judged by, Quorum over the references, for one run. */
function ratios(name: PresetName, results: Result[], run: number, runs: number): string {
  const [quorum, bare, reference] = results
  const label = runs > 1 ? `Run ${run}: ` : ''
  const cpu = `CPU per delivered edit ${ratio(quorum?.cpuPer1000, reference?.cpuPer1000)} × y-websocket [≤ 1.0] (bare Hocuspocus ${ratio(bare?.cpuPer1000, reference?.cpuPer1000)} ×)`
  const rss = `RSS per client after GC ${ratio(quorum?.rssPerClient, reference?.rssPerClient)} × y-websocket [≤ 1.0] (bare Hocuspocus ${ratio(bare?.rssPerClient, reference?.rssPerClient)} ×)`
  if (name === 'd') {
    return `- ${label}${cpu}; fan-out p50 ${ratio(p(quorum, 50), p(reference, 50))} × y-websocket [≤ 1.5] (p99 ${ratio(p(quorum, 99), p(reference, 99))} ×); ${rss}.`
  }
  const bestP99 = Math.min(p(bare, 99), p(reference, 99))
  return `- ${label}${cpu}; ${rss}; p99 fan-out ${ratio(p(quorum, 99), bestP99)} × the better reference [≤ 1.0].`
}

/**
 * Quorum side by side with bare Hocuspocus 4 and the y-websocket 1.5 reference server, same load,
 * same run: clients in worker threads, latency on the machine's one clock. The servers take turns
 * within each run, so a busy spell on the shared machine is spread over all three.
 */
export async function compareServers(
  name: PresetName = process.env.BENCH_LOAD === 'b'
    ? 'b'
    : process.env.BENCH_LOAD === 'd'
      ? 'd'
      : 'a',
  runs = Number(process.env.BENCH_RUNS ?? 1),
): Promise<void> {
  const load = loadOf(name)
  // BENCH_ONLY=quorum runs one server (to profile it), BENCH_ONLY=quorum,y-websocket some: their
  // figures are printed, not written.
  const only = process.env.BENCH_ONLY?.toLowerCase().split(',')
  const targets = only
    ? TARGETS.filter((t) => only.some((name) => t.name.toLowerCase().includes(name)))
    : TARGETS
  const rounds: Result[][] = []
  for (let round = 1; round <= runs; round++) {
    const results: Result[] = []
    for (const target of targets) {
      console.log(`-- load (${name}), run ${round}: ${target.name}`)
      results.push(await run(target, load))
    }
    rounds.push(results)
  }
  const activity = !load.writers
    ? 'no edits, presence at 1/s per client'
    : load.presence
      ? 'one writer per room at 2 edits/s, presence at 1/s per client'
      : 'one writer per room at 2 edits/s, no presence traffic'
  const body = `Measured on ${environment()}. Load (${name}): ${load.rooms} rooms × ${load.clientsPerRoom} clients
(${load.rooms * load.clientsPerRoom} sockets), ${activity}, for ${load.seconds} s${load.warmup > 0 ? ` after ${load.warmup} s of the same load (a warm-up, not measured, then a pause until everything has arrived)` : ''}; every server holds the same room
content (Quorum's standard template). An edit is a writer typing 16 characters at the end of a paragraph of the
business case; the writers' timers start together, so edits arrive in bursts. Clients in ${load.workers} worker threads of one process, each server its own process on the same
2 cores${runs > 1 ? `; ${runs} runs, the servers taking turns within each` : ''}. Memory is measured after a forced full
garbage collection in each server (started with --expose-gc; bench/servers/bench-hook.mjs).

| server | sockets (dropped or never synced) | edits sent / delivered (lost) | fan-out p50 / p99 / max | CPU per 1,000 delivered | write calls per delivered | per client after GC: RSS / heap + external | connect → synced p50 / p99 |
|---|---|---|---|---|---|---|---|
${rounds.flatMap((results, index) => results.map((r) => row(r, index + 1, runs))).join('\n')}

Ratios, Quorum over the reference (targets in brackets):
${rounds.map((results, index) => ratios(name, results, index + 1, runs)).join('\n')}

Load (c), the cold load and the SIGKILL comparison have sections of their own.${load.writers ? '' : ' With no edits, "CPU per 1,000" is CPU seconds per 1,000 sockets over the run.'}`
  if (only) {
    for (const results of rounds) {
      for (const r of results) {
        console.log(row(r, 0, 1))
        console.log(
          `  CPU per 1,000 delivered: ${r.cpuPer1000.toFixed(4)} s, of which in the kernel ${r.systemPer1000.toFixed(4)} s, on the main thread ${r.mainThreadPer1000.toFixed(4)} s`,
        )
      }
    }
    return
  }
  writeSection(
    name === 'd'
      ? `Side by side with the reference servers, load (d): edits only, ${load.rooms * load.clientsPerRoom} sockets`
      : `Side by side with the reference servers, load (${name}), ${load.rooms * load.clientsPerRoom} sockets`,
    body,
  )
  console.log(body)
}

/** Load (d), edits alone, twice by default (BENCH_RUNS): its figures are judged run by run. */
export const compareEdits = (): Promise<void> =>
  compareServers('d', Number(process.env.BENCH_RUNS ?? 2))

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
      const load: Load = { ...loadOf('a'), rooms, clientsPerRoom: 10, seconds: 10 }
      console.log(`-- ${target.name}: ${rooms * 10} sockets`)
      const result = await run(target, load)
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
