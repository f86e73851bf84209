import type { Connection, Document } from '@hocuspocus/server'
import {
  CloseCodes,
  parseDocumentName,
  WRITE_REFUSED,
  type WriteRefusal,
  type WriteRefusalCode,
} from '../../../shared/src/protocol.ts'
import { listTextMentions } from '../../../shared/src/room/index.ts'
import {
  checkWrite,
  type RoomFacts,
  type WriteChange,
} from '../../../shared/src/room/write-rules.ts'
import { audit } from '../access/audit.ts'
import type { Storage } from '../storage/storage.ts'
import type { QuorumContext, QuorumExtension } from './context.ts'
import { readUpdateChanges } from './update-changes.ts'

export interface WriteLimits {
  /** Largest single update a client may send, in bytes (`MAX_UPDATE_BYTES`). */
  maxUpdateBytes: number
  /** Largest a room's document may grow, in bytes as stored (`MAX_ROOM_BYTES`). */
  maxRoomBytes: number
}

export const DEFAULT_WRITE_LIMITS: WriteLimits = {
  maxUpdateBytes: 2 * 1024 * 1024,
  maxRoomBytes: 32 * 1024 * 1024,
}

export interface WriteGuard {
  extension: QuorumExtension
  /** Durability reports a document's stored size when it loads and each time it is compacted. */
  storedSize(documentName: string, bytes: number): void
  /**
   * The same check as `beforeSync`, synchronously, for the socket's edit fast path: true when the
   * update is accepted (and recorded as `beforeSync` records it), false when it would be refused,
   * with nothing changed, so the caller hands it to Hocuspocus, whose `beforeSync` refuses it.
   */
  accepts(
    document: Document,
    context: QuorumContext,
    readOnly: boolean,
    payload: Uint8Array,
  ): boolean
}

const NOTHING_WAITING: readonly Uint8Array[] = []
/** At most one audit row per person and room in this window for refused writes. */
const AUDIT_EVERY_MS = 60_000
/** How much a writer's updates waiting for earlier content may hold, in maximal updates. */
const WAITING_UPDATES_LIMIT = 4
const MIB = 1024 * 1024
/** A reason from the write rules as a sentence of its own. */
const sentence = (reason: string) => `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`
const mib = (bytes: number) => `${(bytes / MIB).toFixed(bytes < MIB ? 2 : 1)} MiB`

/**
 * Thrown from `beforeSync`, so that Hocuspocus applies nothing and closes the document's
 * connection with our code and reason. Its message is empty — Hocuspocus would log a message once
 * per extension — and what it logs once, on closing, is the one line of its stack.
 */
class Refused extends Error {
  constructor(refusal: WriteRefusal) {
    super('')
    this.name = 'WriteRefused'
    this.stack = `WriteRefused (${refusal.code}): ${refusal.message}`
    Object.defineProperties(this, {
      code: { value: CloseCodes.writeRefused.code },
      reason: { value: CloseCodes.writeRefused.reason },
    })
  }
}

/**
 * Nothing a client writes is trusted. Every update is read before it is applied and acknowledged
 * (`beforeSync`, which Hocuspocus awaits), resolved into the changes it would make, and held
 * against the write rules in shared/src/room/write-rules.ts: a mark under another person's key, a
 * message with another author, a field the role may not touch, a size over the limits. One change
 * refused refuses the whole update (Yjs cannot apply part of one): nothing is applied, stored or
 * broadcast, the sender is told why in a stateless message and its document is closed, so that it
 * starts again from the server's copy instead of silently diverging; the refusal is audited.
 *
 * Yjs client ids are bound to the person present with them or the first who writes with them,
 * for as long as the room is loaded: content under a client id is only ever added by its owner, so
 * nobody can fill the clock range someone else's next edits would use (those edits would then be
 * dropped everywhere).
 */
