import type { FastifyInstance } from 'fastify'
import { can } from '../../../shared/src/access.ts'
import type { ActivityItem, SectionRead } from '../../../shared/src/api/conversation.ts'
import { conversation } from '../../../shared/src/api/index.ts'
import { listSections } from '../../../shared/src/room/index.ts'
import { SECTION_WINDOW_MS } from '../collaboration/room-activity.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import type { EngagementEvent, EngagementKind, Member } from '../storage/storage.ts'
import type { ApiDependencies } from './api.ts'
import { roomActor, sessionCookie } from './room-access.ts'
import { route } from './route.ts'

/** The kinds the room's timeline shows (shared/src/api/conversation.ts), as stored kinds. */
export const ACTIVITY_KINDS: readonly EngagementKind[] = conversation.ACTIVITY_KINDS
const THREAD_KINDS = new Set([
  'comment.added',
  'thread.resolved',
  'thread.reopened',
  'person.mentioned',
])
const PLAN_KINDS = new Set([
  'task.added',
  'task.completed',
  'task.changed',
  'milestone.added',
  'milestone.changed',
  'stakeholder.added',
])

/** What a member may see of the room's events: seller-only threads only for the seller team. */
function visibleTo(me: Member) {
  const sellerTeam = can(me.role, 'seeInsights')
  return (event: EngagementEvent) => sellerTeam || event.detail.internal !== true
}

function toItem(event: EngagementEvent, names: Map<string, string>): ActivityItem {
  return {
    at: event.at,
    personId: event.personId,
    name: names.get(event.personId) ?? '',
    side: event.side,
    kind: event.kind,
    detail: event.detail,
  }
}

/** Opens and leaves further apart than this with nothing between: the visit ended (a crash). */
const VISIT_GAP_MS = 12 * 60 * 60_000

/**
 * The end of this person's previous visit, from their `room.opened` and `room.left` events in
 * time order: a visit lasts while any of their tabs has the room open, so a second tab closed
 * mid-visit does not end it. When their current visit's "opened" is not recorded yet (the page
 * asks as it loads), the last visit that ended is the previous one. Null before any visit ended.
 * A tab never recorded as left (its server was killed) stops counting after VISIT_GAP_MS.
 */
export function previousVisitEnd(events: EngagementEvent[], personId: string): number | null {
  let open = 0
  let currentStart: number | null = null
  let lastAt: number | null = null
  let ended: number | null = null
  /** The end of the visit before the current one. */
  let beforeCurrent: number | null = null
  const visits = events
    .filter(
      (event) =>
        event.personId === personId && (event.kind === 'room.opened' || event.kind === 'room.left'),
    )
    // In the same millisecond, a tab opens before it leaves (the two are written separately).
    .sort(
      (a, b) =>
        a.at - b.at || (a.kind === 'room.opened' ? -1 : 0) - (b.kind === 'room.opened' ? -1 : 0),
    )
  for (const event of visits) {
    if (open > 0 && lastAt !== null && event.at - lastAt > VISIT_GAP_MS) {
      open = 0
      ended = lastAt
    }
    lastAt = event.at
    if (event.kind === 'room.opened') {
      if (open === 0) {
        currentStart = event.at
        beforeCurrent = ended
      }
      open++
    } else if (open > 0) {
      open--
      if (open === 0) ended = event.at
    }
  }
  return open > 0 && currentStart !== null ? beforeCurrent : ended
}

/**
 * One line per stretch of editing: a person's edits of one business-case section recorded less
 * than two windows apart (the events at the start and end of each window) read as one edit, at
 * the time of the last. Events in time order, in and out.
 */
export function collapseEdits(events: EngagementEvent[]): EngagementEvent[] {
  const kept: Array<EngagementEvent | null> = []
  const lastOf = new Map<string, number>()
  for (const event of events) {
    if (event.kind === 'business-case.edited') {
      const key = `${event.personId}|${String(event.detail.sectionId)}`
      const index = lastOf.get(key)
      const previous = index === undefined ? null : kept[index]
      if (index !== undefined && previous && event.at - previous.at <= 2 * SECTION_WINDOW_MS)
        kept[index] = null
      lastOf.set(key, kept.length)
    }
    kept.push(event)
  }
  return kept.filter((event): event is EngagementEvent => event !== null)
}

/**
 * Each section of the business case (in document order) with its last recorded edit and, per
 * person, their last read; a read is current when it is not older than the last edit.
 */
