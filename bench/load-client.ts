import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'

export type Protocol = 'hocuspocus' | 'y-websocket'

export interface ClientSpec {
  url: string
  protocol: Protocol
  document: string
  token: string
  writer: boolean
  /** Sends presence once a second (load (d) measures edits alone and sends none). */
  presence: boolean
  /** Content this client brings into an empty room (the reference servers start rooms empty). */
  seed?: Uint8Array
}

export interface ClientStats {
  connectToSyncedMs: number | null
  sent: number
  /** Latencies of edits received from other clients (ms, same machine clock). */
  latencies: number[]
  errors: number
  /** The socket closed while the client still wanted it (a dropped connection). */
  dropped: boolean
}

const SYNC = 0
const AWARENESS = 1
const AUTH = 2

/**
 * The machine's clock in milliseconds to a tenth, the same in every worker thread of the process
 * (Date.now() counts whole milliseconds, too coarse for fan-out medians of a few ms).
 */
const clock = () => performance.timeOrigin + performance.now()

/** A send time as the text an edit types: 13 digits, a tenth and a space. */
const STAMP = /(\d{13}\.\d) /g

/**
 * The text of the first paragraph of the business case (the "Problem" section's prompt in the
 * template), where writers type: the most common edit in a room, and one every write rule allows.
 */
function typingTarget(doc: Y.Doc): Y.XmlText | null {
  for (const block of doc.getXmlFragment('businessCase').toArray()) {
    if (!(block instanceof Y.XmlElement) || block.nodeName !== 'paragraph') continue
    const text = block.get(0)
    return text instanceof Y.XmlText ? text : null
  }
  return null
}

/**
 * One collaborating client speaking either wire format, lean enough to run thousands per worker:
 * a Y.Doc, the sync protocol, presence once a second, and (for writers) two edits a second, each
 * typing its send time at the end of a paragraph of the business case, so readers measure fan-out
 * latency on the machine's one clock.
 */
export class LoadClient {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly stats: ClientStats = {
    connectToSyncedMs: null,
    sent: 0,
    latencies: [],
    errors: 0,
    dropped: false,
  }
  private closing = false
  private socket: WebSocket | null = null
  private timers: NodeJS.Timeout[] = []
  private openedAt = 0

  constructor(readonly spec: ClientSpec) {
    // Applied before connecting: the sync handshake hands it to the server.
    if (spec.seed) Y.applyUpdate(this.doc, spec.seed)
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return
      this.send((encoder) => {
        encoding.writeVarUint(encoder, SYNC)
        syncProtocol.writeUpdate(encoder, update)
      })
    })
    this.doc.getXmlFragment('businessCase').observeDeep((events, transaction) => {
      // Only edits from the server; the initial sync (before the edits start) carries no stamps.
      if (transaction.origin !== this) return
      const receivedAt = clock()
      for (const event of events) {
        if (!(event.target instanceof Y.XmlText)) continue
        for (const part of event.delta) {
          if (typeof part.insert !== 'string') continue
          for (const match of part.insert.matchAll(STAMP))
            this.stats.latencies.push(receivedAt - Number(match[1]))
        }
      }
    })
  }

  private send(write: (encoder: encoding.Encoder) => void): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return
    const encoder = encoding.createEncoder()
    if (this.spec.protocol === 'hocuspocus') encoding.writeVarString(encoder, this.spec.document)
    write(encoder)
    this.socket.send(encoding.toUint8Array(encoder))
  }

  connect(): Promise<void> {
    this.openedAt = Date.now()
    const url =
      this.spec.protocol === 'y-websocket'
        ? `${this.spec.url}/${this.spec.document}`
        : this.spec.url
    const socket = new WebSocket(url)
    socket.binaryType = 'nodebuffer'
    this.socket = socket
    return new Promise((resolve, reject) => {
      let synced = false
      const done = () => {
        if (synced) return
        synced = true
        this.stats.connectToSyncedMs = Date.now() - this.openedAt
        resolve()
      }
      socket.on('close', () => {
        if (!this.closing) this.stats.dropped = true
      })
      socket.on('error', (error) => {
        this.stats.errors++
        if (!synced) reject(error)
      })
      socket.on('open', () => {
        if (this.spec.protocol === 'hocuspocus') {
          this.send((encoder) => {
            encoding.writeVarUint(encoder, AUTH)
            encoding.writeVarUint(encoder, 0)
            encoding.writeVarString(encoder, this.spec.token)
          })
        }
        this.send((encoder) => {
          encoding.writeVarUint(encoder, SYNC)
          syncProtocol.writeSyncStep1(encoder, this.doc)
        })
      })
      socket.on('message', (data: Buffer) => {
        try {
          const decoder = decoding.createDecoder(new Uint8Array(data))
          if (this.spec.protocol === 'hocuspocus') decoding.readVarString(decoder)
          const type = decoding.readVarUint(decoder)
          if (type === SYNC || type === 4) {
            const encoder = encoding.createEncoder()
            if (this.spec.protocol === 'hocuspocus')
              encoding.writeVarString(encoder, this.spec.document)
            encoding.writeVarUint(encoder, SYNC)
            const kind = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this)
            if (
              encoding.length(encoder) >
              (this.spec.protocol === 'hocuspocus' ? this.spec.document.length + 2 : 1)
            ) {
              this.socket?.send(encoding.toUint8Array(encoder))
            }
            if (kind === syncProtocol.messageYjsSyncStep2) done()
          } else if (type === AWARENESS) {
            awarenessProtocol.applyAwarenessUpdate(
              this.awareness,
              decoding.readVarUint8Array(decoder),
              this,
            )
          }
        } catch {
          this.stats.errors++
        }
      })
    })
  }

  /** Starts presence (1/s, unless the load has none) and, for writers, edits (2/s). */
  start(): void {
    let tick = 0
    if (this.spec.presence)
      this.timers.push(
        setInterval(() => {
          this.awareness.setLocalState({ user: { name: 'bench' }, section: 'plan', tick: tick++ })
          this.send((encoder) => {
            encoding.writeVarUint(encoder, AWARENESS)
            encoding.writeVarUint8Array(
              encoder,
              awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]),
            )
          })
        }, 1000),
      )
    const target = this.spec.writer ? typingTarget(this.doc) : null
    if (this.spec.writer && !target) this.stats.errors++
    if (target) {
      this.timers.push(
        setInterval(() => {
          this.stats.sent++
          target.insert(target.length, `${clock().toFixed(1)} `)
        }, 500),
      )
    }
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer)
    this.timers = []
  }

  close(): void {
    this.closing = true
    this.stop()
    this.socket?.terminate()
  }
}
