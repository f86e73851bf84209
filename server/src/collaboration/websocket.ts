import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Hocuspocus } from '@hocuspocus/server'
import * as decoding from 'lib0/decoding'
import { type RawData, WebSocketServer } from 'ws'
import { CloseCodes, COLLAB_PATH } from '../../../shared/src/protocol.ts'
import type { QuorumContext } from './context.ts'
import { editFastPathOf } from './edit-fast-path.ts'
import type { SocketAdmission } from './socket-admission.ts'

export const CLIENT_IP_HEADER = 'x-quorum-client-ip'

/** Hocuspocus's message type for presence (awareness). */
const AWARENESS = 1

/** A frame's message type, read after its address without decoding it; null if it does not read. */
function messageType(frame: Uint8Array): number | null {
  try {
    const decoder = decoding.createDecoder(frame)
    decoding.readVarUint8Array(decoder)
    return decoding.readVarUint(decoder)
  } catch {
    return null
  }
}

/**
 * The client's address: the socket's peer, or, behind a reverse proxy that says so in
 * `addressHeader`, the last address in that header (the one the proxy itself added).
 */
function clientAddress(request: IncomingMessage, addressHeader: string | undefined): string {
  const forwarded = addressHeader ? request.headers[addressHeader.toLowerCase()] : undefined
  const value = Array.isArray(forwarded) ? forwarded.at(-1) : forwarded
  return value?.split(',').at(-1)?.trim() || request.socket.remoteAddress || ''
}

/**
 * A Node request as the web `Request` Hocuspocus 4 hooks expect. Hocuspocus keeps it for the
 * socket's lifetime and reads only its `url` (query parameters) and `headers`; our hooks read the
 * schema version parameter and the client's address. So it is just those two fields: not a copy
 * of every header the browser sent (cookies, user agent…), and not a full `Request` (2.3 KB with
 * its abort signal and body state, against 0.45 KB), per open socket.
 */
function toWebRequest(request: IncomingMessage, address: string): Request {
  const slim: Pick<Request, 'url' | 'headers'> = {
    // Path and query as the client sent them: Hocuspocus reads the parameters from it for every
    // update's hooks, and a path splits faster than a full URL parses.
    url: request.url ?? '/',
    // The client's address, for the audit log; a client-sent header of that name is replaced.
    headers: new Headers({ [CLIENT_IP_HEADER]: address }),
  }
  return slim as Request
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

/** Answers an upgrade request with a plain HTTP error and closes the connection. */
function refuseUpgrade(socket: Duplex, status: string, message: string, headers = ''): void {
  socket.end(
    `HTTP/1.1 ${status}\r\nConnection: close\r\n${headers}Content-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  )
}

export interface CollabSocketServer {
  /** Handles an HTTP upgrade; returns false when the path is not ours. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean
  /** Closes every socket with "going away". */
  close(): Promise<void>
  /** Open sockets (for health and tests). */
  readonly size: number
}

/**
 * Mounts Hocuspocus on our own HTTP server at /collab. Hocuspocus 4 does not read the socket
 * itself: each binary frame is forwarded to its connection, text frames are refused (the
 * protocol is binary), and `maxPayload` makes ws close oversized frames with 1009 before they
 * are buffered. An upgrade from an address over its socket caps is refused with 429; the
 * admission holds each socket to its pre-authentication limits.
 */
export function collabSocketServer(
  hocuspocus: Hocuspocus<QuorumContext>,
  options: {
    maxMessageBytes: number
    admission: SocketAdmission
    /** Header a trusted reverse proxy sets to the client's address (else the socket's peer). */
    clientAddressHeader?: string | undefined
    /** Handles a frame itself (presence of established connections); true when it did. */
    fastPath?: (socket: unknown, message: Uint8Array) => boolean
  },
): CollabSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes })
  const { admission } = options
  const edits = editFastPathOf(hocuspocus)

  wss.on('connection', (socket, request: IncomingMessage) => {
    const address = clientAddress(request, options.clientAddressHeader)
    const webRequest = toWebRequest(request, address)
    admission.admit(address, socket, request.socket, webRequest)
    const connection = hocuspocus.handleConnection(socket, webRequest)
    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        socket.close(CloseCodes.unsupportedData.code, CloseCodes.unsupportedData.reason)
        return
      }
      const bytes = toBytes(data)
      // Only presence goes to the presence path (it would decode the address of every edit too).
      const presence = messageType(bytes) === AWARENESS
      if ((presence && options.fastPath?.(socket, bytes)) || edits?.(socket, bytes)) {
        // Hocuspocus closes a socket it has heard nothing from for a minute; frames the fast
        // paths handle never reach it, so they count here (presence alone keeps a tab open).
        connection.lastMessageReceivedAt = Date.now()
        return
      }
      connection.handleMessage(bytes)
    })
    socket.on('close', (code, reason) => {
      connection.handleClose({ code, reason: reason.toString() })
    })
    // ws reports protocol errors (oversized or malformed frames) here and closes the socket
    // itself; the handler only keeps them from becoming uncaught exceptions.
    socket.on('error', () => {})
  })

  return {
    handleUpgrade(request, socket, head) {
      let pathname: string
      try {
        pathname = new URL(request.url ?? '/', 'http://localhost').pathname
      } catch {
        // A target that is no URL (`GET http://[`) threw out of the upgrade listener: a crash.
        refuseUpgrade(socket, '400 Bad Request', 'The request target is not a valid URL')
        return true
      }
      if (pathname !== COLLAB_PATH) return false
      const refusal = admission.refusal(clientAddress(request, options.clientAddressHeader))
      if (refusal) {
        // Before the upgrade, so a refused socket costs no WebSocket state at all.
        refuseUpgrade(socket, '429 Too Many Requests', refusal, 'Retry-After: 5\r\n')
        return true
      }
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
      return true
    },
    async close() {
      for (const socket of wss.clients) {
        socket.close(CloseCodes.goingAway.code, CloseCodes.goingAway.reason)
      }
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    },
    get size() {
      return wss.clients.size
    },
  }
}
