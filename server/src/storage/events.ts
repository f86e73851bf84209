export type EngagementKind =
  | 'room.opened'
  | 'room.left'
  | 'section.viewed'
  | 'stakeholder.first-seen'
  | 'task.completed'
  | 'business-case.edited'
  | 'comment.added'
  | 'consensus.marked'
  // Activity of the room (who did what), shown to its members and in "what changed"
  | 'task.added'
  | 'task.changed'
  | 'milestone.added'
  | 'milestone.changed'
  | 'thread.resolved'
  | 'thread.reopened'
  | 'stakeholder.added'
  | 'person.mentioned'
  /** A business-case section was on screen for a couple of seconds: `detail.sectionId`. */
  | 'section.read'
  // Documents (issue 13). detail: documentId, version (and title, page, ms as below)
  /** Someone opened a document (one event per opening): detail documentId, version. */
  | 'document.viewed'
  /** Time on one page by the server's clock: detail documentId, version, page; durationMs. */
  | 'document.page-viewed'
  /** A stamped PDF left the server: detail documentId, version. */
  | 'document.downloaded'
  /** A document was added (version 1) or got a new version: detail documentId, title, version. */
  | 'document.version-added'

export interface EngagementEvent {
  roomId: string
  personId: string
  side: 'buyer' | 'seller'
  kind: EngagementKind
  section: string | null
  /** For section.viewed: time spent, by the server's clock, while the tab was active. */
  durationMs: number | null
  detail: Record<string, unknown>
  at: number
}

export interface EventFilter {
  roomId: string
  /** Only events at or after this time (ms). */
  since?: number
  /** Only events strictly before this time (ms). */
  before?: number
  /** Only this person's events. */
  personId?: string
  /** Only events of these kinds (an empty list matches none). */
  kinds?: readonly EngagementKind[]
}

export interface DigestState {
  sentAt: number | null
  optOut: boolean
}

/** What people did in rooms (engagement and activity), and who was last sent a digest of it. */
export interface EventStore {
  appendEvents(events: EngagementEvent[]): Promise<void>
  /** A room's events in time order (ties in the order recorded), narrowed by `filter`. */
  listEvents(filter: EventFilter): Promise<EngagementEvent[]>
  hasEvents(roomId: string, personId: string): Promise<boolean>
  /** Digest bookkeeping for a person. */
  digestState(personId: string): Promise<DigestState>
  setDigestState(personId: string, patch: { sentAt?: number; optOut?: boolean }): Promise<void>
}

/** A page of a room's events in the order recorded, after a cursor (the public API's paging). */
export interface EventPageQuery {
  roomId: string
  /** Only events recorded after the one with this id (0: from the first). */
  afterId: number
  limit: number
  /** Only events at or after this time (ms). */
  since?: number
  /** Only events strictly before this time (ms). */
  before?: number
  /** Only events of these kinds (an empty list matches none). */
  kinds?: readonly EngagementKind[]
}

/** An event with its id: its place in the order events were recorded. */
export interface NumberedEvent extends EngagementEvent {
  id: number
}

/** Reading events a page at a time, in the order recorded (ids only grow). */
export interface EventPageStore {
  /**
   * Events recorded after `afterId`, in that order. An event recorded late (a coalesced change
   * dated at its last edit) still comes after the cursor, so a reader following the cursor never
   * misses one.
   */
  listEventPage(query: EventPageQuery): Promise<NumberedEvent[]>
}
