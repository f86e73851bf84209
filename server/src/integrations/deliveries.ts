import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Mailer } from '../access/mail.ts'
import type { Config } from '../config.ts'
import type { Storage } from '../storage/storage.ts'
import { DeliveryWorker, deliveryOptions } from './delivery-worker.ts'

/** Workers do not inherit the tsx loader: this registers it, then imports the module. */
const BOOT = fileURLToPath(new URL('../content/worker-boot.js', import.meta.url))
const THREAD = new URL('./delivery-thread.ts', import.meta.url).href

/** The server's handle on webhook delivery, wherever it runs. */
export interface Deliveries {
  /** Events were recorded: look at the outbox now. */
  wake(): void
  stop(): Promise<void>
}

/**
 * Starts delivering the webhook outbox: in a worker thread with its own storage connection
 * (`WEBHOOK_DELIVERY=thread`, the default), so that claiming, signing and posting never hold up
 * the event loop that applies and acknowledges edits; or on the server's own thread (`inline`).
 */
export async function startDeliveries(
  config: Config,
  storage: Storage,
  mailer: Mailer,
): Promise<Deliveries> {
  if (config.webhookDelivery === 'inline') {
    const worker = new DeliveryWorker(storage, deliveryOptions(config, mailer))
    worker.start()
    return { wake: () => worker.wake(), stop: () => worker.stop() }
  }
  const thread = new Worker(BOOT, { workerData: { module: THREAD, config } })
  thread.unref()
  await new Promise<void>((resolve, reject) => {
    thread.once('message', () => resolve())
    thread.once('error', reject)
  })
  thread.on('error', (error) => console.error('Webhook delivery thread failed:', error))
  let stopping: Promise<void> | undefined
  return {
    wake: () => {
      if (!stopping) thread.postMessage('wake')
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        const done = () => {
          void thread.terminate()
          resolve()
        }
        thread.once('message', done)
        thread.once('exit', resolve)
        thread.postMessage('stop')
      })
      return stopping
    },
  }
}
