import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { addSeller } from '../server/src/access/people.ts'
import { issueCollabToken } from '../server/src/access/tokens.ts'
import { createRoom } from '../server/src/collaboration/rooms.ts'
import { sqliteFile } from '../server/src/config.ts'
import { SqliteStorage } from '../server/src/storage/sqlite/sqlite-storage.ts'
import { documentName } from '../shared/src/protocol.ts'
import { addStakeholder, seedRoom } from '../shared/src/room/index.ts'
import type { Protocol } from './load-client.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

/**
 * A room as Quorum holds it once the benchmark's seller has opened it: the standard template, plus
 * the stakeholder entry Quorum adds for a member on their first visit (an id of the same length).
 * The reference servers' rooms start from it, so all three servers hold the same content.
 */
const TEMPLATE_SEED = (() => {
  const doc = new Y.Doc()
  seedRoom(doc, { title: 'Bench room' })
  addStakeholder(doc, {
    id: 'member-bench0000000',
    name: 'Bench',
    side: 'seller',
    buyingRole: 'other',
    memberId: 'bench0000000',
  })
  return Y.encodeStateAsUpdate(doc)
})()

export interface Room {
  document: string
  token: string
  /** Content the room's first client brings (the reference servers start rooms empty). */
  seed?: Uint8Array
}

export interface Target {
  name: string
  protocol: Protocol
  /** Node arguments: the server's script, after the benchmark's GC hook. */
  command: string[]
  env?: Record<string, string>
  prepare: (dataDir: string, rooms: number) => Promise<Room[]>
}

const referenceRooms = async (_dataDir: string, rooms: number): Promise<Room[]> =>
  Array.from({ length: rooms }, (_, i) => ({
    document: `bench-${i}`,
    token: 'none',
    seed: TEMPLATE_SEED,
  }))

export const TARGETS: Target[] = [
  {
    name: 'Quorum (SQLite, auth, write guard, durability, presence guard, engagement)',
    protocol: 'hocuspocus',
    command: ['--import', 'tsx', 'server/src/testing/child-server.ts'],
    // Every socket of the benchmark comes from 127.0.0.1: no per-address caps.
    env: { MAX_SOCKETS_PER_ADDRESS: '0', MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: '0' },
    async prepare(dataDir, count) {
      const storage = new SqliteStorage(sqliteFile({ dataDir }))
      await addSeller(storage, 'http://bench', { email: 'bench@vendor.test', name: 'Bench' })
      const rooms: Room[] = []
      for (let i = 0; i < count; i++) {
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
    prepare: referenceRooms,
  },
  {
    name: 'y-websocket 1.5 reference server',
    protocol: 'y-websocket',
    command: ['bench/servers/y-websocket.cjs'],
    prepare: referenceRooms,
  },
]

export interface ServerProcess {
  child: ChildProcess
  port: number
}

/**
 * Starts a target with --expose-gc and the benchmark's hook (bench/servers/bench-hook.mjs: forced
 * GC, CPU profile) on an IPC channel only the harness uses; resolves once the server prints
 * "listening <port>".
 */
export function startServer(target: Target, dataDir: string): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      // BENCH_NODE_ARGS: V8 or Node flags for every server (--trace-deopt, --perf-basic-prof…).
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      './bench/servers/bench-hook.mjs',
      ...target.command,
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        ...target.env,
      },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  )
  return new Promise((resolve, reject) => {
    /** What the server printed until it listens (then no longer kept). */
    let output: string | null = ''
    // BENCH_SERVER_LOG=dir: each server's output (what BENCH_NODE_ARGS traces) in a file there.
    const log = process.env.BENCH_SERVER_LOG
      ? createWriteStream(join(process.env.BENCH_SERVER_LOG, `${target.name.split(' ')[0]}.log`))
      : null
    child.stdout?.on('data', (chunk: Buffer) => {
      log?.write(chunk)
      if (output === null) return
      output += chunk
      const match = /listening (\d+)/.exec(output)
      if (!match) return
      output = null
      resolve({ child, port: Number(match[1]) })
    })
    child.once('exit', () => log?.end())
    child.once('exit', () => reject(new Error(`${target.name} exited:\n${output ?? ''}`)))
  })
}

/**
 * CPU seconds a process has used in user space and in the kernel (system calls), from /proc; with
 * `mainThread`, those of its main thread alone (JavaScript, without V8's compiler and GC helpers).
 */
export function cpuTimes(pid: number, mainThread = false): { user: number; system: number } {
  const stat = readFileSync(
    mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`,
    'utf8',
  )
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 }
}

/** CPU seconds (user + system) a process has used, from /proc. */
export function cpuSeconds(pid: number): number {
  const { user, system } = cpuTimes(pid)
  return user + system
}

/** Write system calls a process has made (sockets and files), from /proc. */
export function writeCalls(pid: number): number {
  return Number(/syscw:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0)
}

export interface Memory {
  rss: number
  heapUsed: number
  external: number
}

/** Sends the benchmark hook a request and resolves with its reply. */
function askServer<T>(child: ChildProcess, request: object, reply: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not answer ${reply}`)), 30_000)
    const onMessage = (message: { type?: string }) => {
      if (message.type !== reply) return
      clearTimeout(timer)
      child.off('message', onMessage)
      resolve(message as T)
    }
    child.on('message', onMessage)
    child.send(request)
  })
}

/** Forces a full garbage collection in the server and returns its memory right after. */
export async function memoryAfterGc(child: ChildProcess): Promise<Memory> {
  const reply = await askServer<{ memory: Memory }>(child, { type: 'bench:gc' }, 'bench:memory')
  return reply.memory
}

/** Starts a CPU profile of the server; the function returned stops it and writes it to `file`. */
export async function profileServer(child: ChildProcess): Promise<(file: string) => Promise<void>> {
  await askServer(child, { type: 'bench:profile-start' }, 'bench:profiling')
  return async (file) => {
    await askServer(child, { type: 'bench:profile-stop', file }, 'bench:profiled')
  }
}
