import type { Document } from '@hocuspocus/server'
import * as Y from 'yjs'
import { isSellerTeam } from '../../../shared/src/access.ts'
import { parseDocumentName } from '../../../shared/src/protocol.ts'
import { roots } from '../../../shared/src/room/index.ts'
import type { QuorumContext, QuorumExtension } from '../collaboration/context.ts'
import type { EngagementEvent, EngagementKind, Storage } from '../storage/storage.ts'
import type { SignalBus } from './bus.ts'

/** Sections a client can say it is viewing. */
const SECTIONS = new Set(['overview', 'plan', 'business-case', 'stakeholders', 'insights'])
/** Business-case edits by one person count once per this window. */
const EDIT_EVENT_EVERY_MS = 5 * 60 * 1000

interface Viewing {
  roomId: string
  personId: string
  side: 'buyer' | 'seller'
  section: string | null
  active: boolean
  since: number
}

const sideOf = (context: QuorumContext): 'buyer' | 'seller' =>
  isSellerTeam(context.role) ? 'seller' : 'buyer'

function contextOf(origin: unknown): QuorumContext | null {
  if (
    typeof origin !== 'object' ||
    origin === null ||
    !('source' in origin) ||
    origin.source !== 'connection'
  )
    return null
  const connection = (origin as { connection?: { context?: QuorumContext } }).connection
  return connection?.context?.personId ? connection.context : null
}

/**
 * Engagement events, derived on the server and stamped with the server's clock: who opened the
 * room, which section they viewed and for how long (an idle or hidden tab stops the clock), who
 * completed tasks, edited the business case, commented or marked consensus, and when they left.
 * Clients only say where they are; they never say when or for how long.
 */
export function engagement(
  storage: Storage,
  bus: SignalBus,
  now: () => number = Date.now,
): QuorumExtension {
  const viewing = new Map<string, Viewing>()
  const lastEdit = new Map<string, number>()

  const record = async (events: EngagementEvent[]) => {
    if (events.length === 0) return
    await storage.appendEvents(events)
    for (const event of events) bus.publish(event)
  }

  const event = (
    base: { roomId: string; personId: string; side: 'buyer' | 'seller' },
    kind: EngagementKind,
    extra: Partial<EngagementEvent> = {},
  ): EngagementEvent => ({
    ...base,
    kind,
    section: null,
    durationMs: null,
    detail: {},
    at: now(),
    ...extra,
  })

  /** Ends the current viewing interval (if any) and returns its event. */
  const closeInterval = (view: Viewing, at: number): EngagementEvent | null => {
    if (!view.active || view.section === null) return null
    const durationMs = at - view.since
    if (durationMs <= 0) return null
    return event(view, 'section.viewed', { section: view.section, durationMs, at })
  }

  const watchEdits = (document: Document, roomId: string) => {
    const emit = (
      transaction: Y.Transaction,
      kind: EngagementKind,
      detail: Record<string, unknown> = {},
    ) => {
      const context = contextOf(transaction.origin)
      if (!context) return
      void record([
        event({ roomId, personId: context.personId, side: sideOf(context) }, kind, { detail }),
      ])
    }
    roots.tasks(document).observeDeep((events, transaction) => {
      for (const change of events) {
        if (!(change instanceof Y.YMapEvent) || change.target === roots.tasks(document)) continue
        if (change.keysChanged.has('status') && change.target.get('status') === 'done') {
          emit(transaction, 'task.completed', { title: String(change.target.get('title') ?? '') })
        }
      }
    })
    roots.businessCase(document).observeDeep((_events, transaction) => {
      const context = contextOf(transaction.origin)
      if (!context) return
      const key = `${roomId}|${context.personId}`
      if (now() - (lastEdit.get(key) ?? 0) < EDIT_EVENT_EVERY_MS) return
      lastEdit.set(key, now())
      emit(transaction, 'business-case.edited')
    })
    roots.comments(document).observeDeep((events, transaction) => {
      if (
        events.some(
          (change) => change instanceof Y.YArrayEvent || change.target === roots.comments(document),
        )
      ) {
        emit(transaction, 'comment.added')
      }
    })
    roots.consensus(document).observe((change, transaction) => {
      for (const key of change.keysChanged) {
        const mark = roots.consensus(document).get(key) as { stance?: unknown } | undefined
        if (mark)
          emit(transaction, 'consensus.marked', {
            item: key.slice(0, key.lastIndexOf('|')),
            stance: String(mark.stance ?? ''),
          })
      }
    })
  }

  return {
    extensionName: 'quorum-engagement',

    async afterLoadDocument({ document, documentName }) {
      const address = parseDocumentName(documentName)
      if (address?.kind === 'shared') watchEdits(document, address.roomId)
    },

    async connected({ context, documentName, connection }) {
      const address = parseDocumentName(documentName)
      if (address?.kind !== 'shared') return
      const base = { roomId: address.roomId, personId: context.personId, side: sideOf(context) }
      viewing.set(`${connection.socketId}|${documentName}`, {
        ...base,
        section: null,
        active: true,
        since: now(),
      })
      const firstTime = !(await storage.hasEvents(address.roomId, context.personId))
      await record([
        ...(firstTime
          ? [event(base, 'stakeholder.first-seen', { detail: { role: context.role } })]
          : []),
        event(base, 'room.opened'),
      ])
    },

    async onAwarenessUpdate({ connection, document, documentName, awareness }) {
      if (!connection) return
      const view = viewing.get(`${connection.socketId}|${documentName}`)
      if (!view) return
      // The connection's own presence (the guard has made sure it is only its own).
      let section: string | null = null
      let active = true
      for (const clientId of document.getClients(connection)) {
        const state = awareness.getStates().get(clientId)
        if (!state) continue
        section =
          typeof state.section === 'string' && SECTIONS.has(state.section) ? state.section : null
        active = state.active !== false
      }
      if (section === view.section && active === view.active) return
      const at = now()
      const closed = closeInterval(view, at)
      view.section = section
      view.active = active
      view.since = at
      if (closed) await record([closed])
    },

    async onDisconnect({ context, documentName, socketId }) {
      const key = `${socketId}|${documentName}`
      const view = viewing.get(key)
      if (!view || !context) return
      viewing.delete(key)
      const at = now()
      const closed = closeInterval(view, at)
      await record([...(closed ? [closed] : []), event(view, 'room.left', { at })])
    },
  }
}
