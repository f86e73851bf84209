import type { Connection, Hocuspocus } from '@hocuspocus/server'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { applyAwarenessUpdate } from 'y-protocols/awareness'
import type { QuorumContext } from './context.ts'
import type { PresenceGuard } from './presence-guard.ts'
import { presenceTooBig } from './presence-state.ts'

/** Hocuspocus's message type for awareness updates. */
const AWARENESS = 1

const utf8 = new TextDecoder()

/**
 * Presence frames of an established connection, handled without Hocuspocus's per-frame scratch
 * document. Hocuspocus 4.7 decodes every inbound awareness frame into a new `Y.Doc` (a random
 * guid: `crypto.randomFillSync`) and a new `Awareness` (an interval timer) so that
 * `beforeHandleAwareness` can edit it; that was a quarter of the server's busy time under load.
 * Here the frame is decoded once, states too big to be presence are dropped unparsed, the same
 * presence guard filters the rest, and what remains is applied to the room's awareness with the
 * same origin Hocuspocus would use, so its broadcast, the other instances (Redis), close-time
 * cleanup and `onAwarenessUpdate` hooks all see the usual update.
 *
 * Returns false (and changes nothing) for anything else: other message types, documents the
 * socket is not connected to yet (Hocuspocus queues those until authentication ends), and frames
 * that do not decode.
 */
export function awarenessFastPath(
  hocuspocus: Hocuspocus<QuorumContext>,
  guard: PresenceGuard,
): (socket: unknown, message: Uint8Array) => boolean {
  return (socket, message) => {
    let documentName: string
    let update: Uint8Array
    try {
      const decoder = decoding.createDecoder(message)
      // Session-aware providers address `documentName\0sessionId`.
      documentName = decoding.readVarString(decoder).split('\0')[0] ?? ''
      if (decoding.readVarUint(decoder) !== AWARENESS) return false
      update = decoding.readVarUint8Array(decoder)
    } catch {
      return false
    }
    const document = hocuspocus.documents.get(documentName)
    if (!document) return false
    let connection: Connection<QuorumContext> | undefined
    for (const candidate of document.getConnections()) {
      if (candidate.webSocket === socket) {
        connection = candidate as Connection<QuorumContext>
        break
      }
    }
    if (!connection?.context) return false

    const entries: Array<{ clientId: number; clock: number }> = []
    const states = new Map<number, Record<string, unknown> | null>()
    try {
      const decoder = decoding.createDecoder(update)
      const count = decoding.readVarUint(decoder)
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(decoder)
        const clock = decoding.readVarUint(decoder)
        const json = decoding.readVarUint8Array(decoder)
        // Too big to be presence: dropped unread, like a state the guard refuses.
        if (presenceTooBig(json)) continue
        const state: unknown = JSON.parse(utf8.decode(json))
        if (state !== null && (typeof state !== 'object' || Array.isArray(state))) continue
        if (states.has(clientId)) continue
        entries.push({ clientId, clock })
        states.set(clientId, state as Record<string, unknown> | null)
      }
    } catch {
      // Not a well-formed presence frame: let Hocuspocus answer it as it does.
      return false
    }
    guard.filter(document, connection, connection.context, states)
    if (states.size === 0) return true
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, states.size)
    for (const { clientId, clock } of entries) {
      if (!states.has(clientId)) continue
      encoding.writeVarUint(encoder, clientId)
      encoding.writeVarUint(encoder, clock)
      encoding.writeVarString(encoder, JSON.stringify(states.get(clientId) ?? null))
    }
    applyAwarenessUpdate(document.awareness, encoding.toUint8Array(encoder), {
      source: 'connection',
      connection,
    })
    // y-protocols reports a client that left and came back with the same id as "updated", not
    // "added", so Hocuspocus would not remember it as this connection's and would leave it
    // behind when the socket closes. The guard has checked these ids are this connection's.
    const own = document.getClients(connection)
    for (const [clientId, state] of states) {
      if (state !== null && document.awareness.getStates().has(clientId)) own.add(clientId)
    }
    return true
  }
}
