import type { QuorumContext } from './context.ts'

/**
 * The most a presence state may weigh as JSON (UTF-8 bytes). What the web app publishes (who,
 * where, which business-case sections are on screen, the caret) stays well under 1 KiB; a larger
 * state is not presence, and is dropped whole rather than relayed to everyone in the room.
 */
export const MAX_PRESENCE_STATE_BYTES = 4 * 1024

/** Section ids (`section`, `reading`) are short slugs. */
const SECTION_ID = /^[A-Za-z0-9_-]{1,64}$/
/** Business-case sections one screen can show at once, with room to spare. */
const MAX_READING = 32
const COLOR = /^#[0-9a-fA-F]{6}$/
/** Version and page numbers a document in the viewer may have. */
const MAX_DOCUMENT_NUMBER = 1_000_000
/** Root type names of the room document (`tname` of a caret position). */
const MAX_TYPE_NAME = 64

type State = Record<string, unknown>

const isRecord = (value: unknown): value is State =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A Yjs id `{ client, clock }`: two unsigned integers. */
function id(value: unknown): { client: number; clock: number } | undefined {
  if (!isRecord(value)) return undefined
  const { client, clock } = value
  if (!Number.isSafeInteger(client) || !Number.isSafeInteger(clock)) return undefined
  if ((client as number) < 0 || (clock as number) < 0) return undefined
  return { client: client as number, clock: clock as number }
}

const positive = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= MAX_DOCUMENT_NUMBER

/** The document open in the viewer: `{ id, version, page }`, rebuilt key by key, or null. */
function openDocument(value: unknown): State | null | undefined {
  if (value === null) return null
  if (!isRecord(value)) return undefined
  const { id, version, page } = value
  if (typeof id !== 'string' || !SECTION_ID.test(id) || !positive(version) || !positive(page))
    return undefined
  return { id, version, page }
}

/** A Yjs relative position as JSON (`type`, `tname`, `item`, `assoc`), rebuilt key by key. */
function relativePosition(value: unknown): State | undefined {
  if (!isRecord(value)) return undefined
  const position: State = {}
  for (const key of ['type', 'item'] as const) {
    if (value[key] === undefined || value[key] === null) {
      if (key in value) position[key] = null
      continue
    }
    const parsed = id(value[key])
    if (!parsed) return undefined
    position[key] = parsed
  }
  const { tname, assoc } = value
  if (tname !== undefined && tname !== null) {
    if (typeof tname !== 'string' || tname.length > MAX_TYPE_NAME) return undefined
    position.tname = tname
  } else if ('tname' in value) position.tname = null
  if (assoc !== undefined && assoc !== null) {
    if (!Number.isSafeInteger(assoc)) return undefined
    position.assoc = assoc
  }
  return position
}

/**
 * The fields the web app publishes, each with the shape it may have. A field that does not fit
 * is left out; `undefined` leaves it out.
 */
const FIELDS: Array<[string, (value: unknown) => unknown]> = Object.entries({
  // The section on screen (presence/usePresence.ts); null on seller-only sections.
  section: (value) =>
    value === null || (typeof value === 'string' && SECTION_ID.test(value)) ? value : undefined,
  // False while the tab is hidden or idle (presence/usePresence.ts).
  active: (value) => (typeof value === 'boolean' ? value : undefined),
  // Business-case sections on screen (business-case/reading.ts); null when the editor closes.
  reading: (value) => {
    if (value === null) return null
    if (!Array.isArray(value) || value.length > MAX_READING) return undefined
    return value.every((item) => typeof item === 'string' && SECTION_ID.test(item))
      ? value
      : undefined
  },
  // The document open in the viewer and the page on screen (documents/Viewer.tsx), or null.
  document: openDocument,
  // The caret of @tiptap/extension-collaboration-caret: `{ anchor, head }`, or null.
  cursor: (value) => {
    if (value === null) return null
    if (!isRecord(value)) return undefined
    const anchor = relativePosition(value.anchor)
    const head = relativePosition(value.head)
    return anchor && head ? { anchor, head } : undefined
  },
} satisfies Record<string, (value: unknown) => unknown>)

/**
 * The presence state the room may see for this connection: the known fields that fit, and a
 * `user` stamped from the authenticated connection (the client's colour is kept when it is a
 * plain colour: it is cosmetic). Anything else the client sent is dropped.
 */
export function presenceState(state: State, context: QuorumContext): State {
  const clean: State = {}
  for (const [field, check] of FIELDS) {
    if (!(field in state)) continue
    const value = check(state[field])
    if (value !== undefined) clean[field] = value
  }
  const claimedColor = isRecord(state.user) ? state.user.color : undefined
  clean.user = {
    id: context.personId,
    name: context.name,
    role: context.role,
    ...(typeof claimedColor === 'string' && COLOR.test(claimedColor)
      ? { color: claimedColor }
      : {}),
  }
  return clean
}

/** Whether a state (as the JSON it arrived in, or as parsed) is too big to be presence. */
export function presenceTooBig(json: Uint8Array | State): boolean {
  const bytes =
    json instanceof Uint8Array ? json.byteLength : Buffer.byteLength(JSON.stringify(json))
  return bytes > MAX_PRESENCE_STATE_BYTES
}
