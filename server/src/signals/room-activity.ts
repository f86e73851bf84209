import * as Y from 'yjs'
import { isSellerTeam } from '../../../shared/src/access.ts'
import { listSections, roots, sectionsTouched } from '../../../shared/src/room/index.ts'
import type { QuorumContext } from '../collaboration/context.ts'
import type { EngagementEvent, EngagementKind } from '../storage/storage.ts'

/** A change of the same kind to the same thing by the same person counts once in this window. */
export const COALESCE_MS = 60_000
/**
 * Business-case edits count per person and section at most once in this window, plus one at its
 * end if they kept typing: the latest event of a section is then its last edit, at most this late.
 */
export const SECTION_WINDOW_MS = 15_000
const EXCERPT = 140

type Base = { roomId: string; personId: string; side: 'buyer' | 'seller' }

/** The connection behind a transaction, or null when the server itself (or Redis) wrote. */
export function contextOf(origin: unknown): QuorumContext | null {
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

const excerpt = (text: unknown) => {
  const value = typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : ''
  return value.length > EXCERPT ? `${value.slice(0, EXCERPT - 1)}…` : value
}

const stringOf = (map: Y.Map<unknown>, key: string) => {
  const value = map.get(key)
  return typeof value === 'string' ? value : ''
}

const PLAN_FIELDS: Record<'task' | 'milestone', string[]> = {
  task: ['status', 'ownerId', 'dueDate', 'title'],
  milestone: ['title', 'dueDate', 'status', 'signoffBy'],
}

/** The mention nodes inside an inserted piece of the business case. */
function mentionsIn(node: unknown, found: string[] = []): string[] {
  if (!(node instanceof Y.XmlElement)) return found
  if (node.nodeName === 'mention') {
    const id = node.getAttribute('id')
    if (typeof id === 'string') found.push(id)
    return found
  }
  for (const child of node.toArray()) mentionsIn(child, found)
  return found
}

/**
 * Watches a loaded room document and turns what people do into activity events, stamped with
 * the server's clock and attributed to the connection that made the change. Changes that reach
 * this instance through Redis carry no connection and are not counted here: the instance that
 * received the edit records it, once.
 *
 * Business-case edits count per person and section, at most once in 15 s, plus one more at the
 * end of that window if they kept typing (so the latest event of a section is its last edit).
 */
export function watchRoom(
  doc: Y.Doc,
  roomId: string,
  internal: boolean,
  record: (events: EngagementEvent[]) => void,
  now: () => number,
  /** Whether a person has the room open right now (presence is shared between instances). */
  isPresent: (personId: string) => boolean = () => false,
): () => void {
  const lastOf = new Map<string, number>()
  const trailing = new Map<string, { timer: NodeJS.Timeout; event: EngagementEvent }>()
  const observers: Array<() => void> = []

  const make = (
    context: QuorumContext,
    kind: EngagementKind,
    detail: Record<string, unknown>,
  ): EngagementEvent => ({
    roomId,
    personId: context.personId,
    side: isSellerTeam(context.role) ? 'seller' : 'buyer',
    kind,
    section: null,
    durationMs: null,
    detail: internal ? { ...detail, internal: true } : detail,
    at: now(),
  })
  /** Records at most one event per key and window; returns whether it did. */
  const once = (key: string, event: EngagementEvent, window = COALESCE_MS): boolean => {
    if (event.at - (lastOf.get(key) ?? Number.NEGATIVE_INFINITY) < window) return false
    lastOf.set(key, event.at)
    record([event])
    return true
  }

  const observe = (
    type: Y.Map<unknown> | Y.XmlFragment,
    handler: (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) => void,
  ) => {
    type.observeDeep(handler)
    observers.push(() => type.unobserveDeep(handler))
  }

  const watchPlan = (what: 'task' | 'milestone', collection: Y.Map<unknown>) => {
    observe(collection, (events, transaction) => {
      const context = contextOf(transaction.origin)
      if (!context) return
      for (const change of events) {
        if (change.target === collection) {
          for (const [id, key] of change.changes.keys) {
            const entry = collection.get(id)
            if (key.action === 'add' && entry instanceof Y.Map) {
              const title = stringOf(entry, 'title')
              record([make(context, `${what}.added`, { [`${what}Id`]: id, title })])
              // A new entry's fields come in the same transaction: not a change on top.
              lastOf.set(`${what}|${id}|${context.personId}`, now())
            }
          }
          continue
        }
        if (!(change instanceof Y.YMapEvent) || !(change.target instanceof Y.Map)) continue
        const entry = change.target
        const id = change.path[0]
        if (typeof id !== 'string' || change.path.length !== 1) continue
        const title = stringOf(entry, 'title')
        if (what === 'task' && change.keysChanged.has('status') && entry.get('status') === 'done') {
          record([make(context, 'task.completed', { taskId: id, title })])
          continue
        }
        const fields = PLAN_FIELDS[what].filter((field) => change.keysChanged.has(field))
        if (fields.length === 0) continue
        once(
          `${what}|${id}|${context.personId}`,
          make(context, `${what}.changed`, { [`${what}Id`]: id, title, fields }),
        )
      }
    })
  }

  const watchBusinessCase = () => {
    observe(roots.businessCase(doc), (events, transaction) => {
      const context = contextOf(transaction.origin)
      if (!context) return
      const titles = new Map(listSections(doc).map((section) => [section.id, section.title]))
      const touched = sectionsTouched(doc, events)
      for (const sectionId of touched) {
        const key = `section|${sectionId}|${context.personId}`
        const event = make(context, 'business-case.edited', {
          sectionId,
          title: titles.get(sectionId) ?? sectionId,
        })
        if (once(key, event, SECTION_WINDOW_MS)) continue
        // Inside the window: remember the latest edit and record it when the window ends.
        const pending = trailing.get(key)
        if (pending) {
          pending.event = event
          continue
        }
        const started = lastOf.get(key) ?? event.at
        const timer = setTimeout(
          () => flush(key),
          Math.max(0, started + SECTION_WINDOW_MS - event.at),
        )
        timer.unref()
        trailing.set(key, { timer, event })
      }
      // Mentions written into the text.
      const mentioned = new Set<string>()
      for (const change of events) {
        for (const item of change.changes.added) {
          const content = item.content
          if (!(content instanceof Y.ContentType)) continue
          for (const id of mentionsIn(content.type)) mentioned.add(id)
        }
      }
      for (const personId of mentioned) {
        if (personId === context.personId) continue
        const sectionId = touched[0] ?? null
        record([
          make(context, 'person.mentioned', {
            mentioned: personId,
            present: isPresent(personId),
            where: 'business-case',
            sectionId,
            excerpt: sectionId
              ? `in the business case, ${titles.get(sectionId) ?? sectionId}`
              : 'in the business case',
          }),
        ])
      }
    })
  }

  const flush = (key: string) => {
    const pending = trailing.get(key)
    if (!pending) return
    clearTimeout(pending.timer)
    trailing.delete(key)
    lastOf.set(key, pending.event.at)
    record([pending.event])
  }

  const watchComments = () => {
    const comments = roots.comments(doc)
    observe(comments, (events, transaction) => {
      const context = contextOf(transaction.origin)
      if (!context) return
      const out: EngagementEvent[] = []
      const mentionEvents = (threadId: string, message: Y.Map<unknown>) => {
        const mentions = message.get('mentions')
        if (!Array.isArray(mentions)) return
        for (const personId of new Set(
          mentions.filter((m): m is string => typeof m === 'string'),
        )) {
          if (personId === context.personId) continue
          out.push(
            make(context, 'person.mentioned', {
              mentioned: personId,
              present: isPresent(personId),
              where: 'comment',
              threadId,
              excerpt: excerpt(message.get('body')),
            }),
          )
        }
      }
      const added = (
        threadId: string,
        message: unknown,
        reply: boolean,
        anchor: Record<string, unknown>,
      ) => {
        if (!(message instanceof Y.Map)) return
        out.push(
          make(context, 'comment.added', {
            threadId,
            messageId: stringOf(message, 'id'),
            anchor,
            excerpt: excerpt(message.get('body')),
            reply,
          }),
        )
        mentionEvents(threadId, message)
      }
      const anchorOf = (thread: Y.Map<unknown>) => {
        const kind = stringOf(thread, 'anchorKind')
        return kind === 'text' ? { kind } : { kind, id: stringOf(thread, 'anchorId') }
      }
      for (const change of events) {
        if (change.target === comments) {
          for (const [threadId, key] of change.changes.keys) {
            const thread = comments.get(threadId)
            if (key.action !== 'add' || !(thread instanceof Y.Map)) continue
            const messages = thread.get('messages')
            if (messages instanceof Y.Array)
              added(threadId, messages.get(0), false, anchorOf(thread))
          }
        } else if (change instanceof Y.YArrayEvent && change.target.parent instanceof Y.Map) {
          const thread = change.target.parent
          const threadId = String(change.path[0] ?? '')
          // A thread created in this transaction was counted above with its first message.
          if (
            events.some(
              (e) => e.target === comments && e.changes.keys.get(threadId)?.action === 'add',
            )
          )
            continue
          for (const item of change.changes.added) {
            for (const message of item.content.getContent())
              added(threadId, message, true, anchorOf(thread))
          }
        } else if (
          change instanceof Y.YMapEvent &&
          change.target.parent === comments &&
          change.keysChanged.has('resolved')
        ) {
          const thread = change.target as Y.Map<unknown>
          out.push(
            make(context, thread.get('resolved') === true ? 'thread.resolved' : 'thread.reopened', {
              threadId: String(change.path[0] ?? ''),
            }),
          )
        }
      }
      if (out.length > 0) record(out)
    })
  }

  const watchConsensus = () => {
    const consensus = roots.consensus(doc)
    const handler = (change: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
      const context = contextOf(transaction.origin)
      if (!context) return
      for (const key of change.keysChanged) {
        const mark = consensus.get(key) as { stance?: unknown; note?: unknown } | undefined
        if (!mark) continue
        record([
          make(context, 'consensus.marked', {
            item: key.slice(0, key.lastIndexOf('|')),
            stance: String(mark.stance ?? ''),
            note: excerpt(mark.note),
          }),
        ])
      }
    }
    consensus.observe(handler)
    observers.push(() => consensus.unobserve(handler))
  }

  const watchStakeholders = () => {
    const stakeholders = roots.stakeholders(doc)
    const handler = (change: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
      const context = contextOf(transaction.origin)
      if (!context) return
      for (const [id, key] of change.changes.keys) {
        const entry = stakeholders.get(id)
        if (key.action === 'add' && entry instanceof Y.Map) {
          record([
            make(context, 'stakeholder.added', {
              stakeholderId: id,
              name: stringOf(entry, 'name'),
            }),
          ])
        }
      }
    }
    stakeholders.observe(handler)
    observers.push(() => stakeholders.unobserve(handler))
  }

  watchComments()
  if (!internal) {
    watchPlan('task', roots.tasks(doc))
    watchPlan('milestone', roots.milestones(doc))
    watchBusinessCase()
    watchConsensus()
    watchStakeholders()
  }

  /** Stops watching; records the trailing edits still waiting for their window to end. */
  return () => {
    for (const key of [...trailing.keys()]) flush(key)
    for (const stop of observers) stop()
  }
}