export function sectionReads(
  outline: Array<{ id: string; title: string }>,
  events: EngagementEvent[],
  names: Map<string, string>,
): SectionRead[] {
  const sections = new Map(
    outline.map((section) => [
      section.id,
      {
        sectionId: section.id,
        title: section.title || section.id,
        lastEditedAt: null as number | null,
        lastEditedBy: null as string | null,
        reads: new Map<string, number>(),
      },
    ]),
  )
  for (const event of events) {
    const section = sections.get(String(event.detail.sectionId ?? ''))
    if (!section) continue
    if (event.kind === 'business-case.edited' && event.at >= (section.lastEditedAt ?? 0)) {
      section.lastEditedAt = event.at
      section.lastEditedBy = event.personId
    } else if (event.kind === 'section.read') {
      section.reads.set(event.personId, Math.max(section.reads.get(event.personId) ?? 0, event.at))
    }
  }
  return [...sections.values()].map(({ reads, ...section }) => ({
    ...section,
    readers: [...reads].map(([personId, seenAt]) => ({
      personId,
      name: names.get(personId) ?? '',
      seenAt,
      current: section.lastEditedAt === null || seenAt >= section.lastEditedAt,
    })),
  }))
}

/** Routes of the room's conversation layer: the timeline, what changed, who read what. */
export function conversationRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config } = dependencies
  const options = dependencies.routes
  const secure = config.publicUrl.startsWith('https://')
  const peopleOf = async (roomId: string) =>
    new Map((await storage.listMembers(roomId)).map((member) => [member.personId, member.name]))

  route(app, conversation.listActivity, options, async ({ request, reply, params, query }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'readRoom')
    // A misspelt filter would silently return the unfiltered list: unknown names are refused.
    const input = query()
    const kinds = [...new Set(input.kind ?? [])]
    const limit = input.limit ?? 50
    const before = input.before ?? Number.POSITIVE_INFINITY
    const person = input.person ?? null
    const visible = visibleTo(me)
    const names = await peopleOf(roomId)
    // Edits just after `before` are read too: they decide whether one just before it is
    // the last of its stretch (the previous page showed it as such).
    const events = collapseEdits(
      await storage.listEvents({
        roomId,
        kinds: kinds.length > 0 ? kinds : ACTIVITY_KINDS,
        ...(Number.isFinite(before) ? { before: before + 2 * SECTION_WINDOW_MS } : {}),
        ...(person === null ? {} : { personId: person }),
      }),
    )
      .filter((event) => event.at < before && visible(event))
      .reverse()
      .slice(0, limit)
    return {
      items: events.map((event) => toItem(event, names)),
      people: [...names].map(([personId, name]) => ({ personId, name })),
    }
  })

  route(app, conversation.listChanges, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'readRoom')
    const visits = await storage.listEvents({
      roomId,
      personId: me.personId,
      kinds: ['room.opened', 'room.left'],
    })
    const since = previousVisitEnd(visits, me.personId)
    const names = await peopleOf(roomId)
    const visible = visibleTo(me)
    const changes =
      since === null
        ? []
        : (await storage.listEvents({ roomId, since, kinds: ACTIVITY_KINDS })).filter(
            (event) => event.at > since && event.personId !== me.personId && visible(event),
          )
    // Business-case sections: one line per section, with everyone who edited it.
    const sections = new Map<
      string,
      {
        sectionId: string
        title: string
        editors: Array<{ personId: string; name: string }>
        at: number
      }
    >()
    for (const event of changes) {
      if (event.kind !== 'business-case.edited') continue
      const sectionId = typeof event.detail.sectionId === 'string' ? event.detail.sectionId : ''
      const entry = sections.get(sectionId) ?? {
        sectionId,
        title: typeof event.detail.title === 'string' ? event.detail.title : sectionId,
        editors: [],
        at: event.at,
      }
      if (!entry.editors.some((editor) => editor.personId === event.personId)) {
        entry.editors.push({ personId: event.personId, name: names.get(event.personId) ?? '' })
      }
      entry.at = Math.max(entry.at, event.at)
      sections.set(sectionId, entry)
    }
    const items = (filter: (event: EngagementEvent) => boolean) =>
      changes
        .filter(filter)
        .reverse()
        .slice(0, 50)
        .map((event) => toItem(event, names))
    return {
      since,
      plan: items((event) => PLAN_KINDS.has(event.kind)),
      businessCase: [...sections.values()].sort((a, b) => b.at - a.at),
      threads: items(
        (event) =>
          THREAD_KINDS.has(event.kind) &&
          // A mention of someone else is already in the list as the comment that made it.
          (event.kind !== 'person.mentioned' || event.detail.mentioned === me.personId),
      ),
      consensus: items((event) => event.kind === 'consensus.marked'),
      documents: items((event) => event.kind === 'document.version-added'),
    }
  })

  route(app, conversation.listSectionReads, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId } = await roomActor(storage, cookie, params.roomId, 'seeInsights')
    const [doc, events, names] = await Promise.all([
      loadRoomDoc(storage, roomId),
      storage.listEvents({ roomId, kinds: ['business-case.edited', 'section.read'] }),
      peopleOf(roomId),
    ])
    const outline = listSections(doc)
    doc.destroy()
    return { sections: sectionReads(outline, events, names) }
  })
}
