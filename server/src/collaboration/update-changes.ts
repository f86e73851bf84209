import * as Y from 'yjs'
import {
  type ChangeNode,
  SharedTypeValue,
  type WriteChange,
} from '../../../shared/src/room/write-rules.ts'

/**
 * Reads a client's Yjs updates, before they are applied, as the changes they would make to a
 * document: each insertion and deletion resolved to its place (a path from a root through map
 * keys) the way Yjs itself would integrate it — a new item's parent comes from its left origin,
 * else its right origin, else the parent it names — with the maps around it readable, as they are
 * now or as the updates create them.
 *
 * Content that depends on content the server does not have yet (a client's edits can arrive
 * before the earlier ones they follow, which its sync reply then brings) is not read: the Yjs
 * client ids it waits for are listed in `missing`, and Yjs keeps it aside until they come.
 */
export interface UpdateChanges {
  changes: WriteChange[]
  /** Client ids of the content the updates create. */
  clients: Set<number>
  /** Client ids whose content the updates depend on and the server does not have yet. */
  missing: Set<number>
  /** Why the updates cannot be read against this document, when they cannot. */
  unreadable: string | null
}

/** A parent: a root by name, a type already in the document, or one these updates create. */
type Parent =
  | { kind: 'root'; name: string }
  | { kind: 'doc'; type: Y.AbstractType<unknown> }
  | { kind: 'new'; item: Y.Item }

/**
 * Where an item goes; `gone` when Yjs would drop it (a neighbour was garbage-collected), or the
 * client id of content it waits for.
 */
type Place = { parent: Parent; key: string | null } | 'gone' | { waitsFor: number }

class Unreadable extends Error {}

const idKey = (id: Y.ID) => `${id.client}:${id.clock}`

function typeName(type: Y.AbstractType<unknown>): SharedTypeValue {
  if (type instanceof Y.XmlElement) return new SharedTypeValue('xml-element', type.nodeName)
  if (type instanceof Y.XmlText) return new SharedTypeValue('xml-text')
  if (type instanceof Y.XmlFragment) return new SharedTypeValue('xml-fragment')
  if (type instanceof Y.XmlHook) return new SharedTypeValue('xml-hook')
  if (type instanceof Y.Map) return new SharedTypeValue('map')
  if (type instanceof Y.Array) return new SharedTypeValue('array')
  if (type instanceof Y.Text) return new SharedTypeValue('text')
  return new SharedTypeValue('unknown')
}

/** The value an item holds, as a rule reads it (the last one, for content of several values). */
function readValue(item: Y.Item): unknown {
  const content = item.content
  if (content instanceof Y.ContentType) return typeName(content.type as Y.AbstractType<unknown>)
  if (content instanceof Y.ContentString) return content.str
  if (content instanceof Y.ContentDeleted) return undefined
  if (content instanceof Y.ContentDoc) throw new Unreadable('sub-documents are not part of a room')
  const values = content.getContent()
  return values[values.length - 1]
}

export function readUpdateChanges(doc: Y.Doc, updates: readonly Uint8Array[]): UpdateChanges {
  const result: UpdateChanges = {
    changes: [],
    clients: new Set(),
    missing: new Set(),
    unreadable: null,
  }
  try {
    read(doc, updates, result)
  } catch (error) {
    // A malformed update (lib0 or Yjs cannot decode it) is refused the same way.
    result.changes = []
    result.unreadable = error instanceof Unreadable ? error.message : 'the update is malformed'
  }
  return result
}

/** The new items of the updates by client, in clock order, each clock once. */
function freshItems(
  store: Y.Doc['store'],
  decoded: ReadonlyArray<ReturnType<typeof Y.decodeUpdate>>,
  result: UpdateChanges,
) {
  const fresh = new Map<number, Y.Item[]>()
  for (const { structs } of decoded) {
    for (const struct of structs) {
      // Skips mark clocks an update does not carry; the content after them waits for them.
      if (!(struct instanceof Y.Item)) continue
      const state = Y.getState(store, struct.id.client)
      if (struct.id.clock + struct.length <= state) continue
      result.clients.add(struct.id.client)
      const list = fresh.get(struct.id.client) ?? []
      list.push(struct)
      fresh.set(struct.id.client, list)
    }
  }
  for (const [client, list] of fresh) {
    list.sort((a, b) => a.id.clock - b.id.clock)
    const unique: Y.Item[] = []
    let next = Y.getState(store, client)
    for (const item of list) {
      if (item.id.clock + item.length <= next && unique.length > 0) continue
      if (item.id.clock > next) result.missing.add(client)
      unique.push(item)
      next = Math.max(next, item.id.clock + item.length)
    }
    fresh.set(client, unique)
  }
  return fresh
}

