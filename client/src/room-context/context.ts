import { createContext, useContext, useMemo, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { ROOM_SECTIONS } from '../../../shared/src/sections.ts'
import type { MemberInfo, RoomDetails } from '../api.ts'
import type { ConnectionState, RoomConnection } from './connection.ts'

/** The room's sections (tabs): one list, in shared/src/sections.ts. */
export type { Section } from '../../../shared/src/sections.ts'
export const SECTIONS = ROOM_SECTIONS

export interface RoomContextValue {
  connection: RoomConnection
  details: RoomDetails
  /** Whether this person may change the room (everyone but viewers): `mayEditRoom`. */
  canEdit: boolean
  /**
   * Seller team or champion: keeps the stakeholder map and chooses signers (`mayManagePeople`).
   * The server's write rules (shared/src/room/write-rules.ts) refuse the rest.
   */
  canManagePeople: boolean
  /** Seller team: sees the Insights tab. */
  canSeeInsights: boolean
  color: string
  memberById: Map<string, MemberInfo>
  /** Fetches the room details (members, roles) again, e.g. after an invitation. */
  refreshDetails: () => void
}

export const RoomContext = createContext<RoomContextValue | null>(null)

export function useRoom(): RoomContextValue {
  const value = useContext(RoomContext)
  if (!value) throw new Error('useRoom outside a room')
  return value
}

// Each document gets a version number that moves on every update, so React can tell cheaply
// whether anything it read may have changed.
const versions = new WeakMap<
  Y.Doc,
  { version: number; subscribe: (listener: () => void) => () => void }
>()

/** A version number per document that moves on every update, with a way to listen for it. */
export function docVersion(doc: Y.Doc) {
  let entry = versions.get(doc)
  if (!entry) {
    const listeners = new Set<() => void>()
    const state = { version: 0 }
    doc.on('update', () => {
      state.version++
      for (const listener of listeners) listener()
    })
    entry = {
      get version() {
        return state.version
      },
      subscribe(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    }
    versions.set(doc, entry)
  }
  return entry
}

/** Reads from the room document and re-reads whenever it changes (locally or from anyone). */
export function useDocValue<T>(read: (doc: Y.Doc) => T, deps: readonly unknown[] = []): T {
  const { connection } = useRoom()
  const doc = connection.doc
  const entry = docVersion(doc)
  const version = useSyncExternalStore(entry.subscribe, () => entry.version)
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read when the document version or the caller's inputs change
  return useMemo(() => read(doc), [doc, version, ...deps])
}

export function useConnectionState(): ConnectionState {
  const { connection } = useRoom()
  return useSyncExternalStore(connection.subscribe, connection.getState)
}
