import type { Role } from '../../../shared/src/access.ts'
import type { HealthBand, RoomSort } from '../../../shared/src/api/rooms.ts'
import type { RoomSummary } from './rooms.ts'
import type { DealStage, RoomStage } from './stages.ts'

/** An alert as kept in a room's summary (the signals layer decides kinds and wording). */
export interface StoredAlert {
  kind: string
  /** When the alert became true. */
  at: number
  message: string
}

/**
 * What the seller pages show of a room without loading it: its deal health and open alerts,
 * buyer activity and plan progress, as computed by the signals layer from the room's facts.
 */
export interface RoomDigest {
  roomId: string
  /** 0–100, and why points were taken off (biggest first). */
  health: { score: number; reasons: string[] }
  alerts: StoredAlert[]
  buyersEngaged: number
  buyersInvited: number
  /** Buyer visits (room opened) in the facts' window. */
  buyerVisits: number
  tasksDone: number
  tasksTotal: number
  milestonesDone: number
  milestonesTotal: number
  lastBuyerActivityAt: number | null
  /** The buyer organisation and target close date (yyyy-mm-dd) of the room's document. */
  buyerOrg: string
  closeDate: string | null
  /** When it was computed. */
  computedAt: number
  /** The room's last activity it was computed from: an edit after that makes it due again. */
  activitySeenAt: number
  /** Time alone changes the summary then (a day more of silence, a task due date passing). */
  validUntil: number
}

export type { HealthBand, RoomSort }

/** What a room list can be narrowed to; every filter is answered by the query, with indexes. */
export interface RoomFilter {
  /** Only rooms this person owns. */
  ownerId?: string
  /** Only open rooms of this health band, where the person is on the seller team. */
  health?: HealthBand
  /** Only rooms whose target close date (yyyy-mm-dd) is in this range, both ends included. */
  closeFrom?: string
  closeTo?: string
  /** Only open rooms with open alerts, where the person is on the seller team. */
  needsAttention?: boolean
  /** Words in the title or the buyer organisation (case-insensitive). */
  search?: string
  /** Only rooms at this deal stage. */
  stage?: DealStage
}

export interface RoomPageQuery {
  personId: string
  sort: RoomSort
  limit: number
  offset: number
  /** Only this room (a session limited to one room). */
  roomId?: string | null
  filter?: RoomFilter
}

export interface RoomPageEntry extends RoomSummary {
  role: Role
  stage: RoomStage
  /** As of the last summary ('' and null before the first). */
  buyerOrg: string
  closeDate: string | null
  /** Null until the room was first summarized. */
  digest: RoomDigest | null
  /** The summary is out of date (something changed, or time did) and due to be computed. */
  stale: boolean
}

export interface AlertOfRoom extends StoredAlert {
  roomId: string
  roomTitle: string
}

/**
 * One summary per room, kept current by the signals layer, so the room list, notifications and
 * the digest read rows instead of loading every room. A change marks a room due; workers claim
 * due rooms (one instance each, with several), compute, and put the summary back.
 */
export interface SummaryStore {
  /** Stores a room's summary (replacing its alerts) and clears what made it due before `at`. */
  putRoomDigest(digest: RoomDigest): Promise<void>
  getRoomDigest(roomId: string): Promise<RoomDigest | null>
  /** Something about these rooms changed at `at`: their summaries are out of date. */
  markRoomsDue(roomIds: readonly string[], at: number): Promise<void>
  /**
   * Open rooms whose summary is missing, due, past its `validUntil` or older than the room's
   * last activity, oldest need first; each is claimed for `claimMs` so that other workers skip it.
   */
  claimDueRooms(now: number, limit: number, claimMs: number): Promise<string[]>
  /** A page of the rooms a person is a member of, sorted in the query, with their summaries. */
  listRoomPage(query: RoomPageQuery): Promise<{ rooms: RoomPageEntry[]; total: number }>
  /**
   * The owners of the rooms a person is a member of, by name (the room list's owner filter).
   * Owners are teammates (a teammate removed hands their rooms on): each is asked, not each room.
   */
  listRoomOwners(personId: string): Promise<Array<{ id: string; name: string }>>
  /** Alerts of the open rooms where the person is on the seller team, newest first. */
  listAlertsOf(personId: string, limit: number): Promise<AlertOfRoom[]>
  /** Alerts of every open room that became true at or after `since`, newest first. */
  listAlertsSince(since: number): Promise<AlertOfRoom[]>
}

/** A page of every room of the instance (the public API's list), newest first. */
export interface InstanceRoomQuery {
  limit: number
  /** Only rooms after this one in the order (created_at descending, then id). */
  after: { createdAt: number; id: string } | null
  /** true: closed rooms only; false: open rooms only; null: both. */
  closed: boolean | null
  ownerId: string | null
  /** Only rooms with activity at or after this time (ms). */
  activeSince: number | null
}

export interface InstanceRoomEntry extends RoomSummary {
  /** Null until the room was first summarized. */
  digest: RoomDigest | null
  /** The summary is out of date and due to be computed. */
  stale: boolean
}

/** Every room of the instance a page at a time, with its summary (the public API's list). */
export interface InstanceRoomStore {
  listInstanceRooms(query: InstanceRoomQuery): Promise<InstanceRoomEntry[]>
}
