import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createMailer } from './access/mail.ts'
import { refusalAudit } from './access/refusal-audit.ts'
import { tokenSecret } from './access/tokens.ts'
import { watchAccessChanges } from './collaboration/access-watcher.ts'
import { awarenessFastPath } from './collaboration/awareness-fast-path.ts'
import { SignalBus } from './collaboration/bus.ts'
import { type Collaboration, createCollaboration } from './collaboration/hocuspocus.ts'
import { editRoomDocument } from './collaboration/server-edit.ts'
import { SocketAdmission } from './collaboration/socket-admission.ts'
import { type CollabSocketServer, collabSocketServer } from './collaboration/websocket.ts'
import type { Config } from './config.ts'
import { openRoomFiles } from './content/open.ts'
import { folders } from './content/prepare.ts'
import type { RoomFiles } from './content/room-files.ts'
import { sweepWorkFolders } from './content/upload.ts'
import { createHttpApp } from './http/app.ts'
import { recordFromBus } from './integrations/bus-events.ts'
import { type Deliveries, startDeliveries } from './integrations/deliveries.ts'
import { weeklySummaries } from './integrations/weekly.ts'
import { Metrics, serveMetrics } from './metrics.ts'
import { sendDigests } from './signals/digest.ts'
import { mailMentions } from './signals/mentions.ts'
import { Nudger } from './signals/nudges.ts'
import { Summarizer } from './signals/summarizer.ts'
import type { Storage } from './storage/storage.ts'

/** How long shutdown waits for mail still being sent. */
const MAIL_GRACE_MS = 5_000

export const CLIENT_DIST = fileURLToPath(new URL('../../client/dist/', import.meta.url))

export interface QuorumServer {
  http: Server
  storage: Storage
  collaboration: Collaboration
  sockets: CollabSocketServer
  bus: SignalBus
  /** Delivers the webhook outbox (and Slack). */
  webhooks: Deliveries
  /** The room's documents: uploads, page images, downloads. */
  files: RoomFiles
  /** The port actually bound (useful with PORT=0). */
  port: number
  /** The port of /metrics when METRICS_PORT is set. */
  metricsPort: number | undefined
  /** Every HTTP route registered with Fastify (method and path as registered). */
  routes: ReadonlyArray<{ method: string; path: string }>
  /** Stops accepting, snapshots every open document, closes sockets and storage. */
  close(): Promise<void>
}

