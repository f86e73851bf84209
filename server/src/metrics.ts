import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { Storage } from './storage/storage.ts'

/**
 * Prometheus metrics of one server (prom-client, a registry of its own so that several servers in
 * one process, as in tests, do not share counts). Node's defaults come with it, among them the
 * event-loop lag (`nodejs_eventloop_lag_seconds`).
 */
export class Metrics {
  readonly registry = new Registry()
  private readonly updates = new Counter({
    name: 'quorum_updates_applied_total',
    help: 'Document updates applied and appended to the update log',
    registers: [this.registry],
  })
  private readonly append = new Histogram({
    name: 'quorum_update_append_seconds',
    help: 'Time to append one update to the log, before its acknowledgement leaves',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  })
  private readonly http = new Histogram({
    name: 'quorum_http_request_duration_seconds',
    help: 'HTTP answers by method, route (as registered) and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  })

  constructor(counts: { openSockets: () => number; roomsLoaded: () => number }) {
    collectDefaultMetrics({ register: this.registry })
    new Gauge({
      name: 'quorum_open_sockets',
      help: 'Open collaboration sockets on this instance',
      registers: [this.registry],
      collect() {
        this.set(counts.openSockets())
      },
    })
    new Gauge({
      name: 'quorum_rooms_loaded',
      help: 'Room documents loaded in memory on this instance',
      registers: [this.registry],
      collect() {
        this.set(counts.roomsLoaded())
      },
    })
  }

  /** Counts and times every update the collaboration layer appends to `storage`. */
  watchAppends(storage: Storage): void {
    const { updates, append } = this
    const appendAsync = storage.appendUpdate.bind(storage)
    storage.appendUpdate = async (name, update) => {
      const stop = append.startTimer()
      try {
        return await appendAsync(name, update)
      } finally {
        stop()
        updates.inc()
      }
    }
    const appendSync = storage.appendUpdateSync?.bind(storage)
    if (appendSync) {
      storage.appendUpdateSync = (name, update) => {
        const stop = append.startTimer()
        try {
          return appendSync(name, update)
        } finally {
          stop()
          updates.inc()
        }
      }
    }
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds)
  }

  text(): Promise<string> {
    return this.registry.metrics()
  }

  get contentType(): string {
    return this.registry.contentType
  }
}

/** /metrics on a port of its own (METRICS_PORT), so it can stay off the public one. */
export async function serveMetrics(
  metrics: Metrics,
  port: number,
  host: string | undefined,
): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    if (request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: try /metrics\n')
      return
    }
    metrics.text().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      () => response.writeHead(500).end(),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  return { server, port: (server.address() as AddressInfo).port }
}
