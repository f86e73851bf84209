import { parentPort, workerData } from 'node:worker_threads'
import { createMailer } from '../access/mail.ts'
import type { Config } from '../config.ts'
import { openStorage } from '../storage/open.ts'
import { DeliveryWorker, deliveryOptions } from './delivery-worker.ts'

/**
 * The delivery worker in a thread of its own (see deliveries.ts): its own connection to storage,
 * its own event loop. The server posts `wake` when it records events and `stop` at shutdown.
 */
const { config } = workerData as { config: Config }
const storage = await openStorage(config)
const mailer = createMailer(storage, { smtpUrl: config.smtpUrl, from: config.mailFrom })
const worker = new DeliveryWorker(storage, deliveryOptions(config, mailer))
worker.start()
parentPort?.on('message', (message: unknown) => {
  if (message === 'wake') worker.wake()
  if (message !== 'stop') return
  void (async () => {
    await worker.stop()
    await mailer.settled()
    await storage.close()
    parentPort?.postMessage('stopped')
  })()
})
parentPort?.postMessage('ready')
