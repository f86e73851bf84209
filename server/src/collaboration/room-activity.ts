import * as Y from 'yjs'
import { isSellerTeam } from '../../../shared/src/access.ts'
import {
  type BusinessCaseSectionInfo,
  listSections,
  plainText,
  roots,
  sectionAt,
  sectionsTouched,
} from '../../../shared/src/room/index.ts'
import type { EngagementEvent, EngagementKind } from '../storage/storage.ts'
import { contextOf, excerpt, stringOf } from './activity-detail.ts'
import { coalescer } from './coalesce.ts'
import type { QuorumContext } from './context.ts'
import { watchThreads } from './thread-activity.ts'

/** Changes of one task or milestone by one person count once in this window (fields merged). */
export const COALESCE_MS = 60_000
/**
 * Business-case edits count per person and section at most once in this window, plus one at its
 * end if they kept typing: the latest event of a section is then its last edit, at most this late.
 * Shorter than COALESCE_MS because "who has read the latest version" compares reads with it.
 */
export const SECTION_WINDOW_MS = 15_000
/** Fields set this soon after adding a task or milestone are part of adding it. */
const ADDING_MS = 10_000

const PLAN_FIELDS: Record<'task' | 'milestone', string[]> = {
  task: ['status', 'ownerId', 'dueDate', 'title'],
  milestone: ['title', 'dueDate', 'status', 'signoffBy'],
}

/** The mention nodes inside an inserted piece of the business case. */
function mentionNodes(node: unknown, found: Y.XmlElement[] = []): Y.XmlElement[] {
  if (!(node instanceof Y.XmlElement)) return found
  if (node.nodeName === 'mention') found.push(node)
  else for (const child of node.toArray()) mentionNodes(child, found)
  return found
}

/** The top-level block of the business case holding a node. */
function blockOf(fragment: Y.XmlFragment, node: Y.XmlElement): Y.XmlElement | null {
  let current: unknown = node
  while (current instanceof Y.AbstractType && current.parent !== fragment) current = current.parent
  if (!(current instanceof Y.AbstractType)) return null
  return current instanceof Y.XmlElement ? current : null
}

/** Whether a change inside the business case can change its sections (their blocks or titles). */
function movesSections(fragment: Y.XmlFragment, target: Y.AbstractType<unknown>): boolean {
  if (target === fragment) return true
  let current: unknown = target
  while (current instanceof Y.AbstractType && current !== fragment) {
    if (current instanceof Y.XmlElement && current.nodeName === 'heading') return true
    current = current.parent
  }
  return false
}

/** The top-level block holding `target`, or null. */
function topBlock(fragment: Y.XmlFragment, target: Y.AbstractType<unknown>): unknown {
  let block: Y.AbstractType<unknown> = target
  while (block.parent !== fragment) {
    if (!(block.parent instanceof Y.AbstractType)) return null
    block = block.parent as Y.AbstractType<unknown>
  }
  return block
}

/** The sections of the business case, and the section each top-level block belongs to. */
interface SectionMap {
  sections: BusinessCaseSectionInfo[]
  sectionOf: Map<unknown, string | null>
}

function mapSections(doc: Y.Doc, fragment: Y.XmlFragment): SectionMap {
  const sections = listSections(doc)
  const sectionOf = new Map<unknown, string | null>()
  fragment.toArray().forEach((block, index) => {
    sectionOf.set(block, sectionAt(sections, index))
  })
  return { sections, sectionOf }
}

const titleIn = (sections: BusinessCaseSectionInfo[], sectionId: string) =>
  sections.find((section) => section.id === sectionId)?.title || sectionId

/** Whether a transaction inserted any Yjs type (only those can hold a mention). */
function insertedTypes(transaction: Y.Transaction): boolean {
  const store = transaction.doc.store
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0
    if (after <= before) continue
    const structs = store.clients.get(client) ?? []
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i]
      if (struct instanceof Y.Item && struct.content instanceof Y.ContentType) return true
    }
  }
  return false
}

/** Two changes of one task or milestone inside a window read as one, with both sets of fields. */
function mergeFields(waiting: EngagementEvent, next: EngagementEvent): EngagementEvent {
  const fields = (event: EngagementEvent) =>
    Array.isArray(event.detail.fields) ? (event.detail.fields as string[]) : []
  return {
    ...next,
    detail: { ...next.detail, fields: [...new Set([...fields(waiting), ...fields(next)])] },
  }
}

