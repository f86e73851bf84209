import * as Y from 'yjs'
import {
  importantSectionIds,
  listConsensus,
  listMilestones,
  listStakeholders,
  listTasks,
  listThreads,
  readMeta,
  roots,
} from '../../../../shared/src/room/index.ts'
import { businessCaseText, isDeleted } from './business-case.ts'
import type { EntityKey, FinalRoom, Ledger } from './ledger.ts'

/** What people read in the room document: every root through its accessor. */
export function readableRoom(doc: Y.Doc) {
  return {
    meta: readMeta(doc),
    milestones: listMilestones(doc),
    tasks: listTasks(doc),
    stakeholders: listStakeholders(doc),
    threads: listThreads(doc),
    consensus: listConsensus(doc),
    businessCase: roots.businessCase(doc).toString(),
  }
}

/** What the seller team reads in the internal document. */
export function readableInternal(doc: Y.Doc) {
  return { threads: listThreads(doc), importantSections: importantSectionIds(doc) }
}

/** A document's state vector as a sorted list (its encoding depends on the order clients came). */
export function stateVector(doc: Y.Doc): Array<[number, number]> {
  return [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b)
}

/**
 * Whether `doc` holds everything in `known` (a snapshot: what was inserted, and deleted): the
 * server keeps what it acknowledged.
 */
export function covers(doc: Y.Doc, known: Y.Snapshot): boolean {
  const { sv, ds } = Y.snapshot(doc)
  for (const [client, clock] of known.sv) if ((sv.get(client) ?? 0) < clock) return false
  for (const [client, ranges] of known.ds.clients) {
    for (const range of ranges) {
      const ends = [range.clock, range.clock + range.len - 1]
      if (ends.some((clock) => !Y.isDeleted(ds, Y.createID(client, clock)))) return false
    }
  }
  return true
}

/** A copy of a document's state, to compare with later. */
export function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

/**
 * Null when the two documents are the same (state vector, deletions, readable content),
 * otherwise what differs.
 */
export function difference(a: Y.Doc, b: Y.Doc, internal: boolean): string | null {
  const vectors = [JSON.stringify(stateVector(a)), JSON.stringify(stateVector(b))]
  if (vectors[0] !== vectors[1]) return `state vectors differ: ${vectors[0]} / ${vectors[1]}`
  if (!Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))) return deletionsDiffer(a, b)
  const read = internal ? readableInternal : readableRoom
  const [left, right] = [read(a), read(b)] as Array<Record<string, unknown>>
  for (const key of Object.keys(left ?? {})) {
    const [x, y] = [serialise(left?.[key]), serialise(right?.[key])]
    if (x !== y) return `${key} differs:\n  ${x.slice(0, 600)}\n  ${y.slice(0, 600)}`
  }
  return null
}

/** Which items one document has deleted and the other has not, and what they are. */
function deletionsDiffer(a: Y.Doc, b: Y.Doc): string {
  const deleted = (doc: Y.Doc) => {
    const ids = new Set<string>()
    for (const [client, ranges] of Y.snapshot(doc).ds.clients)
      for (const range of ranges)
        for (let clock = range.clock; clock < range.clock + range.len; clock++)
          ids.add(`${client}:${clock}`)
    return ids
  }
  const [left, right] = [deleted(a), deleted(b)]
  const only = (x: Set<string>, y: Set<string>) => [...x].filter((id) => !y.has(id))
  const describe = (doc: Y.Doc, id: string) => {
    const [client = 0, clock = 0] = id.split(':').map(Number)
    const structs = doc.store.clients.get(client) ?? []
    const struct = structs[Y.findIndexSS(structs, clock)]
    if (!(struct instanceof Y.Item)) return `${id} (gone)`
    const parent = struct.parent instanceof Y.AbstractType ? struct.parent : null
    const where = parent?._item ? `in ${parent.constructor.name}` : `in a root`
    return `${id} ${struct.content.constructor.name} ${JSON.stringify(struct.content.getContent()).slice(0, 80)} ${where}${struct.parentSub ? ` key ${struct.parentSub}` : ''}`
  }
  const first = only(left, right)
  const second = only(right, left)
  return (
    `deletions differ: ${first.length} deleted only in the first, ${second.length} only in the second; ` +
    `e.g. ${[...first.slice(0, 3).map((id) => describe(b, id)), ...second.slice(0, 3).map((id) => describe(a, id))].join('; ')}`
  )
}

function serialise(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item instanceof Uint8Array ? Array.from(item) : item,
  )
}

/** Every entity the ledger speaks of, with the fields it checks, as the final room holds them. */
export function finalRoom(shared: Y.Doc, internal: Y.Doc): FinalRoom {
  const entities = new Map<EntityKey, Record<string, unknown>>()
  entities.set('meta', { title: readMeta(shared).title })
  for (const milestone of listMilestones(shared))
    entities.set(`milestone:${milestone.id}`, { title: milestone.title })
  for (const task of listTasks(shared)) entities.set(`task:${task.id}`, { title: task.title })
  for (const person of listStakeholders(shared))
    entities.set(`stakeholder:${person.id}`, { name: person.name })
  for (const [kind, doc] of [
    ['shared', shared],
    ['internal', internal],
  ] as const) {
    for (const thread of listThreads(doc)) {
      entities.set(`thread:${kind}:${thread.id}`, { resolved: thread.resolved })
      for (const message of thread.messages)
        entities.set(`message:${kind}:${message.id}`, { body: message.body })
    }
  }
  for (const mark of listConsensus(shared))
    entities.set(`mark:${mark.itemKey}|${mark.personId}`, { value: `${mark.stance}:${mark.note}` })
  for (const section of importantSectionIds(internal))
    entities.set(`important:${section}`, { value: true })
  return {
    entities,
    businessCaseText: businessCaseText(shared),
    textDeleted: (container) => isDeleted(shared, container),
  }
}

/** What the room held before the run: values the ledger accepts as a field's final value. */
export function recordBaseline(ledger: Ledger, shared: Y.Doc): void {
  ledger.baseline('meta', 'title', readMeta(shared).title)
  for (const milestone of listMilestones(shared))
    ledger.baseline(`milestone:${milestone.id}`, 'title', milestone.title)
  for (const task of listTasks(shared)) ledger.baseline(`task:${task.id}`, 'title', task.title)
  for (const person of listStakeholders(shared))
    ledger.baseline(`stakeholder:${person.id}`, 'name', person.name)
  for (const child of roots.businessCase(shared).toArray()) {
    const section = child instanceof Y.XmlElement ? child.getAttribute('sectionId') : undefined
    if (typeof section === 'string') ledger.baseline(`important:${section}`, 'value', null)
  }
}
