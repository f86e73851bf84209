import type { Connection, Document } from '@hocuspocus/server'
import type { QuorumContext, QuorumExtension } from './context.ts'
import { presenceState, presenceTooBig } from './presence-state.ts'

/** The most awareness client ids one connection may hold (the provider can send two in a frame). */
const MAX_CLIENT_IDS = 2

/**
 * The server, not the client, says who a presence entry belongs to. A connection may set the
 * state of the client ids it introduced itself (in its first awareness frame, at most two) and of
 * no one else's; a state for another connection's id, an extra id added later (a phantom) and a
 * removal of someone else's state are dropped before anything is applied or broadcast. Every
 * state that passes keeps only the fields the web app publishes (presence-state.ts) and has its
 * `user` stamped from the authenticated connection.
 */
export interface PresenceGuard {
  extension: QuorumExtension
  /**
   * Filters one inbound frame's states in place, as the hook does: what remains may be applied.
   * Removals (null states) are kept only for the connection's own client ids. The caller drops
   * states that are too big as a whole (`presenceTooBig`) first.
   */
  filter(
    document: Document,
    connection: Connection,
    context: QuorumContext,
    states: Map<number, Record<string, unknown> | null>,
  ): void
}

export function presenceGuard(): PresenceGuard {
  const seenFirstFrame = new WeakSet<Connection>()

  const ownerOf = (document: Document, clientId: number): Connection | undefined => {
    for (const connection of document.getConnections()) {
      if (document.getClients(connection).has(clientId)) return connection
    }
    return undefined
  }

  const filter: PresenceGuard['filter'] = (document, connection, context, states) => {
    // A seller previewing as a buyer is nobody in the room: no presence at all.
    if (context.previewBy !== undefined) return states.clear()
    const own = document.getClients(connection)
    for (const [clientId, state] of [...states]) {
      // Empty states carry no presence. Hocuspocus's decoding also adds one for its own scratch
      // awareness to every frame; dropping them keeps that out of the room.
      if (state !== null && Object.keys(state).length === 0) states.delete(clientId)
      // Leaving: only your own presence.
      else if (state === null && !own.has(clientId)) states.delete(clientId)
    }
    if (states.size === 0) return
    const firstFrame = !seenFirstFrame.has(connection)
    seenFirstFrame.add(connection)
    let held = own.size
    for (const [clientId, state] of [...states]) {
      if (state === null) continue
      const owner = ownerOf(document, clientId)
      if (owner && owner !== connection) {
        states.delete(clientId)
        continue
      }
      if (!own.has(clientId)) {
        // A new id: only when the connection introduces itself (or holds none any more).
        if ((!firstFrame && own.size > 0) || held >= MAX_CLIENT_IDS) {
          states.delete(clientId)
          continue
        }
        held++
      }
      states.set(clientId, presenceState(state, context))
    }
  }

  return {
    filter,
    extension: {
      extensionName: 'quorum-presence-guard',
      async beforeHandleAwareness({ states, connection, document, context }) {
        // Server-internal writes (no connection) are trusted.
        if (!connection || !context) return
        for (const [clientId, state] of [...states]) {
          if (state !== null && presenceTooBig(state)) states.delete(clientId)
        }
        filter(document, connection, context, states)
      },
    },
  }
}