function read(doc: Y.Doc, updates: readonly Uint8Array[], result: UpdateChanges): void {
  const decoded = updates.map((update) => Y.decodeUpdate(update))
  const store = doc.store
  const fresh = freshItems(store, decoded, result)

  const inUpdate = (id: Y.ID): Y.Item | undefined => {
    const list = fresh.get(id.client)
    if (!list) return undefined
    let low = 0
    let high = list.length - 1
    while (low <= high) {
      const middle = (low + high) >> 1
      const item = list[middle] as Y.Item
      if (id.clock < item.id.clock) high = middle - 1
      else if (id.clock >= item.id.clock + item.length) low = middle + 1
      else return item
    }
    return undefined
  }
  const inDoc = (id: Y.ID): Y.Item | Y.GC | undefined => {
    if (id.clock >= Y.getState(store, id.client)) return undefined
    const list = store.clients.get(id.client)
    return list?.[Y.findIndexSS(list, id.clock)]
  }

  const places = new Map<Y.Item, Place>()
  const placeOf = (item: Y.Item): Place => {
    const known = places.get(item)
    if (known) return known
    // A cycle of origins within the updates resolves to nothing Yjs could integrate.
    places.set(item, 'gone')
    const place = resolvePlace(item)
    places.set(item, place)
    return place
  }
  const besideOf = (id: Y.ID): Place => {
    const own = inUpdate(id)
    if (own) return placeOf(own)
    const existing = inDoc(id)
    if (!existing) return { waitsFor: id.client }
    if (!(existing instanceof Y.Item) || existing.parent === null) return 'gone'
    const parent = existing.parent as Y.AbstractType<unknown> | Y.ID
    if (parent instanceof Y.ID) return { waitsFor: parent.client }
    return { parent: { kind: 'doc', type: parent }, key: existing.parentSub }
  }
  const resolvePlace = (item: Y.Item): Place => {
    if (item.origin) return besideOf(item.origin)
    if (item.rightOrigin) return besideOf(item.rightOrigin)
    const parent = item.parent as unknown
    if (typeof parent === 'string')
      return { parent: { kind: 'root', name: parent }, key: item.parentSub }
    if (!(parent instanceof Y.ID)) return 'gone'
    const own = inUpdate(parent)
    if (own) {
      if (!(own.content instanceof Y.ContentType)) return 'gone'
      return { parent: { kind: 'new', item: own }, key: item.parentSub }
    }
    const existing = inDoc(parent)
    if (!existing) return { waitsFor: parent.client }
    if (!(existing instanceof Y.Item) || !(existing.content instanceof Y.ContentType)) return 'gone'
    return {
      parent: { kind: 'doc', type: existing.content.type as Y.AbstractType<unknown> },
      key: item.parentSub,
    }
  }
  /** A place an item can be read at now: resolved, and every new parent above it too. */
  const readable = (place: Place): place is { parent: Parent; key: string | null } => {
    if (place === 'gone') return false
    if ('waitsFor' in place) {
      result.missing.add(place.waitsFor)
      return false
    }
    return place.parent.kind !== 'new' || readable(placeOf(place.parent.item))
  }

  // Paths of parents, from their root down.
  const paths = new Map<unknown, string[]>()
  const pathOf = (parent: Parent): string[] => {
    if (parent.kind === 'root') return [parent.name]
    const cacheKey = parent.kind === 'doc' ? parent.type : parent.item
    const known = paths.get(cacheKey)
    if (known) return known
    let path: string[]
    if (parent.kind === 'doc') {
      const holder = parent.type._item
      if (holder === null) path = [Y.findRootTypeKey(parent.type)]
      else {
        const above = holder.parent as Y.AbstractType<unknown> | null
        if (!above) throw new Unreadable('the update refers to removed content')
        path = [...pathOf({ kind: 'doc', type: above }), holder.parentSub ?? '*']
      }
    } else {
      const place = placeOf(parent.item)
      if (!readable(place)) throw new Unreadable('the update refers to unknown content')
      path = [...pathOf(place.parent), place.key ?? '*']
    }
    paths.set(cacheKey, path)
    return path
  }

  // Items the updates delete (of their own: a key written twice, the last one counts).
  const deletedInUpdate = (item: Y.Item): boolean =>
    decoded.some(({ ds }) =>
      (ds.clients.get(item.id.client) ?? []).some(
        (range) =>
          range.clock < item.id.clock + item.length && item.id.clock < range.clock + range.len,
      ),
    )
  /** The id of the item that holds a map, which fields written by the updates point at. */
  const holderKey = (parent: Parent): string | null =>
    parent.kind === 'new'
      ? idKey(parent.item.id)
      : parent.kind === 'doc' && parent.type._item
        ? idKey(parent.type._item.id)
        : null
  // Fields the updates write: map holder → key → the item that holds the key's new value.
  const fields = new Map<string, Map<string, Y.Item>>()
  for (const list of fresh.values()) {
    for (const item of list) {
      const place = placeOf(item)
      if (place === 'gone' || 'waitsFor' in place) continue
      const owner = holderKey(place.parent)
      if (owner === null || place.key === null || deletedInUpdate(item)) continue
      const byKey = fields.get(owner) ?? new Map<string, Y.Item>()
      byKey.set(place.key, item)
      fields.set(owner, byKey)
    }
  }
  /** Whether an item of the document is gone, or goes with the updates (its map with it). */
  const deletes = (item: Y.Item): boolean => item.deleted || deletedInUpdate(item)

  const nodes = new Map<unknown, ChangeNode | null>()
  const nodeOf = (parent: Parent): ChangeNode | null => {
    if (parent.kind === 'root') return null
    const cacheKey = parent.kind === 'doc' ? parent.type : parent.item
    if (nodes.has(cacheKey)) return nodes.get(cacheKey) ?? null
    let node: ChangeNode
    const written = fields.get(holderKey(parent) ?? '')
    if (parent.kind === 'doc') {
      const type = parent.type
      const get = (key: string) => {
        const item = type._map.get(key)
        return item && !item.deleted ? readValue(item) : undefined
      }
      node = {
        isNew: false,
        nodeName: type instanceof Y.XmlElement ? type.nodeName : null,
        get,
        after(key) {
          const item = written?.get(key)
          return item ? readValue(item) : get(key)
        },
      }
    } else {
      const type = (parent.item.content as Y.ContentType).type
      const get = (key: string) => {
        const item = written?.get(key)
        return item ? readValue(item) : undefined
      }
      node = {
        isNew: true,
        nodeName: type instanceof Y.XmlElement ? type.nodeName : null,
        get,
        after: get,
      }
    }
    nodes.set(cacheKey, node)
    return node
  }
  const typeNode = (item: Y.Item, isNew: boolean): ChangeNode | null =>
    item.content instanceof Y.ContentType
      ? nodeOf(
          isNew
            ? { kind: 'new', item }
            : { kind: 'doc', type: item.content.type as Y.AbstractType<unknown> },
        )
      : null

  for (const list of fresh.values()) {
    for (const item of list) {
      const place = placeOf(item)
      if (!readable(place)) continue
      const deleted = item.content instanceof Y.ContentDeleted
      const container = nodeOf(place.parent)
      result.changes.push({
        op: deleted ? 'delete' : 'set',
        path: [...pathOf(place.parent), place.key ?? '*'],
        // A deleted value written over a key removes what the key held.
        value: deleted && place.key !== null ? container?.get(place.key) : readValue(item),
        container,
        node: typeNode(item, true),
      })
    }
  }

  for (const { ds } of decoded) {
    for (const [client, ranges] of ds.clients) {
      const list = store.clients.get(client)
      const state = Y.getState(store, client)
      for (const range of ranges) {
        const end = range.clock + range.len
        // Content the updates create and delete was read as it was written; content neither here
        // nor on the server is waited for.
        if (end > state && !inUpdate(Y.createID(client, Math.max(state, range.clock))))
          result.missing.add(client)
        if (range.clock >= state || !list) continue
        for (let index = Y.findIndexSS(list, range.clock); index < list.length; index++) {
          const struct = list[index] as Y.Item | Y.GC
          if (struct.id.clock >= end) break
          if (!(struct instanceof Y.Item) || struct.deleted) continue
          const parent = struct.parent as Y.AbstractType<unknown> | null
          if (!parent) continue
          const holder = parent._item
          result.changes.push({
            op: 'delete',
            path: [...pathOf({ kind: 'doc', type: parent }), struct.parentSub ?? '*'],
            value: readValue(struct),
            container: nodeOf({ kind: 'doc', type: parent }),
            node: typeNode(struct, false),
            withContainer: holder !== null && deletes(holder),
          })
        }
      }
    }
  }
}
