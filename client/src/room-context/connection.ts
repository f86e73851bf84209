import {
  HocuspocusProvider,
  HocuspocusProviderWebsocket,
  WebSocketStatus,
} from '@hocuspocus/provider'
import { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'
import type { BuyerRole } from '../../../shared/src/access.ts'
import { rooms } from '../../../shared/src/api/index.ts'
import {
  CloseCodes,
  COLLAB_PATH,
  type DocumentKind,
  documentName,
  parseWriteRefusal,
  SCHEMA_PARAM,
} from '../../../shared/src/protocol.ts'
import { SCHEMA_VERSION } from '../../../shared/src/room/index.ts'
import { ROOM_ENDED } from '../../../shared/src/stages.ts'
import { ApiError, call } from '../api.ts'
import { ThrottledAwareness } from './throttled-awareness.ts'

/**
 * `connecting` is the first connection; `reconnecting` is the socket back after a drop, before
 * the room has re-synced (edits made meanwhile are kept on this device and sent once it has).
 */
export type SyncState = 'loading' | 'connecting' | 'reconnecting' | 'synced' | 'saving' | 'offline'

export interface ConnectionState {
  sync: SyncState
  /**
   * The room can be shown: it came from this device's copy (IndexedDB) or has synced once. It
   * never goes back to false, so a reconnect never takes away what someone is working on.
   */
  opened: boolean
  /** Why the server refused us, once it has (revoked, closed, not a member…). */
  refused: string | null
}

const ACCESS_REVOKED = 'Your access to this room was revoked.'
// Archived (closed) rooms: the kind page of workspace/RoomEnded.tsx is shown for this message.
const ROOM_CLOSED = ROOM_ENDED

/** What the page is told that it must act on. */
export interface ConnectionEvents {
  /**
   * The server refused a change (the write rules, a size limit, a role lowered while offline).
   * This device's copy of that document is already cleared: open the room again to start from
   * the server's copy, and tell the person why.
   */
  writeRefused(message: string): void
  /** The person's role changed: read the room's details (and so their rights) again. */
  roleChanged(): void
}

/** Where this person's offline copy of this room lives: one IndexedDB database each. */
export const localDatabaseName = (personId: string, roomId: string) =>
  `quorum:${personId}:${roomId}`

/**
 * Where this person's offline copies of the room's page images live (documents/page-cache.ts):
 * one Cache Storage each, deleted with the room's copy when access ends.
 */
export const localPagesCacheName = (personId: string, roomId: string) =>
  `quorum-pages:${personId}:${roomId}`

/**
 * One room's live document: loaded from this device first (so it opens offline), then synced
 * through Hocuspocus. Created in an effect and destroyed on unmount, never during render
 * (StrictMode renders twice; two providers would open the same document twice).
 */
export class RoomConnection {
  readonly doc = new Y.Doc()
  readonly awareness = new ThrottledAwareness(this.doc)
  /** The seller team's own document (`room.<id>.internal`): seller-only threads. Null for buyers. */
  readonly internalDoc: Y.Doc | null
  provider: HocuspocusProvider | null = null
  private internalProvider: HocuspocusProvider | null = null
  private internalPersistence: IndexeddbPersistence | null = null
  private socket: HocuspocusProviderWebsocket | null = null
  /** Set once a connection attempt has failed or dropped: from then on, "not connected" is offline. */
  private lostConnection = false
  /** This device's copy of the room; none in a preview, which must not mix with the seller's. */
  private persistence: IndexeddbPersistence | null
  private state: ConnectionState = { sync: 'loading', opened: false, refused: null }
  private readonly listeners = new Set<() => void>()
  private destroyed = false
  private tokenRefused: string | null = null
  private resetting = false

  constructor(
    readonly roomId: string,
    readonly personId: string,
    sellerTeam = false,
    private readonly events: Partial<ConnectionEvents> = {},
    /** "View as buyer": the room as this role sees it, read-only, from the server alone. */
    readonly previewAs: BuyerRole | null = null,
  ) {
    this.persistence = previewAs
      ? null
      : new IndexeddbPersistence(localDatabaseName(personId, roomId), this.doc)
    this.internalDoc = sellerTeam && !previewAs ? new Y.Doc() : null
    if (this.internalDoc) {
      this.internalPersistence = new IndexeddbPersistence(
        `${localDatabaseName(personId, roomId)}:internal`,
        this.internalDoc,
      )
    }
  }

  async start(): Promise<void> {
    await this.persistence?.whenSynced
    if (this.destroyed) return
    this.update({
      opened: this.doc.share.size > 0 && this.doc.store.clients.size > 0,
      sync: 'connecting',
    })

    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
    const socket = new HocuspocusProviderWebsocket({
      url: `${scheme}://${window.location.host}${COLLAB_PATH}?${SCHEMA_PARAM}=${SCHEMA_VERSION}`,
      // Reconnect quickly after a network drop; the default backs off to 30 s.
      delay: 500,
      // The retry library rejects a minDelay above delay (its default is 1 s): keep them in order.
      minDelay: 300,
      factor: 1.5,
      maxDelay: 4000,
    })
    this.socket = socket
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: documentName(this.roomId),
      document: this.doc,
      awareness: this.awareness,
      token: () => this.fetchToken(),
      onStatus: ({ status }) => {
        if (status === WebSocketStatus.Disconnected) this.lostConnection = true
        this.refresh()
      },
      onSynced: () => this.refresh(),
      onClose: ({ event }) => {
        // The server closes a socket with 4403 when access ends (revoked, room closed).
        if (event.code === CloseCodes.accessRevoked.code)
          this.endAccess(
            event.reason === CloseCodes.roomClosed.reason ? ROOM_CLOSED : ACCESS_REVOKED,
          )
        else if (event.reason === CloseCodes.roleChanged.reason) this.events.roleChanged?.()
      },
      onStateless: ({ payload }) => this.onStateless(payload, 'shared'),
      onUnsyncedChanges: () => this.refresh(),
      onAuthenticationFailed: ({ reason }) => {
        // A token we could not fetch because the network is down is not a refusal.
        if (this.tokenRefused !== null || !reason.startsWith('Failed to get token')) {
          this.endAccess(
            this.tokenRefused ?? (reason === 'room-closed' ? ROOM_CLOSED : ACCESS_REVOKED),
          )
        }
      },
    })
    this.provider = provider
    provider.attach()
    if (this.internalDoc) {
      // The seller team's document rides on the same socket; no presence of its own.
      this.internalProvider = new HocuspocusProvider({
        websocketProvider: socket,
        name: documentName(this.roomId, 'internal'),
        document: this.internalDoc,
        awareness: null,
        token: () => this.fetchToken(),
        onStateless: ({ payload }) => this.onStateless(payload, 'internal'),
      })
      this.internalProvider.attach()
    }
    window.addEventListener('online', this.reconnectNow)
    window.addEventListener('offline', this.refresh)
    this.refresh()
  }

  /** Access ended: stop reconnecting and say why. */
  private endAccess(message: string): void {
    this.update({ refused: message })
    // What this device kept of the room goes too: access ended means the copy should not stay.
    void this.persistence?.clearData()
    void this.internalPersistence?.clearData()
    if (typeof caches !== 'undefined')
      void caches.delete(localPagesCacheName(this.personId, this.roomId)).catch(() => false)
    this.internalProvider?.destroy()
    this.internalProvider = null
    this.provider?.destroy()
    this.socket?.destroy()
    this.provider = null
    this.socket = null
  }

  /**
   * A refused update leaves this replica holding a change the server never took, and Yjs cannot
   * take it back: the document's copy on this device is cleared and the page opens the room
   * again from the server's copy (the other document keeps its unsent edits).
   */
  private onStateless(payload: string, kind: DocumentKind): void {
    const refusal = parseWriteRefusal(payload)
    if (!refusal || this.resetting) return
    this.resetting = true
    this.internalProvider?.destroy()
    this.provider?.destroy()
    this.socket?.destroy()
    const copy = kind === 'internal' ? this.internalPersistence : this.persistence
    void (copy?.clearData() ?? Promise.resolve()).finally(() => {
      if (!this.destroyed) this.events.writeRefused?.(refusal.message)
    })
  }

  private async fetchToken(): Promise<string> {
    try {
      const params = { roomId: this.roomId }
      const { token } = this.previewAs
        ? await call(rooms.mintPreviewToken, { params, body: { role: this.previewAs } })
        : await call(rooms.mintRoomToken, { params })
      this.tokenRefused = null
      return token
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) this.tokenRefused = error.message
      throw error
    }
  }

  private reconnectNow = () => {
    if (this.socket?.status === WebSocketStatus.Disconnected) void this.socket.connect()
    this.refresh()
  }

  private refresh = () => {
    const { provider, socket } = this
    if (!provider || !socket) return
    const connected = socket.status === WebSocketStatus.Connected
    let sync: SyncState
    if (!navigator.onLine || (!connected && this.lostConnection)) sync = 'offline'
    else if (!connected || !provider.isSynced)
      sync = this.lostConnection ? 'reconnecting' : 'connecting'
    else sync = provider.hasUnsyncedChanges ? 'saving' : 'synced'
    this.update({ sync, opened: this.state.opened || provider.isSynced })
  }

  private update(patch: Partial<ConnectionState>): void {
    const next = { ...this.state, ...patch }
    if (
      next.sync === this.state.sync &&
      next.opened === this.state.opened &&
      next.refused === this.state.refused
    )
      return
    this.state = next
    for (const listener of this.listeners) listener()
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getState = (): ConnectionState => this.state

  destroy(): void {
    this.destroyed = true
    window.removeEventListener('online', this.reconnectNow)
    window.removeEventListener('offline', this.refresh)
    this.internalProvider?.destroy()
    this.provider?.destroy()
    this.socket?.destroy()
    this.awareness.destroy()
    void this.persistence?.destroy()
    void this.internalPersistence?.destroy()
    this.doc.destroy()
    this.internalDoc?.destroy()
  }
}
