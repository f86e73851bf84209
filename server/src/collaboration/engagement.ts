import type { Document } from '@hocuspocus/server'
import { isSellerTeam } from '../../../shared/src/access.ts'
import {
  parseDocumentName,
  documentName as roomDocumentName,
} from '../../../shared/src/protocol.ts'
import { getDocument } from '../../../shared/src/room/documents.ts'
import { SECTION_IDS } from '../../../shared/src/sections.ts'
import type { EngagementEvent, EngagementKind, Storage } from '../storage/storage.ts'
import type { SignalBus } from './bus.ts'
import type { QuorumContext, QuorumExtension } from './context.ts'
import { DocumentDwell, type OpenDocument, openDocumentOf } from './document-dwell.ts'
import { watchRoom } from './room-activity.ts'

/** Sections a client can say it is viewing. */
const SECTIONS: ReadonlySet<string> = new Set(SECTION_IDS)
const READ_AFTER_MS = 2_000
const READ_EVERY_MS = 60_000

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

/** Whether anyone in the document's presence is this person (presence spans instances). */
function presentIn(document: Document | undefined, personId: string): boolean {
  if (!document) return false
  for (const state of document.awareness.getStates().values()) {
    if ((state.user as { id?: unknown } | undefined)?.id === personId) return true
  }
  return false
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
  /** Time per page of the room's documents (collaboration/document-dwell.ts). */
  const documentDwell = new DocumentDwell()

  /** Writes in flight, awaited at shutdown so that storage is not closed under them. */
  const writing = new Set<Promise<void>>()
  const record = async (events: EngagementEvent[]) => {
    if (events.length === 0) return
    const written = storage.appendEvents(events)
    writing.add(written)
    try {
      await written
    } catch (error) {
      // A signal lost to a storage failure is logged; it must not take the server down (these
      // run in Hocuspocus hooks, whose failures nobody awaits).
      console.error('Could not record engagement:', error)
      return
    } finally {
      writing.delete(written)
    }
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

  /** Per loaded document: stops watching it (and records pending trailing edits). */
  const watchers = new Map<string, () => void>()
  const recordNow = (events: EngagementEvent[]) => {
    record(events).catch((error: unknown) => console.error('Recording activity failed:', error))
  }

  /** A business-case section counts as read after this long on screen, at most once a minute. */
  const reading = new Map<string, NodeJS.Timeout>()
  const lastRead = new Map<string, number>()
  const stopReading = (viewKey: string, keep: Set<string> = new Set()) => {
    for (const [key, timer] of reading) {
      if (!key.startsWith(`${viewKey}|`) || keep.has(key.slice(viewKey.length + 1))) continue
      clearTimeout(timer)
      reading.delete(key)
    }
  }
  const startReading = (viewKey: string, view: Viewing, sectionIds: Set<string>) => {
    stopReading(viewKey, sectionIds)
    for (const sectionId of sectionIds) {
      const key = `${viewKey}|${sectionId}`
      if (reading.has(key)) continue
      const timer = setTimeout(() => {
        reading.delete(key)
        const seen = `${view.roomId}|${view.personId}|${sectionId}`
        if (now() - (lastRead.get(seen) ?? Number.NEGATIVE_INFINITY) < READ_EVERY_MS) return
        lastRead.set(seen, now())
        recordNow([event(view, 'section.read', { detail: { sectionId } })])
      }, READ_AFTER_MS)
      timer.unref()
      reading.set(key, timer)
    }
  }

  return {
    extensionName: 'quorum-engagement',

    async afterLoadDocument({ document, documentName, instance }) {
      const address = parseDocumentName(documentName)
      if (!address) return
      watchers.get(documentName)?.()
      // Presence lives in the room's shared document (every member's browser is there), also
      // for mentions written in the internal one.
      const shared = roomDocumentName(address.roomId)
      watchers.set(
        documentName,
        watchRoom(
          document,
          address.roomId,
          address.kind === 'internal',
          recordNow,
          now,
          (personId) => presentIn(instance.documents.get(shared), personId),
        ),
      )
    },

    async afterUnloadDocument({ documentName }) {
      watchers.get(documentName)?.()
      watchers.delete(documentName)
    },

    async onDestroy() {
      for (const stop of watchers.values()) stop()
      watchers.clear()
      for (const timer of reading.values()) clearTimeout(timer)
      reading.clear()
      await Promise.allSettled([...writing])
    },

    async connected({ context, documentName, connection }) {
      const address = parseDocumentName(documentName)
      // A preview is not a visit: with no viewing entry, its presence and leaving record nothing.
      if (address?.kind !== 'shared' || context.previewBy !== undefined) return
      const base = { roomId: address.roomId, personId: context.personId, side: sideOf(context) }
      // Dated now, not after the look-up below: a socket that closes meanwhile must still read
      // as opened before it left ("what changed" counts visits from these two events).
      const at = now()
      viewing.set(`${connection.socketId}|${documentName}`, {
        ...base,
        section: null,
        active: true,
        since: at,
      })
      const firstTime = !(await storage.hasEvents(address.roomId, context.personId))
      await record([
        ...(firstTime
          ? [event(base, 'stakeholder.first-seen', { detail: { role: context.role }, at })]
          : []),
        event(base, 'room.opened', { at }),
      ])
    },

    async onAwarenessUpdate({ connection, document, documentName, awareness }) {
      if (!connection) return
      const view = viewing.get(`${connection.socketId}|${documentName}`)
      if (!view) return
      // The connection's own presence (the guard has made sure it is only its own).
      let section: string | null = null
      let active = true
      let visible: unknown = null
      let reading: OpenDocument | null = null
      for (const clientId of document.getClients(connection)) {
        const state = awareness.getStates().get(clientId)
        if (!state) continue
        section =
          typeof state.section === 'string' && SECTIONS.has(state.section) ? state.section : null
        active = state.active !== false
        visible = state.reading
        reading = openDocumentOf(state)
      }
      const viewKey = `${connection.socketId}|${documentName}`
      const known = reading ? getDocument(document, reading.id) : null
      const pages = documentDwell
        .update(viewKey, view, reading, known, active, now())
        .map(({ kind, ...fields }) => event(view, kind, fields))
      if (pages.length > 0) await record(pages)
      const sections = new Set(
        section === 'business-case' && active && Array.isArray(visible)
          ? visible
              .filter((id): id is string => typeof id === 'string' && id.length <= 64)
              .slice(0, 30)
          : [],
      )
      startReading(viewKey, view, sections)
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
      stopReading(key)
      const at = now()
      const closed = closeInterval(view, at)
      const pages = documentDwell
        .close(key, view, at)
        .map(({ kind, ...fields }) => event(view, kind, fields))
      await record([...pages, ...(closed ? [closed] : []), event(view, 'room.left', { at })])
    },
  }
}