export function writeGuard(storage: Storage, limits: WriteLimits): WriteGuard {
  /** Bytes of each loaded document as stored: the last snapshot plus every update since. */
  const sizes = new Map<string, number>()
  /** Per loaded document: Yjs client id → the person writing with it. */
  const owners = new Map<string, Map<number, string>>()
  /**
   * Per loaded document and person: updates applied with content Yjs keeps aside until what it
   * follows arrives (edits sent before it, a sync reply on its way). They are read again, with
   * their writer's rights, together with each later update of the same person.
   */
  const parked = new Map<string, Map<string, Uint8Array[]>>()
  /** When each person's last refusal in a room was audited, and how many came since. */
  const audited = new Map<string, { at: number; unrecorded: number }>()
  const park = (name: string, personId: string, updates: Uint8Array[]) => {
    // Nothing waits, nothing waited (nearly every edit): nothing to do.
    if (updates.length === 0 && !parked.get(name)?.has(personId)) return
    const byPerson = parked.get(name) ?? new Map<string, Uint8Array[]>()
    if (updates.length > 0) byPerson.set(personId, updates)
    else byPerson.delete(personId)
    if (byPerson.size > 0) parked.set(name, byPerson)
    else parked.delete(name)
  }

  const refuse = async (
    document: Document,
    connection: Connection,
    context: QuorumContext,
    code: WriteRefusalCode,
    message: string,
    bytes: number,
  ): Promise<never> => {
    const refusal: WriteRefusal = { type: WRITE_REFUSED, code, message }
    // The writer starts again from the server's copy: what was waiting is theirs no more.
    park(document.name, context.personId, [])
    connection.sendStateless(JSON.stringify(refusal))
    // One row per person and room a minute at most, saying how many more were refused since: a
    // client that keeps sending what is refused must not fill the audit log.
    const key = `${document.name}|${context.personId}`
    const now = Date.now()
    const last = audited.get(key)
    if (last && now - last.at < AUDIT_EVERY_MS) last.unrecorded++
    else {
      audited.set(key, { at: now, unrecorded: 0 })
      await audit(storage, {
        roomId: context.roomId,
        actor: context.personId,
        action: 'write.refused',
        subject: document.name,
        detail: { code, message, bytes, role: context.role, refusedSince: last?.unrecorded ?? 0 },
        ip: null,
      })
    }
    throw new Refused(refusal)
  }

  /**
   * Who shows a client id in presence: a client's presence and its edits share one id, and the
   * presence guard stamps every state with the person it belongs to (on whichever instance they
   * are connected), so an id someone is present with is theirs before they have written anything.
   */
  const presenceHolder = (document: Document, client: number): string | undefined => {
    const user = document.awareness.getStates().get(client)?.user as { id?: unknown } | undefined
    return typeof user?.id === 'string' ? user.id : undefined
  }

  /**
   * Per loaded room document: every `mentioned|author` pair that has stood in its business case —
   * from the server's own record of who mentioned whom (`person.mentioned`, attributed to the
   * connection that wrote it) and from what it accepts — so a mention moved after its author
   * deleted the original (an edit made offline meanwhile) still counts as theirs.
   */
  const mentionPairs = new Map<string, Set<string>>()
  const pair = (personId: unknown, by: unknown) =>
    typeof personId === 'string' && typeof by === 'string' ? `${personId}|${by}` : null

  const factsOf = (document: Document): RoomFacts => {
    let standing: Set<string> | null = null
    return {
      hasMention(personId, by) {
        const key = `${personId}|${by}`
        if (mentionPairs.get(document.name)?.has(key)) return true
        // Mentions that came from another instance have not been through this guard.
        standing ??= new Set(listTextMentions(document).map((m) => `${m.personId}|${m.by}`))
        return standing.has(key)
      },
    }
  }

  /** Remembers the mentions an accepted update writes. */
  const rememberMentions = (name: string, changes: readonly WriteChange[]) => {
    for (const change of changes) {
      if (change.op !== 'set' || change.container?.nodeName !== 'mention') continue
      const written = pair(change.container.after('id'), change.container.after('by'))
      if (written) mentionPairs.get(name)?.add(written)
    }
  }

  /**
   * Reads an update and holds it against the rules and limits; returns why it is refused, or null
   * when it is accepted, after recording its client ids and what it waits for. Synchronous, so the
   * edit fast path can use it too (the refusal itself, which awaits the audit, is `refuse`).
   */
  const inspect = (
    document: Document,
    context: QuorumContext,
    readOnly: boolean,
    payload: Uint8Array,
  ): { code: WriteRefusalCode; message: string } | null => {
    const name = document.name
    if (payload.byteLength > limits.maxUpdateBytes) {
      return {
        code: 'too-large',
        message: `This change is too large to save (${mib(payload.byteLength)}; the limit is ${mib(limits.maxUpdateBytes)}).`,
      }
    }
    const writer = { personId: context.personId, role: context.role }
    const owned = owners.get(name) ?? new Map<number, string>()
    // Earlier updates of this writer still waiting for content, read again with this one.
    const waiting = parked.get(name)?.get(writer.personId) ?? NOTHING_WAITING
    let waitingBytes = 0
    for (const update of waiting) waitingBytes += update.byteLength
    if (waitingBytes + payload.byteLength > WAITING_UPDATES_LIMIT * limits.maxUpdateBytes) {
      return { code: 'malformed', message: 'These changes follow earlier ones that never arrived.' }
    }
    const updates = waiting.length === 0 ? [payload] : [...waiting, payload]
    const read = readUpdateChanges(document, updates)
    if (read.unreadable !== null) {
      return {
        code: 'malformed',
        message: sentence(`this change could not be read: ${read.unreadable}`),
      }
    }
    for (const client of [...read.clients, ...read.missing]) {
      const owner = owned.get(client) ?? presenceHolder(document, client)
      if (owner !== undefined && owner !== writer.personId) {
        return {
          code: 'not-allowed',
          message: 'This change was made under another person’s editing session.',
        }
      }
    }
    if (read.changes.length > 0) {
      // Removing content is always possible, so a full room can be made smaller again.
      const grows = read.changes.some((change) => change.op === 'set')
      if (grows && (sizes.get(name) ?? 0) + payload.byteLength > limits.maxRoomBytes) {
        return {
          code: 'room-full',
          message: `This room has reached its size limit (${mib(limits.maxRoomBytes)}); the change was not saved. Remove something large, or ask the seller team.`,
        }
      }
      const facts = factsOf(document)
      for (const change of read.changes) {
        const verdict = checkWrite(context.documentKind, writer, change, facts)
        if (!verdict.ok) {
          return { code: readOnly ? 'read-only' : 'not-allowed', message: sentence(verdict.reason) }
        }
      }
    }
    // The content waited for can only be the writer's own (their edits sent before, or kept on
    // their device): those client ids are theirs from now on, so nobody else can complete it.
    for (const client of [...read.clients, ...read.missing]) owned.set(client, writer.personId)
    owners.set(name, owned)
    rememberMentions(name, read.changes)
    park(name, writer.personId, read.missing.size > 0 ? updates : [])
    return null
  }

  const extension: QuorumExtension = {
    extensionName: 'quorum-write-guard',

    async beforeSync({ type, payload, connection, document, context }) {
      // y-protocols sync: 0 asks for what it lacks; 1 (SyncStep2) and 2 (update) change the document.
      if (type !== 1 && type !== 2) return
      const refusal = inspect(document, context, connection.readOnly, payload)
      if (refusal)
        await refuse(
          document,
          connection,
          context,
          refusal.code,
          refusal.message,
          payload.byteLength,
        )
    },

    async afterLoadDocument({ document, documentName }) {
      // Every change from now on counts towards the room's size (loading set it as stored). On the
      // document, not in onChange: the edit fast path skips Hocuspocus's onChange chain.
      document.on('update', (update: Uint8Array) => {
        sizes.set(documentName, (sizes.get(documentName) ?? 0) + update.byteLength)
      })
      const address = parseDocumentName(documentName)
      if (address?.kind !== 'shared') return
      const pairs = new Set<string>()
      for (const mention of listTextMentions(document)) {
        const standing = pair(mention.personId, mention.by)
        if (standing) pairs.add(standing)
      }
      const record = await storage.listEvents({
        roomId: address.roomId,
        kinds: ['person.mentioned'],
      })
      for (const event of record) {
        const recorded =
          event.detail.where === 'business-case' && pair(event.detail.mentioned, event.personId)
        if (recorded) pairs.add(recorded)
      }
      mentionPairs.set(documentName, pairs)
    },

    async afterUnloadDocument({ documentName }) {
      for (const key of audited.keys()) if (key.startsWith(`${documentName}|`)) audited.delete(key)
      sizes.delete(documentName)
      owners.delete(documentName)
      parked.delete(documentName)
      mentionPairs.delete(documentName)
    },
  }

  return {
    extension,
    storedSize(documentName, bytes) {
      sizes.set(documentName, bytes)
    },
    accepts: (document, context, readOnly, payload) =>
      inspect(document, context, readOnly, payload) === null,
  }
}
