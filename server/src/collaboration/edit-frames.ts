import { Socket } from 'node:net'
import type { Connection, Document } from '@hocuspocus/server'
import { OutgoingMessage } from '@hocuspocus/server'

/** y-protocols' sync message and its "update" step, and Hocuspocus's acknowledgement. */
const SYNC = 0
const SYNC_UPDATE = 2
const SYNC_STATUS = 8
/** Updates past this size are written after their message's head, not copied per connection. */
const COPY_UP_TO = 16 * 1024
/** ws's OPEN ready state, and its sender's state when nothing is being compressed or read. */
const OPEN = 1
const SENDER_IDLE = 0

const varUintSize = (value: number) =>
  value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5

/** lib0's variable-length unsigned integer; returns the offset after it. */
function writeVarUint(target: Buffer, offset: number, value: number): number {
  let rest = value
  let at = offset
  while (rest > 0x7f) {
    target[at++] = 0x80 | (rest & 0x7f)
    rest = Math.floor(rest / 0x80)
  }
  target[at++] = rest
  return at
}

/** An unmasked, final, binary WebSocket frame's header (RFC 6455 §5.2), as a server sends it. */
const headerSize = (length: number) => (length <= 125 ? 2 : length <= 0xffff ? 4 : 10)
function writeHeader(target: Buffer, offset: number, length: number): number {
  target[offset] = 0x82
  if (length <= 125) {
    target[offset + 1] = length
    return offset + 2
  }
  if (length <= 0xffff) {
    target[offset + 1] = 126
    target.writeUInt16BE(length, offset + 2)
    return offset + 4
  }
  target[offset + 1] = 127
  target.writeUInt32BE(Math.floor(length / 0x100000000), offset + 2)
  target.writeUInt32BE(length >>> 0, offset + 6)
  return offset + 10
}

/** A connection's message address (`documentName\0sessionId`) as it starts its messages. */
function writeAddress(target: Buffer, offset: number, address: string, length: number): number {
  const at = writeVarUint(target, offset, length)
  return at + target.write(address, at)
}

interface WsInternals {
  readyState?: unknown
  _socket?: unknown
  _sender?: { _state?: unknown; _queue?: unknown }
  _extensions?: unknown
}

/**
 * The TCP stream under a ws socket that nothing else is writing to right now: open, nothing
 * queued in ws's sender (it queues behind a compression or a Blob being read), no compression
 * negotiated (its frames would be compressed). Null otherwise, or for anything that is not ws
 * (private fields of ws 8; if a later version renames them, messages go through `send`).
 */
function streamOf(connection: Connection): Socket | null {
  const ws = connection.webSocket as WsInternals
  if (ws.readyState !== OPEN) return null
  const sender = ws._sender
  const queue = sender?._queue
  if (sender?._state !== SENDER_IDLE || !Array.isArray(queue) || queue.length > 0) return null
  const extensions = ws._extensions
  if (typeof extensions !== 'object' || extensions === null || 'permessage-deflate' in extensions)
    return null
  const stream = ws._socket
  return stream instanceof Socket && stream.writable && !stream.destroyed ? stream : null
}

/**
 * Sends a turn's edits of a document (`update`, Yjs's encoding of what was applied) to every
 * connection on it, and acknowledges each writer's applied edits (`acknowledged`: how many) right
 * after the edits it receives, in the same write.
 *
 * What Hocuspocus's broadcast does, without its cost per connection: it encodes the whole message
 * anew for every connection (each has its own address), and ws frames it with a header of its own
 * in a second buffer, written through a corked stream (a `writev`). Here the part after the address
 * is laid out once, and each connection gets one buffer — WebSocket frame header, address, message
 * — written in one `write`. A connection whose socket ws is busy with, or is closing, gets its
 * messages through Hocuspocus's `send` as usual.
 */
export function sendEdits(
  document: Document,
  update: Uint8Array,
  acknowledged: ReadonlyMap<Connection, number>,
): void {
  const copied = update.byteLength <= COPY_UP_TO
  for (const connection of document.connections.keys()) {
    const acknowledgements = acknowledged.get(connection) ?? 0
    const stream = streamOf(connection)
    if (stream === null) {
      sendThroughHocuspocus(connection, update, acknowledgements)
      continue
    }
    // Hocuspocus builds the address anew for every message too; kept, it would cost memory on
    // every connection for a few bytes of encoding per message.
    const address = connection.messageAddress
    const addressLength = Buffer.byteLength(address)
    const addressBytes = varUintSize(addressLength) + addressLength
    // The message: its address, the sync message type and step (a byte each), the update.
    const length = addressBytes + 2 + varUintSize(update.byteLength) + update.byteLength
    const headLength = headerSize(length) + length - update.byteLength
    const ackLength = addressBytes + 2
    const acksLength = acknowledgements * (headerSize(ackLength) + ackLength)
    const frames = Buffer.allocUnsafe(headLength + (copied ? update.byteLength : 0) + acksLength)
    let at = writeHeader(frames, 0, length)
    at = writeAddress(frames, at, address, addressLength)
    frames[at++] = SYNC
    frames[at++] = SYNC_UPDATE
    at = writeVarUint(frames, at, update.byteLength)
    if (copied) {
      frames.set(update, at)
      at += update.byteLength
    }
    for (let i = 0; i < acknowledgements; i++) {
      at = writeHeader(frames, at, ackLength)
      at = writeAddress(frames, at, address, addressLength)
      frames[at++] = SYNC_STATUS
      frames[at++] = 1
    }
    if (copied) {
      stream.write(frames)
      continue
    }
    // A large update is written after its head, not copied for every connection.
    stream.cork()
    stream.write(frames.subarray(0, headLength))
    stream.write(update)
    if (acksLength > 0) stream.write(frames.subarray(headLength))
    stream.uncork()
  }
}

/** The same messages through Hocuspocus's `send` (ws frames them; a closing socket is closed). */
function sendThroughHocuspocus(
  connection: Connection,
  update: Uint8Array,
  acknowledgements: number,
): void {
  connection.send(
    new OutgoingMessage(connection.messageAddress)
      .createSyncMessage()
      .writeUpdate(update)
      .toUint8Array(),
  )
  for (let i = 0; i < acknowledgements; i++) {
    connection.send(
      new OutgoingMessage(connection.messageAddress).writeSyncStatus(true).toUint8Array(),
    )
  }
}
