import {
  HocuspocusProvider,
  HocuspocusProviderWebsocket,
  WebSocketStatus,
} from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as Y from 'yjs'
import type { Role } from '../../../../shared/src/access.ts'
import {
  CloseCodes,
  type DocumentKind,
  documentName,
  parseWriteRefusal,
  SCHEMA_PARAM,
} from '../../../../shared/src/protocol.ts'
import { SCHEMA_VERSION } from '../../../../shared/src/room/index.ts'

/** Someone in the fuzzed room: who they are and the collaboration token they connect with. */
export interface Person {
  /** A stable name for the run's log ("owner", "champion"…). */
  alias: string
  personId: string
  name: string
  role: Role
  token: string
}

/** One document of a peer: its Y.Doc and the provider that syncs it. */
export interface Replica {
  kind: DocumentKind
  doc: Y.Doc
  provider: HocuspocusProvider
}

export interface PeerOptions {
  roomId: string
  url: string
  /** A Yjs client id no other replica of the run uses (chosen by the seeded random source). */
  clientId: () => number
  /** Called with a sentence when the server refuses something this peer did. */
  problem: (message: string) => void
}

/**
 * A person's browser tab, as the web app opens it (client/src/room-context/connection.ts): one socket,
 * the room document on it and, for the seller team, the internal document on the same socket.
 * It can drop offline (edits keep landing in its documents), come back, or be closed and opened
 * again (its documents are lost and it starts from the server's copy).
 */
export class Peer {
  socket: HocuspocusProviderWebsocket
  shared: Replica
  internal: Replica | null
  online = true
  /** Updates this tab made since the server last acknowledged everything (to explain a refusal). */
  written: Record<DocumentKind, Uint8Array[]> = { shared: [], internal: [] }
  /** How many times the tab was opened again: a new tab is a new set of Yjs client ids. */
  opened = 0

  constructor(
    readonly person: Person,
    private readonly options: PeerOptions,
  ) {
    const tab = this.open()
    this.socket = tab.socket
    this.shared = tab.shared
    this.internal = tab.internal
  }

  get writes(): boolean {
    return this.person.role !== 'viewer'
  }

  get sellerTeam(): boolean {
    return this.person.role === 'owner' || this.person.role === 'seller'
  }

  replicas(): Replica[] {
    return this.internal ? [this.shared, this.internal] : [this.shared]
  }

  replica(kind: DocumentKind): Replica | null {
    return kind === 'shared' ? this.shared : this.internal
  }

  /** The server has applied every change of every document of this tab. */
  acknowledged(): boolean {
    return this.replicas().every(
      ({ provider }) => provider.isAuthenticated && provider.synced && !provider.hasUnsyncedChanges,
    )
  }

  /**
   * The network drops: the socket is cut at once, so nothing more arrives, not even what the
   * server was about to send (a polite close would still deliver it, at a moment no seed decides).
   */
  goOffline(): void {
    this.online = false
    const connection = this.socket.webSocket
    this.socket.disconnect()
    if (connection instanceof WebSocket) connection.terminate()
  }

  goOnline(): void {
    this.online = true
    this.reconnect()
  }

  /**
   * Connects now if the socket is idle; otherwise wanting a connection is enough: a socket still
   * closing reconnects once closed, and one connecting keeps trying with the current address. (A
   * connect() while connecting would close the half-open socket, which ws reports as an uncaught
   * error.)
   */
  reconnect(): void {
    this.socket.shouldConnect = true
    if (this.socket.status === WebSocketStatus.Disconnected) void this.socket.connect()
  }

  /** Where the server listens now (a restarted server has a new port). */
  pointAt(url: string): void {
    this.options.url = url
    this.socket.setConfiguration({ url: this.address() })
    if (this.online) this.reconnect()
  }

  /** The tab is closed, with whatever it had not sent, and opened again, online. */
  reopen(): void {
    this.close()
    this.written = { shared: [], internal: [] }
    this.opened += 1
    this.online = true
    const tab = this.open()
    this.socket = tab.socket
    this.shared = tab.shared
    this.internal = tab.internal
  }

  /** The tab is closed for good (reopen() opens it again). */
  close(): void {
    this.online = false
    for (const { provider } of this.replicas()) provider.destroy()
    this.socket.destroy()
  }

  private address(): string {
    return `${this.options.url}?${SCHEMA_PARAM}=${SCHEMA_VERSION}`
  }

  private open(): {
    socket: HocuspocusProviderWebsocket
    shared: Replica
    internal: Replica | null
  } {
    const socket = new HocuspocusProviderWebsocket({
      url: this.address(),
      WebSocketPolyfill: WebSocket,
      delay: 50,
      minDelay: 50,
      maxDelay: 300,
    })
    const shared = this.attach(socket, 'shared')
    const internal = this.sellerTeam ? this.attach(socket, 'internal') : null
    return { socket, shared, internal }
  }

  private attach(socket: HocuspocusProviderWebsocket, kind: DocumentKind): Replica {
    const doc = new Y.Doc()
    // Set before the provider reads it for presence; the seeded id makes concurrent merges replay.
    doc.clientID = this.options.clientId()
    const where = `${this.person.alias} (${kind} document)`
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: documentName(this.options.roomId, kind),
      document: doc,
      token: this.person.token,
      // The internal document carries no presence, as in the web app.
      ...(kind === 'internal' ? { awareness: null } : {}),
      onStateless: ({ payload }) => {
        const refusal = parseWriteRefusal(payload)
        if (refusal) this.options.problem(`${where}: ${refusal.code}: ${refusal.message}`)
      },
      onClose: ({ event }) => {
        if (event.reason === CloseCodes.writeRefused.reason)
          this.options.problem(`${where}: the server closed the document: ${event.reason}`)
      },
      onAuthenticationFailed: ({ reason }) =>
        this.options.problem(`${where}: authentication failed: ${reason}`),
    })
    provider.attach()
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== provider) this.written[kind].push(update)
    })
    return { kind, doc, provider }
  }
}
