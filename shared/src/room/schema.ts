import * as Y from 'yjs'

/**
 * The shape of the shared room document (`room.<roomId>`). This module is the only place that
 * names its roots; everything else goes through the typed accessors in this folder.
 *
 * Bump SCHEMA_VERSION when the shape changes and add a migration in `migrate.ts`.
 */
export const SCHEMA_VERSION = 1

export const SIDES = ['buyer', 'seller', 'joint'] as const
export type Side = (typeof SIDES)[number]

export const TASK_STATUSES = ['todo', 'doing', 'blocked', 'done'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

export const MILESTONE_STATUSES = ['planned', 'active', 'done'] as const
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number]

export const BUYING_ROLES = [
  'champion',
  'economic-buyer',
  'technical',
  'legal',
  'procurement',
  'user',
  'other',
] as const
export type BuyingRole = (typeof BUYING_ROLES)[number]

export const STANCES = ['unknown', 'supporter', 'neutral', 'skeptic', 'blocker'] as const
export type Stance = (typeof STANCES)[number]

export const CONSENSUS_STANCES = ['agree', 'concern', 'block'] as const
export type ConsensusStance = (typeof CONSENSUS_STANCES)[number]

export interface RoomMeta {
  title: string
  buyerOrg: string
  sellerOrg: string
  /** ISO date (yyyy-mm-dd) or null. */
  targetCloseDate: string | null
  stage: string
  schemaVersion: number
}

export interface Milestone {
  id: string
  title: string
  order: string
  dueDate: string | null
  status: MilestoneStatus
  /** Stakeholder ids whose agreement the milestone needs before it counts as done. */
  signoffBy: string[]
}

export interface Task {
  id: string
  milestoneId: string
  title: string
  order: string
  /** A stakeholder id. */
  ownerId: string | null
  side: Side
  dueDate: string | null
  status: TaskStatus
  /** Epoch milliseconds when the task was completed. */
  doneAt: number | null
  /** Person id of who completed it. */
  doneBy: string | null
}

export interface Stakeholder {
  id: string
  name: string
  title: string
  side: Side
  buyingRole: BuyingRole
  stance: Stance
  /** The room member (person id) this stakeholder is, once they have joined. */
  memberId: string | null
}

/** What a comment thread is attached to. Text anchors are encoded Yjs relative positions. */
export type CommentAnchor =
  | { kind: 'task' | 'milestone' | 'stakeholder' | 'section'; id: string }
  | { kind: 'text'; start: Uint8Array; end: Uint8Array }

export interface CommentMessage {
  id: string
  authorId: string
  body: string
  /** Person ids mentioned in the body. */
  mentions: string[]
  createdAt: number
  editedAt: number | null
}

export interface CommentThread {
  id: string
  anchor: CommentAnchor
  resolved: boolean
  createdAt: number
  messages: CommentMessage[]
}

export interface ConsensusMark {
  itemKey: string
  personId: string
  stance: ConsensusStance
  note: string
  at: number
}

/** Root names. `consensus` is one flat map keyed by item and person (see consensus.ts). */
const ROOTS = {
  meta: 'meta',
  milestones: 'milestones',
  tasks: 'tasks',
  stakeholders: 'stakeholders',
  comments: 'comments',
  consensus: 'consensus',
  businessCase: 'businessCase',
  importantSections: 'importantSections',
  documents: 'documents',
} as const

/** A collection entry: a Y.Map of fields keyed by id. */
export type Entry = Y.Map<unknown>

export const roots = {
  meta: (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOTS.meta),
  milestones: (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOTS.milestones),
  tasks: (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOTS.tasks),
  stakeholders: (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOTS.stakeholders),
  comments: (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOTS.comments),
  consensus: (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOTS.consensus),
  /** The Tiptap document of the business case. */
  businessCase: (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment(ROOTS.businessCase),
  /** Internal document only: business-case sections the seller team marked as important. */
  importantSections: (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOTS.importantSections),
  /** The room's documents (files), written by the server only: see documents.ts. */
  documents: (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOTS.documents),
}

// Readers that tolerate whatever a peer wrote: a wrong type reads as the default.

export function str(map: Y.Map<unknown>, key: string, fallback = ''): string {
  const value = map.get(key)
  return typeof value === 'string' ? value : fallback
}

export function strOrNull(map: Y.Map<unknown>, key: string): string | null {
  const value = map.get(key)
  return typeof value === 'string' && value !== '' ? value : null
}

export function num(map: Y.Map<unknown>, key: string): number | null {
  const value = map.get(key)
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

export function oneOf<T extends string>(
  map: Y.Map<unknown>,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = map.get(key)
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fallback
}

/** Writes the defined fields of a patch into an entry (undefined means "leave as is"). */
export function writeFields(entry: Y.Map<unknown>, patch: object): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined && key !== 'id') entry.set(key, value)
  }
}

/** Entries of a collection whose value really is a Y.Map (a peer may write anything). */
export function entries(collection: Y.Map<unknown>): Array<[string, Entry]> {
  const result: Array<[string, Entry]> = []
  collection.forEach((value, key) => {
    if (value instanceof Y.Map) result.push([key, value])
  })
  return result
}

/** Days in a month of the Gregorian calendar (month 1–12). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/**
 * A date-only ISO string (yyyy-mm-dd) naming a real calendar day, or null; anything else is
 * rejected loudly. `Date.parse` is no check: it rolls 2024-02-30 over to March 1st.
 */
export function checkDate(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value
  const refuse = (why: string) =>
    new Error(`Not a date (yyyy-mm-dd): ${JSON.stringify(value)}${why}`)
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!parts) throw refuse('')
  const [year, month, day] = parts.slice(1).map(Number) as [number, number, number]
  if (month < 1 || month > 12) throw refuse(' (months run from 01 to 12)')
  const days = daysInMonth(year, month)
  if (day < 1 || day > days) throw refuse(` (${parts[1]}-${parts[2]} has ${days} days)`)
  return value
}

/** A trimmed, non-empty text (titles, names, comment bodies). */
export function requireText(text: string, what = 'A title'): string {
  const trimmed = text.trim()
  if (trimmed === '') throw new Error(`${what} cannot be empty`)
  return trimmed
}

/** The entry with this id, or a clear error naming what was looked for. */
export function requireEntry(collection: Y.Map<unknown>, id: string, what: string): Entry {
  const entry = collection.get(id)
  if (!(entry instanceof Y.Map)) throw new Error(`No ${what} with id ${id}`)
  return entry
}
