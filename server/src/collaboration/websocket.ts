import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Hocuspocus } from '@hocuspocus/server'
import { type RawData, WebSocketServer } from 'ws'
import { CloseCodes, COLLAB_PATH } from '../../../shared/src/protocol.ts'
import type { QuorumContext } from './context.ts'

export const CLIENT_IP_HEADER = 'x-quorum-client-ip'

/** A Node request as the web `Request` Hocuspocus 4 hooks expect. */
function toWebRequest(request: IncomingMessage): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else if (value !== undefined) headers.set(name, value)
  }
  // The socket's address, for the audit log; a client-sent header of that name is replaced.
  headers.set(CLIENT_IP_HEADER, request.socket.remoteAddress ?? '')
  return new Request(new URL(request.url ?? '/', 'http://localhost'), { headers })
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
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
 * are buffered.
 */
export function collabSocketServer(
  hocuspocus: Hocuspocus<QuorumContext>,
  options: {
    maxMessageBytes: number
    /** Handles a frame itself (presence of established connections); true when it did. */
    fastPath?: (socket: unknown, message: Uint8Array) => boolean
  },
): CollabSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes })

  wss.on('connection', (socket, request: IncomingMessage) => {
    const connection = hocuspocus.handleConnection(socket, toWebRequest(request))
    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        socket.close(CloseCodes.unsupportedData.code, CloseCodes.unsupportedData.reason)
        return
      }
      const bytes = toBytes(data)
      if (options.fastPath?.(socket, bytes)) return
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
      const { pathname } = new URL(request.url ?? '/', 'http://localhost')
      if (pathname !== COLLAB_PATH) return false
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
