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
const jobs = new Slots(2)

/** Runs a job; rejects when it fails, runs out of memory or passes its deadline. */
export function runPdfJob(job: PdfJob, limits: WorkerLimits): Promise<void> {
  return jobs.run(
    () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(BOOT, {
          workerData: { module: MODULE, job },
          resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
          stdout: true,
          stderr: true,
        })
        const timer = setTimeout(() => {
          void worker.terminate()
          reject(new Error(`took longer than ${limits.timeoutMs} ms`))
        }, limits.timeoutMs)
        worker.once('message', (answer: { ok: boolean; message?: string }) => {
          clearTimeout(timer)
          void worker.terminate()
          if (answer.ok) resolve()
          else reject(new Error(answer.message ?? 'failed'))
        })
        worker.once('error', (error) => {
          clearTimeout(timer)
          reject(error)
        })
        worker.once('exit', (code) => {
          clearTimeout(timer)
          // After an answer this changes nothing; without one the worker died (out of memory).
          reject(new Error(`stopped (exit ${code})`))
        })
      }),
  )
}
