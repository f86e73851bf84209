import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createMailer } from './access/mail.ts'
import { tokenSecret } from './access/tokens.ts'
import { watchAccessChanges } from './collaboration/access-watcher.ts'
import { awarenessFastPath } from './collaboration/awareness-fast-path.ts'
import { type Collaboration, createCollaboration } from './collaboration/hocuspocus.ts'
import { SocketAdmission } from './collaboration/socket-admission.ts'
import { type CollabSocketServer, collabSocketServer } from './collaboration/websocket.ts'
import type { Config } from './config.ts'
import { Problem } from './errors.ts'
import { createApi } from './http/api.ts'
import { devOutboxPage } from './http/dev-outbox.ts'
import { securityHeaders, sendError, sendJson, sendProblem } from './http/respond.ts'
import { staticFiles } from './http/static.ts'
import { SignalBus } from './signals/bus.ts'
import { sendDigests } from './signals/digest.ts'
import { mailMentions } from './signals/mentions.ts'
import type { Storage } from './storage/storage.ts'

const isLoopback = (address: string | undefined) =>
  address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1'

/** How long shutdown waits for mail still being sent. */
const MAIL_GRACE_MS = 5_000

export const CLIENT_DIST = fileURLToPath(new URL('../../client/dist/', import.meta.url))

export interface QuorumServer {
  http: Server
  storage: Storage
  collaboration: Collaboration
  sockets: CollabSocketServer
  bus: SignalBus
  /** The port actually bound (useful with PORT=0). */
  port: number
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
  const collaboration = createCollaboration(storage, secret, bus, {
    redisUrl: config.redisUrl,
    redisPrefix: config.redisPrefix,
    admission,
    limits: { maxUpdateBytes: config.maxUpdateBytes, maxRoomBytes: config.maxRoomBytes },
  })
  const mailer = createMailer(storage, { smtpUrl: config.smtpUrl, from: config.mailFrom })
  const handleApi = createApi({ storage, config, tokenSecret: secret, mailer })
  const accessWatcher = watchAccessChanges(storage, collaboration.hocuspocus)
  const mentionMail = mailMentions(storage, mailer, bus, { publicUrl: config.publicUrl })

  // The daily digest: checked hourly; each person gets at most one a day.
  const digestTimer = setInterval(
    () => {
      sendDigests(storage, mailer, { publicUrl: config.publicUrl, secret }).catch(
        (error: unknown) => console.error('Digest failed:', error),
      )
    },
    60 * 60 * 1000,
  )
  digestTimer.unref()
  const sockets = collabSocketServer(collaboration.hocuspocus, {
    maxMessageBytes: config.maxMessageBytes,
    admission,
    clientAddressHeader: config.clientAddressHeader,
    fastPath: awarenessFastPath(collaboration.hocuspocus, collaboration.presence),
  })
  const serveClient = staticFiles(options.clientDir ?? CLIENT_DIST, {
    serveSourceMaps: config.serveSourceMaps,
  })
  const headers = securityHeaders(config.publicUrl)
  const startedAt = Date.now()

  const http = createServer((request, response) => {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value)
    let pathname: string
    try {
      pathname = new URL(request.url ?? '/', 'http://localhost').pathname
    } catch {
      // A request target that is no URL at all (`GET http://[ HTTP/1.1`) once threw out of this
      // listener and stopped the whole process.
      sendProblem(response, new Problem('invalid', 'The request target is not a valid URL'))
      return
    }
    if (pathname === '/healthz') {
      sendJson(response, 200, {
        status: 'ok',
        storage: storage.driver,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        documents: collaboration.hocuspocus.documents.size,
        connections: sockets.size,
      })
      return
    }
    // The outbox holds working links and join codes: development only, and only from this machine.
    if (
      pathname === '/dev/outbox' &&
      config.devOutbox &&
      isLoopback(request.socket.remoteAddress)
    ) {
      devOutboxPage(storage, response).catch((error: unknown) => sendError(response, error))
      return
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      handleApi(request, response, pathname).catch((error: unknown) => sendError(response, error))
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end()
      return
    }
    serveClient(request, response)
  })

  http.on('upgrade', (request, socket, head) => {
    if (!sockets.handleUpgrade(request, socket, head)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
    }
  })
  // A client that vanishes mid-request must not take the process down.
  http.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
  })

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(config.port, config.host, () => {
      http.off('error', reject)
      resolve()
    })
  })

  let closing: Promise<void> | undefined
  return {
    http,
    storage,
    collaboration,
    sockets,
    bus,
    port: (http.address() as AddressInfo).port,
    close() {
      closing ??= (async () => {
        accessWatcher.stop()
        clearInterval(digestTimer)
        http.close()
        await collaboration.shutdown()
        await mentionMail.stop()
        await sockets.close()
        http.closeAllConnections()
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