/**
 * Watches a loaded room document and turns what people do into activity events, stamped with
 * the server's clock and attributed to the connection that made the change. Changes that reach
 * this instance through Redis carry no connection and are not counted here: the instance that
 * received the edit records it, once. The internal document has only threads to watch.
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
  const coalesce = coalescer(record, now)
  const stops: Array<() => void> = []

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

  const observeDeep = (
    type: Y.Map<unknown> | Y.XmlFragment,
    handler: (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) => void,
  ) => {
    type.observeDeep(handler)
    stops.push(() => type.unobserveDeep(handler))
  }
  const observe = (
    type: Y.Map<unknown>,
    handler: (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => void,
  ) => {
    type.observe(handler)
    stops.push(() => type.unobserve(handler))
  }

  const watchPlan = (what: 'task' | 'milestone', collection: Y.Map<unknown>) => {
    const addedAt = new Map<string, number>()
    observeDeep(collection, (events, transaction) => {
      const context = contextOf(transaction.origin)
      if (!context) return
      for (const change of events) {
        if (change.target === collection) {
          for (const [id, key] of change.changes.keys) {
            const entry = collection.get(id)
            if (key.action !== 'add' || !(entry instanceof Y.Map)) continue
            record([
              make(context, `${what}.added`, {
                [`${what}Id`]: id,
                title: stringOf(entry, 'title'),
              }),
            ])
            addedAt.set(`${id}|${context.personId}`, now())
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
        if (
          now() - (addedAt.get(`${id}|${context.personId}`) ?? Number.NEGATIVE_INFINITY) <
          ADDING_MS
        )
          continue
        coalesce.add(
          `${what}|${id}|${context.personId}`,
          make(context, `${what}.changed`, { [`${what}Id`]: id, title, fields }),
          COALESCE_MS,
          mergeFields,
        )
      }
    })
  }

  const watchBusinessCase = () => {
    const fragment = roots.businessCase(doc)
    // The sections and each block's, kept from one edit to the next until blocks come or go or a
    // heading changes: typing in a paragraph (nearly every edit) then costs no walk through the
    // whole document, nor a list of its blocks.
    let cached: SectionMap | null = null
    observeDeep(fragment, (events, transaction) => {
      const moved = events.some((event) => movesSections(fragment, event.target))
      if (moved) cached = null
      const context = contextOf(transaction.origin)
      if (!context) return
      cached ??= mapSections(doc, fragment)
      const { sections, sectionOf } = cached
      // Edits inside blocks touch the sections of their blocks; anything that moves sections
      // is read by the shared rule, which handles insertions and deletions of blocks.
      let touched: string[]
      if (moved) touched = sectionsTouched(doc, events)
      else {
        touched = []
        for (const event of events) {
          const id = sectionOf.get(topBlock(fragment, event.target)) ?? null
          if (id !== null && !touched.includes(id)) touched.push(id)
        }
      }
      for (const sectionId of touched) {
        coalesce.add(
          `section|${sectionId}|${context.personId}`,
          make(context, 'business-case.edited', { sectionId, title: titleIn(sections, sectionId) }),
          SECTION_WINDOW_MS,
        )
      }
      // People mentioned in what was written: once per person and transaction, never yourself.
      // (Reading an event's changes computes its whole delta: only when a node was inserted.)
      if (!insertedTypes(transaction)) return
      const mentioned = new Map<string, EngagementEvent>()
      for (const change of events) {
        for (const item of change.changes.added) {
          if (!(item.content instanceof Y.ContentType)) continue
          for (const node of mentionNodes(item.content.type)) {
            const personId = node.getAttribute('id')
            if (typeof personId !== 'string' || personId === context.personId) continue
            if (mentioned.has(personId)) continue
            const block = blockOf(fragment, node)
            const sectionId = block ? (sectionOf.get(block) ?? null) : null
            mentioned.set(
              personId,
              make(context, 'person.mentioned', {
                mentioned: personId,
                present: isPresent(personId),
                where: 'business-case',
                sectionId,
                title: sectionId ? titleIn(sections, sectionId) : null,
                excerpt: block ? excerpt(plainText(block)) : '',
                internal,
              }),
            )
          }
        }
      }
      if (mentioned.size > 0) record([...mentioned.values()])
    })
  }

  const watchConsensus = () => {
    const consensus = roots.consensus(doc)
    observe(consensus, (change, transaction) => {
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
    })
  }

  const watchStakeholders = () => {
    const stakeholders = roots.stakeholders(doc)
    observe(stakeholders, (change, transaction) => {
      const context = contextOf(transaction.origin)
      if (!context) return
      for (const [id, key] of change.changes.keys) {
        const entry = stakeholders.get(id)
        if (key.action !== 'add' || !(entry instanceof Y.Map)) continue
        record([
          make(context, 'stakeholder.added', { stakeholderId: id, name: stringOf(entry, 'name') }),
        ])
      }
    })
  }

  stops.push(watchThreads(doc, internal, make, record, isPresent))
  if (!internal) {
    watchPlan('task', roots.tasks(doc))
    watchPlan('milestone', roots.milestones(doc))
    watchBusinessCase()
    watchConsensus()
    watchStakeholders()
  }

  /** Stops watching; records the merged changes still waiting for their window to end. */
  return () => {
    coalesce.flushAll()
    for (const stop of stops) stop()
  }
}
