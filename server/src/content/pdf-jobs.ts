import { Worker } from 'node:worker_threads'
import { Slots } from './limited-process.ts'

/** Work done with pdf-lib, each job in a worker thread of its own (pdf-worker.ts). */
export type PdfJob =
  | {
      kind: 'stamp'
      input: string
      output: string
      /** The watermark across each page. */
      text: string
      /** The line at the foot of each page. */
      footer: string
      /** A TrueType font with the scripts of people's names. */
      fontPath: string
    }
  | { kind: 'image'; input: string; output: string }

export interface WorkerLimits {
  timeoutMs: number
  /** The worker's heap (V8 old generation), in MiB. */
  memoryMb: number
}

const BOOT = new URL('./worker-boot.js', import.meta.url)
const MODULE = new URL('./pdf-worker.ts', import.meta.url).href

interface Running {
  worker: Worker
  /** The job being done and how to answer it. */
  current: { id: number; resolve: () => void; reject: (error: Error) => void } | null
}

/**
 * Two worker threads at most, started when first needed and kept (loading pdf-lib costs more
 * than most jobs); one job at a time in each. A worker whose job passes its deadline is ended,
 * and one that dies (out of memory) fails its job; either is replaced on the next job.
 */
class PdfWorkers {
  private readonly slots = new Slots(2)
  private readonly idle: Running[] = []
  private nextId = 0

  run(job: PdfJob, limits: WorkerLimits): Promise<void> {
    return this.slots.run(async () => {
      const running = this.idle.pop() ?? this.start(limits)
      try {
        await this.send(running, job, limits.timeoutMs)
        this.idle.push(running)
      } catch (error) {
        void running.worker.terminate()
        throw error
      }
    })
  }

  private start(limits: WorkerLimits): Running {
    const worker = new Worker(BOOT, {
      workerData: { module: MODULE },
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
      stdout: true,
      stderr: true,
    })
    // Kept for the next job, but never what keeps the process alive.
    worker.unref()
    const running: Running = { worker, current: null }
    worker.on('message', (answer: { id: number; ok: boolean; message?: string }) => {
      const current = running.current
      if (!current || current.id !== answer.id) return
      running.current = null
      if (answer.ok) current.resolve()
      else current.reject(new Error(answer.message ?? 'failed'))
    })
    const fail = (error: Error) => {
      const index = this.idle.indexOf(running)
      if (index >= 0) this.idle.splice(index, 1)
      running.current?.reject(error)
      running.current = null
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`stopped (exit ${code})`)))
    return running
  }

  private send(running: Running, job: PdfJob, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const id = ++this.nextId
      const timer = setTimeout(() => {
        running.current = null
        reject(new Error(`took longer than ${timeoutMs} ms`))
      }, timeoutMs)
      running.current = {
        id,
        resolve: () => {
          clearTimeout(timer)
          resolve()
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        },
      }
      running.worker.postMessage({ id, job })
    })
  }
}

const workers = new PdfWorkers()

/** Runs a job; rejects when it fails, runs out of memory or passes its deadline. */
export function runPdfJob(job: PdfJob, limits: WorkerLimits): Promise<void> {
  return workers.run(job, limits)
}
