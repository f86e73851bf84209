import { can, isSellerTeam, type Role } from '../access.ts'
import type { DocumentKind } from '../protocol.ts'

/**
 * Who may change what inside a room's documents. Yjs has no per-field permissions, so the
 * server's write guard (server/src/collaboration/write-guard.ts) decodes every client update into
 * changes — a path from a root through map keys (`*` for a position in a list or text), the value
 * set or removed, and the maps around it — and holds each against this table before the update is
 * applied. The web app asks the same predicates before it offers a control, so it never makes a
 * write the server would refuse.
 */

export interface Writer {
  personId: string
  role: Role
}

/** A map around a change, read before and after the update being checked. */
export interface ChangeNode {
  /** Whether the map is created by the update being checked. */
  readonly isNew: boolean
  /** The element name, for XML elements of the business case (`mention`, `paragraph`…). */
  readonly nodeName: string | null
  /** What a field holds now (for a new map: what the update writes in it). */
  get(key: string): unknown
  /** What a field will hold once the update is applied. */
  after(key: string): unknown
}

export interface WriteChange {
  /** `set` writes a value at the path (a map key, or an insertion in a list); `delete` removes. */
  op: 'set' | 'delete'
  /** Root name, then map keys; `*` stands for a position in a list or a text. */
  path: readonly string[]
  /** The value written or removed; a Yjs type reads as a `SharedTypeValue`. */
  value: unknown
  /** The map that holds the changed key (null at the root or inside lists and texts). */
  container: ChangeNode | null
  /** The map written or removed itself, when the value is one (a new message, a deleted task). */
  node: ChangeNode | null
  /**
   * A removal that comes with the removal of the map holding it (Yjs removes a map's fields with
   * it): the rule for removing that map decides; its fields' own rules do not apply.
   */
  withContainer?: boolean
}

/** Facts about the room before the update that some rules need, computed only when asked. */
export interface RoomFacts {
  /** Whether `by` has mentioned `personId` somewhere in the business case already. */
  hasMention(personId: string, by: string): boolean
}

export type WriteVerdict = { ok: true } | { ok: false; reason: string }

const OK: WriteVerdict = { ok: true }
const no = (reason: string): WriteVerdict => ({ ok: false, reason })

/** How a change reads when the value written or removed is a Yjs type (a map, a list, XML). */
export class SharedTypeValue {
  constructor(
    /** The Yjs type: `map`, `array`, `text`, `xml-element`, `xml-text`, `xml-fragment`… */
    readonly type: string,
    readonly nodeName: string | null = null,
  ) {}
}

export const isSharedType = (value: unknown): value is SharedTypeValue =>
  value instanceof SharedTypeValue

// What each role may do, for the UI and the guard alike.

/** Writes anything at all in the shared room document (viewers read only). */
export const mayEditRoom = (role: Role): boolean => can(role, 'editPlan')
/** Writes the deal's own facts (title, buyer, close date, stage): the seller team. */
export const mayEditDealFacts = (role: Role): boolean => isSellerTeam(role)
/**
 * Keeps the buying group: edits the stakeholder map and chooses who must sign a milestone off.
 * The seller team and the champion.
 */
export const mayManagePeople = (role: Role): boolean => isSellerTeam(role) || role === 'champion'
/** Chooses who must sign a milestone off: the people who keep the buying group. */
export const mayChooseSigners = mayManagePeople
/** Comments, replies, resolves and reopens threads. */
export const mayComment = (role: Role): boolean => can(role, 'comment')
/** Edits a message: its author only. */
export const mayEditMessage = (writer: Writer, authorId: string): boolean =>
  mayComment(writer.role) && authorId === writer.personId
/** Sets or clears a consensus mark: one's own only. */
export const mayMark = (writer: Writer, personId: string): boolean =>
  mayEditRoom(writer.role) && personId === writer.personId
/** Removes a stakeholder from the map: only one not linked to a room member. */
export const mayRemoveStakeholder = (role: Role, memberId: string | null): boolean =>
  mayManagePeople(role) && memberId === null

/** Message fields written once, when the message is created. */
const MESSAGE_FIXED = new Set(['id', 'authorId', 'createdAt'])
/** Thread fields that may change after the thread is created. */
const THREAD_MUTABLE = new Set(['resolved'])
/** The separator between item and person in a consensus key (see conversation.ts). */
const MARK_SEPARATOR = '|'

type RootRule = (writer: Writer, change: WriteChange, facts: RoomFacts) => WriteVerdict

