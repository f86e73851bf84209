import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

/**
 * Runs the tools that read uploaded files (pdfinfo, pdftoppm, LibreOffice) in child processes
 * with a time limit and an address-space limit, so a hostile file costs at most that: the
 * process group is killed at the deadline (LibreOffice starts a child of its own), and the
 * memory limit is set with prlimit where it exists (util-linux).
 */

export interface Limits {
  timeoutMs: number
  /** Address space of the tool, in MiB. */
  memoryMb: number
}

export type ToolResult = { stdout: string; stderr: string }

export class ToolFailure extends Error {
  constructor(
    readonly reason: 'timeout' | 'failed',
    message: string,
    readonly stderr = '',
  ) {
    super(message)
    this.name = 'ToolFailure'
  }
}

/** The full path of an executable found on PATH, or null. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | null {
  if (name.includes('/')) return executable(name) ? name : null
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, name)
    if (executable(candidate)) return candidate
  }
  return null
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

const PRLIMIT = findExecutable('prlimit')
/** Most output kept from a tool (pdfinfo's is a few lines). */
const MAX_OUTPUT = 1024 * 1024

export function runLimited(
  command: string,
  args: readonly string[],
  limits: Limits,
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<ToolResult> {
  const [file, argv] = PRLIMIT
    ? [PRLIMIT, [`--as=${limits.memoryMb * 1024 * 1024}`, '--', command, ...args]]
    : [command, [...args]]
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, {
      // Its own process group, so the deadline kills the tool and everything it started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      cwd: options.cwd,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk.toString('utf8')
    })
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += chunk.toString('utf8')
    })
    let timedOut = false
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    const timer = setTimeout(() => {
      timedOut = true
      killGroup()
    }, limits.timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new ToolFailure('failed', `${command} could not start: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      // Whatever the tool left running in its group goes with it.
      killGroup()
      if (timedOut)
        reject(
          new ToolFailure('timeout', `${command} took longer than ${limits.timeoutMs} ms`, stderr),
        )
      else if (code === 0) resolve({ stdout, stderr })
      else
        reject(
          new ToolFailure(
            'failed',
            `${command} failed (${signal ?? `exit ${code}`}): ${stderr.trim().slice(0, 300)}`,
            stderr,
          ),
        )
    })
  })
}

/** At most `size` tasks at once; the rest wait their turn (a 2-core machine renders 2 pages). */
export class Slots {
  private running = 0
  private readonly queue: Array<() => void> = []

  constructor(private readonly size: number) {}

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.queue.length
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A slot freed is handed to the next in line directly, so no newcomer slips in between.
    if (this.running >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve))
    else this.running++
    try {
      return await task()
    } finally {
      const next = this.queue.shift()
      if (next) next()
      else this.running--
    }
  }
}
