import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { onTestFinished } from 'vitest'
import WebSocket from 'ws'
import { parseWriteRefusal, type WriteRefusal } from '../../../shared/src/protocol.ts'

/** Hocuspocus message types (server/src/types.ts there), as the wire carries them. */
export const Wire = {
  sync: 0,
  awareness: 1,
  auth: 2,
  stateless: 5,
  close: 7,
  syncStatus: 8,
} as const

export interface RawMessage {
  document: string
  type: number
  /** For auth replies: 'authenticated' or 'denied'; for sync status: applied or not. */
  auth?: { ok: boolean; detail: string }
  applied?: boolean
  /** For stateless messages: the payload; for a document's close: the reason. */
  text?: string
}

function decode(data: Uint8Array): RawMessage {
  const decoder = decoding.createDecoder(data)
  const document = decoding.readVarString(decoder)
  const type = decoding.readVarUint(decoder)
  if (type === Wire.auth) {
    const kind = decoding.readVarUint(decoder)
    return { document, type, auth: { ok: kind === 2, detail: decoding.readVarString(decoder) } }
  }
  if (type === Wire.syncStatus)
    return { document, type, applied: decoding.readVarUint(decoder) === 1 }
  if (type === Wire.stateless || type === Wire.close)
    return { document, type, text: decoding.readVarString(decoder) }
  return { document, type }
}

export function frame(
  document: string,
  type: number,
  write: (encoder: encoding.Encoder) => void,
): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, document)
  encoding.writeVarUint(encoder, type)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

export const authFrame = (document: string, token: string) =>
  frame(document, Wire.auth, (e) => {
    encoding.writeVarUint(e, 0)
    encoding.writeVarString(e, token)
  })

/** A y-protocols "update" sync message carrying these bytes (valid or not). */
export const updateFrame = (document: string, update: Uint8Array) =>
  frame(document, Wire.sync, (e) => {
    encoding.writeVarUint(e, 2)
    encoding.writeVarUint8Array(e, update)
  })

/** A y-protocols SyncStep2 (what a client answers the server's SyncStep1 with) of these bytes. */
export const syncStep2Frame = (document: string, update: Uint8Array) =>
  frame(document, Wire.sync, (e) => {
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint8Array(e, update)
  })

export const syncStep1Frame = (document: string, stateVector: Uint8Array) =>
  frame(document, Wire.sync, (e) => {
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint8Array(e, stateVector)
  })

/**
 * A hand-driven WebSocket client speaking the Hocuspocus wire format: for the tests that must
 * send what a real provider never would.
 */
export class RawClient {
  readonly messages: RawMessage[] = []
  readonly closed: Promise<{ code: number; reason: string }>
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      try {
        this.messages.push(decode(new Uint8Array(data)))
      } catch {
        this.messages.push({ document: '', type: -1 })
      }
    })
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    })
    socket.on('error', () => {})
  }

  /** `options` as ws takes them: e.g. `localAddress` to connect from another loopback address. */
  static async open(url: string, options?: WebSocket.ClientOptions): Promise<RawClient> {
    const socket = new WebSocket(url, options)
    const client = new RawClient(socket)
    onTestFinished(() => socket.terminate())
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    return client
  }

  send(data: Uint8Array | string): void {
    this.socket.send(data)
  }

  /** Waits for the first message (after those already seen) matching `predicate`. */
  async next(predicate: (message: RawMessage) => boolean, timeoutMs = 5000): Promise<RawMessage> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.messages.find(predicate)
      if (found) {
        this.messages.splice(this.messages.indexOf(found), 1)
        return found
      }
      if (Date.now() > deadline)
        throw new Error(`no matching message; saw ${JSON.stringify(this.messages)}`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  /** Authenticates on a document and returns the server's verdict. */
  async authenticate(document: string, token: string): Promise<{ ok: boolean; detail: string }> {
    this.send(authFrame(document, token))
    const reply = await this.next((m) => m.document === document && m.type === Wire.auth)
    return reply.auth ?? { ok: false, detail: 'no auth reply' }
  }

  /** Sends an update and returns whether the server says it applied it. */
  async sendUpdate(document: string, update: Uint8Array): Promise<boolean> {
    return (await this.tryUpdate(document, update)).applied
  }

  /**
   * Sends an update and returns the server's verdict: applied (acknowledged), or refused — with
   * the write guard's refusal (a stateless message, then the document is closed) when it gave one.
   */
  async tryUpdate(
    document: string,
    update: Uint8Array,
  ): Promise<{ applied: boolean; refusal: WriteRefusal | null }> {
    this.send(updateFrame(document, update))
    const reply = await this.next(
      (m) =>
        m.document === document &&
        (m.type === Wire.syncStatus ||
          (m.type === Wire.stateless && parseWriteRefusal(m.text ?? '') !== null)),
    )
    if (reply.type === Wire.syncStatus) return { applied: reply.applied === true, refusal: null }
    await this.next((m) => m.document === document && m.type === Wire.close)
    return { applied: false, refusal: parseWriteRefusal(reply.text ?? '') }
  }
}

/** An awareness frame setting these client states (a `null` state is a removal). */
export const awarenessFrame = (
  document: string,
  entries: Array<{ clientId: number; clock: number; state: unknown }>,
) =>
  frame(document, Wire.awareness, (e) => {
    const inner = encoding.createEncoder()
    encoding.writeVarUint(inner, entries.length)
    for (const entry of entries) {
      encoding.writeVarUint(inner, entry.clientId)
      encoding.writeVarUint(inner, entry.clock)
      encoding.writeVarString(inner, JSON.stringify(entry.state))
    }
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
  })