/** Starts the web app, the JSON API and the collaboration socket on one port. */
export async function startServer(
  config: Config,
  storage: Storage,
  options: { clientDir?: string } = {},
): Promise<QuorumServer> {
  const secret = await tokenSecret(storage)
  const bus = new SignalBus()
  const admission = new SocketAdmission(config)
  const serveMetricsToo = config.metrics || config.metricsPort !== undefined
  // Made before the sockets exist; it reads their counts only when scraped.
  let counts = { openSockets: () => 0, roomsLoaded: () => 0 }
  const metrics = serveMetricsToo
    ? new Metrics({
        openSockets: () => counts.openSockets(),
        roomsLoaded: () => counts.roomsLoaded(),
      })
    : undefined
  metrics?.watchAppends(storage)
  const mailer = createMailer(storage, { smtpUrl: config.smtpUrl, from: config.mailFrom })
  let sockets: CollabSocketServer | undefined
  let collaboration: Collaboration | undefined
  // A change of a room's files shows in its open document at once (made before the document
  // server, so it finds it when called).
  const files = openRoomFiles(config, storage, () => collaboration?.refreshDocuments())
  // Work folders of uploads a crash interrupted (an hour old: the CLI may be using a newer one).
  sweepWorkFolders(folders(config.dataDir).tmp, 60 * 60 * 1000).catch((error: unknown) =>
    console.error('Could not remove old upload folders:', error),
  )
  const { app, limits, routes } = await createHttpApp({
    files,
    storage,
    config,
    tokenSecret: secret,
    mailer,
    clientDir: options.clientDir ?? CLIENT_DIST,
    health: () => ({
      documents: collaboration?.hocuspocus.documents.size ?? 0,
      connections: sockets?.size ?? 0,
    }),
    metrics,
    editRoom(roomId, author, edit) {
      if (!collaboration) throw new Error('The collaboration server is not started yet')
      return editRoomDocument(collaboration.hocuspocus, roomId, author, edit)
    },
  })
  const refusals = refusalAudit(storage, limits.socketRefusals)
  const collab = createCollaboration(storage, secret, bus, {
    redisUrl: config.redisUrl,
    redisPrefix: config.redisPrefix,
    admission,
    refusals,
    limits: { maxUpdateBytes: config.maxUpdateBytes, maxRoomBytes: config.maxRoomBytes },
  })
  collaboration = collab
  const accessWatcher = watchAccessChanges(storage, collab.hocuspocus)
  const mentionMail = mailMentions(storage, mailer, bus, { publicUrl: config.publicUrl })
  const summarizer = new Summarizer(storage, bus)
  summarizer.start()
  // Webhooks: events of this instance's bus go to the outbox; the worker delivers the outbox.
  const webhooks = await startDeliveries(config, storage, mailer)
  const webhookEvents = recordFromBus(storage, bus, () => webhooks.wake())
  const weekly = weeklySummaries(storage, () => webhooks.wake())

  // The daily digest: checked hourly; each person gets at most one a day.
  const digestTimer = setInterval(
    () => {
      sendDigests(storage, mailer, { publicUrl: config.publicUrl, secret }).catch(
        (error: unknown) => app.log.error({ err: error }, 'Digest failed'),
      )
    },
    60 * 60 * 1000,
  )
  digestTimer.unref()
  // Nudges (reminders to invited people and task owners): looked for every ten minutes.
  const nudger = new Nudger(storage, mailer, { publicUrl: config.publicUrl, secret })
  nudger.start()
  const socketServer = collabSocketServer(collab.hocuspocus, {
    maxMessageBytes: config.maxMessageBytes,
    admission,
    clientAddressHeader: config.clientAddressHeader,
    fastPath: awarenessFastPath(collab.hocuspocus, collab.presence),
  })
  sockets = socketServer
  counts = {
    openSockets: () => socketServer.size,
    roomsLoaded: () => collab.hocuspocus.documents.size,
  }

  const http = app.server
  // The collaboration socket shares the port: Fastify answers requests, this the upgrades.
  http.on('upgrade', (request, socket, head) => {
    if (!socketServer.handleUpgrade(request, socket, head)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
    }
  })
  // (A client that vanishes mid-request is Fastify's clientError handler's: a 400, or nothing.)

  // Bound as before Fastify: without HOST, every interface (Fastify's listen() would mean localhost).
  await app.ready()
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(config.port, config.host, () => {
      http.off('error', reject)
      resolve()
    })
  })
  const metricsServer =
    metrics && config.metricsPort !== undefined
      ? await serveMetrics(metrics, config.metricsPort, config.host)
      : undefined

  let closing: Promise<void> | undefined
  return {
    http,
    storage,
    collaboration: collab,
    sockets: socketServer,
    bus,
    webhooks,
    files,
    port: (http.address() as AddressInfo).port,
    metricsPort: metricsServer?.port,
    routes,
    close() {
      closing ??= (async () => {
        accessWatcher.stop()
        clearInterval(digestTimer)
        metricsServer?.server.close()
        const stopped = app.close()
        await collab.shutdown()
        await mentionMail.stop()
        await nudger.stop()
        await summarizer.stop()
        await webhookEvents.stop()
        await weekly.stop()
        await webhooks.stop()
        await socketServer.close()
        http.closeAllConnections()
        await stopped
        await refusals.stop()
        await limits.close()
        // Mail handed over after an answer is queued in storage first; a slow SMTP server gets a
        // few seconds, then the outbox keeps it unsent.
        await Promise.race([
          mailer.settled(),
          new Promise((resolve) => setTimeout(resolve, MAIL_GRACE_MS).unref()),
        ])
        await storage.close()
      })()
      return closing
    },
  }
}
