import { parentPort, workerData } from 'node:worker_threads'
import { type ClientSpec, LoadClient } from './load-client.ts'

/** A worker thread running its share of the benchmark's clients. */
const specs = (workerData as { specs: ClientSpec[] }).specs
const clients = specs.map((spec) => new LoadClient(spec))
const port = parentPort
if (!port) throw new Error('load-worker runs as a worker thread')

// Connect in small batches, as a room fills up in real life, not all in one burst.
for (let i = 0; i < clients.length; i += 50) {
  await Promise.all(
    clients.slice(i, i + 50).map((client) => client.connect().catch(() => undefined)),
  )
}
port.postMessage({
  type: 'connected',
  connectMs: clients.map((client) => client.stats.connectToSyncedMs),
})

port.on('message', (message: { type: string }) => {
  if (message.type === 'start') for (const client of clients) client.start()
  if (message.type === 'stop') for (const client of clients) client.stop()
  if (message.type === 'report') {
    port.postMessage({
      type: 'report',
      sent: clients.reduce((sum, client) => sum + client.stats.sent, 0),
      latencies: clients.flatMap((client) => client.stats.latencies),
      errors: clients.reduce((sum, client) => sum + client.stats.errors, 0),
      dropped: clients.filter(
        (client) => client.stats.dropped || client.stats.connectToSyncedMs === null,
      ).length,
    })
  }
  if (message.type === 'reset') {
    // A warm-up is over: what was sent and received so far is not measured.
    for (const client of clients) {
      client.stats.sent = 0
      client.stats.latencies = []
      client.stats.errors = 0
    }
    port.postMessage({ type: 'reset' })
  }
  if (message.type === 'close') {
    for (const client of clients) client.close()
    port.postMessage({ type: 'closed' })
  }
})