/** The table: for each document, the roots a client may write and the rule for each. */
export const WRITE_RULES: Readonly<Record<DocumentKind, Readonly<Record<string, RootRule>>>> = {
  shared: {
    meta: (writer) =>
      mayEditDealFacts(writer.role) ? OK : no('only the seller team changes the deal’s details'),
    milestones: (writer, change) =>
      keyedEntry(change) ??
      (change.path[2] === 'signoffBy' && !mayManagePeople(writer.role)
        ? no('only the seller team and the champion choose who signs off')
        : OK),
    tasks: (writer, change) =>
      keyedEntry(change) ??
      (change.path[2] === 'doneBy' &&
      change.op === 'set' &&
      change.value !== null &&
      change.value !== writer.personId
        ? no('a task is completed by the person who completes it')
        : OK),
    stakeholders: (writer, change) =>
      mayManagePeople(writer.role)
        ? (keyedEntry(change) ?? stakeholderRule(writer, change))
        : no('only the seller team and the champion keep the stakeholder map'),
    comments: (writer, change) =>
      mayComment(writer.role)
        ? (keyedEntry(change) ?? threadRule(writer, change))
        : no('you cannot comment'),
    consensus: (writer, change) => {
      const key = change.path[1]
      if (key === undefined || change.path.length !== 2) return no('marks are kept one per person')
      const personId = key.slice(key.lastIndexOf(MARK_SEPARATOR) + 1)
      return key.includes(MARK_SEPARATOR) && mayMark(writer, personId)
        ? OK
        : no('a mark can only be set or cleared by the person it belongs to')
    },
    businessCase: (writer, change, facts) => mentionRule(writer, change, facts),
    // The list of the room's files mirrors storage: the server writes it when a document, a
    // version, its policy or its attachment changes (through the HTTP API), never a client.
    documents: () => no('the room’s documents are changed through the Documents section'),
  },
  internal: {
    comments: (writer, change) => keyedEntry(change) ?? threadRule(writer, change),
    importantSections: (writer) =>
      isSellerTeam(writer.role) ? OK : no('only the seller team marks sections'),
  },
}

/**
 * Holds one change against the table. The role's right to write the document at all (viewers
 * never, buyers never the internal document) is checked first.
 */
export function checkWrite(
  document: DocumentKind,
  writer: Writer,
  change: WriteChange,
  facts: RoomFacts,
): WriteVerdict {
  if (!mayEditRoom(writer.role)) return no('your role cannot change this room')
  if (document === 'internal' && !isSellerTeam(writer.role))
    return no('only the seller team writes its own notes')
  const root = change.path[0] ?? ''
  const rule = WRITE_RULES[document][root]
  if (!rule) return no(`"${root.slice(0, 40)}" is not part of a room`)
  if (change.op === 'delete' && change.withContainer) return OK
  return rule(writer, change, facts)
}

/** Collections are maps of entries keyed by id: nothing written at the root as a list. */
function keyedEntry(change: WriteChange): WriteVerdict | null {
  const key = change.path[1]
  if (key === undefined || key === '*') return no('collections hold entries keyed by id')
  return null
}

function stakeholderRule(writer: Writer, change: WriteChange): WriteVerdict {
  // The link between a stakeholder and a room member says whose marks are theirs: only the
  // server makes it (when the member first opens the room), and it is never undone by a client.
  if (change.path.length === 2 && change.op === 'delete') {
    const memberId = change.node?.get('memberId') ?? null
    return mayRemoveStakeholder(writer.role, typeof memberId === 'string' ? memberId : null)
      ? OK
      : no('a stakeholder who is a room member stays on the map')
  }
  if (change.path[2] !== 'memberId') return OK
  const before = change.container?.isNew ? null : (change.container?.get('memberId') ?? null)
  const value = change.op === 'delete' ? null : change.value
  return value === null && before === null
    ? OK
    : no('only the server links stakeholders to members')
}

function threadRule(writer: Writer, change: WriteChange): WriteVerdict {
  const [, , field, position, messageField] = change.path
  // A thread's own fields: set when it is created; afterwards only resolved / reopened.
  if (change.path.length === 2) {
    if (change.op === 'delete') return no('threads are resolved, not deleted')
    return isSharedType(change.value) ? OK : no('a thread is a map')
  }
  if (field !== 'messages' || change.path.length === 3) {
    if (change.container?.isNew) return OK
    // (Writing a key over removes its previous value: the update carries both.)
    return field !== undefined && THREAD_MUTABLE.has(field)
      ? OK
      : no('a thread’s anchor and messages list are set when it is started')
  }
  // A message in the thread's list.
  if (position !== '*') return no('messages are a list')
  if (change.path.length === 4) {
    // What was said stays said: a message is edited (its author's), never removed.
    if (change.op === 'delete') return no('messages are edited, not deleted')
    return change.node?.get('authorId') === writer.personId
      ? OK
      : no('a message is written by its author')
  }
  // A field of a message.
  const message = change.container
  if (!message) return no('messages are maps')
  if (message.isNew)
    return messageField !== 'authorId' || change.value === writer.personId
      ? OK
      : no('a message is written by its author')
  if (messageField !== undefined && MESSAGE_FIXED.has(messageField))
    return no('who wrote a message, and when, never changes')
  const authorId = message.get('authorId')
  return typeof authorId === 'string' && mayEditMessage(writer, authorId)
    ? OK
    : no('only its author edits a message')
}

/**
 * A mention in the business case says who wrote it (`by`), and the person mentioned is told so.
 * Whatever an update writes on a mention — a new one, or one the editor rewrites when text is
 * typed, moved, split or pasted around it — it must end up naming its writer as the author, or
 * a pair that already stands in the room (the same person mentioned by the same author). A
 * mention without an author claims nobody.
 */
function mentionRule(writer: Writer, change: WriteChange, facts: RoomFacts): WriteVerdict {
  const mention = change.container
  if (mention?.nodeName !== 'mention' || change.path.length < 2 || change.op === 'delete') return OK
  const key = change.path.at(-1)
  if (key !== 'by' && key !== 'id') return OK
  const by = mention.after('by')
  const personId = mention.after('id')
  if (by === undefined || by === null || by === writer.personId) return OK
  return typeof by === 'string' && typeof personId === 'string' && facts.hasMention(personId, by)
    ? OK
    : no('a mention says who wrote it')
}
