import * as Y from 'yjs'
import { roots } from './schema.ts'

/**
 * The business case is one flat list of blocks. A top-level section is a level-2 heading that
 * carries a `sectionId` (seeded from the outline) and every block after it up to the next such
 * heading. Blocks before the first one belong to no section.
 */
export interface BusinessCaseSectionInfo {
  id: string
  title: string
  /** Index of the heading among the fragment's top-level children. */
  start: number
  /** Index just past the section's last block. */
  end: number
}

function sectionIdOf(node: unknown): string | null {
  if (!(node instanceof Y.XmlElement) || node.nodeName !== 'heading') return null
  const id = node.getAttribute('sectionId')
  return typeof id === 'string' && id !== '' ? id : null
}

/** The characters of a text node without its formatting (an embed counts as one character). */
function textOf(text: Y.XmlText | Y.Text): string {
  return (text.toDelta() as Array<{ insert: unknown }>)
    .map((part) => (typeof part.insert === 'string' ? part.insert : '\uFFFC'))
    .join('')
}

/** Plain text of an XML node (headings hold text and, rarely, inline nodes). */
export function plainText(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) return textOf(node)
  if (node instanceof Y.XmlElement) {
    if (node.nodeName === 'mention') return `@${String(node.getAttribute('label') ?? '')}`
    return node
      .toArray()
      .map((child) => plainText(child))
      .join('')
  }
  return ''
}

/** The business case's top-level sections, in document order. */
export function listSections(doc: Y.Doc): BusinessCaseSectionInfo[] {
  const children = roots.businessCase(doc).toArray()
  const sections: BusinessCaseSectionInfo[] = []
  children.forEach((node, index) => {
    const id = sectionIdOf(node)
    if (id === null) return
    const previous = sections.at(-1)
    if (previous) previous.end = index
    sections.push({
      id,
      title: plainText(node as Y.XmlElement).trim(),
      start: index,
      end: index + 1,
    })
  })
  const last = sections.at(-1)
  if (last) last.end = children.length
  return sections
}

/** The section the top-level block at `index` belongs to, or null. */
export function sectionAt(sections: BusinessCaseSectionInfo[], index: number): string | null {
  for (const section of sections) {
    if (index >= section.start && index < section.end) return section.id
  }
  return null
}

/** The top-level block of the business case that holds a node, or null if it is not inside it. */
function topLevelIndex(fragment: Y.XmlFragment, node: Y.AbstractType<unknown>): number | null {
  let current: Y.AbstractType<unknown> = node
  while (current.parent !== fragment) {
    if (!(current.parent instanceof Y.AbstractType)) return null
    current = current.parent as Y.AbstractType<unknown>
  }
  return fragment.toArray().indexOf(current as Y.XmlElement)
}

/**
 * The ids of the sections a transaction on the business case touched, given the events of its
 * `observeDeep`. Call it inside the observer: the document is then in its new state. A block
 * inserted or deleted at the top level counts for the section it lands in or was removed from
 * (a deletion counts for the section now holding its place).
 */
export function sectionsTouched(
  doc: Y.Doc,
  events: Array<Y.YEvent<Y.AbstractType<unknown>>>,
): string[] {
  const fragment = roots.businessCase(doc)
  const sections = listSections(doc)
  const touched = new Set<string>()
  const add = (index: number) => {
    const id = sectionAt(sections, Math.max(0, index)) ?? sectionAt(sections, index - 1)
    if (id !== null) touched.add(id)
  }
  for (const event of events) {
    if (event.target === fragment) {
      let index = 0
      for (const change of event.changes.delta) {
        if (change.retain !== undefined) index += change.retain
        else if (Array.isArray(change.insert)) {
          for (let i = 0; i < change.insert.length; i++) add(index + i)
          index += change.insert.length
        } else if (change.delete !== undefined) add(index)
      }
      continue
    }
    const index = topLevelIndex(fragment, event.target)
    if (index !== null && index >= 0) add(index)
  }
  return [...touched]
}

// Text anchors: a comment on a range of words keeps pointing at them whatever is typed around.

export interface TextRange {
  /** The text node the range starts in. */
  type: Y.AbstractType<unknown>
  index: number
  length: number
}

/** Encodes a range of a text node as two relative positions. */
export function textAnchor(
  type: Y.XmlText | Y.Text,
  index: number,
  length: number,
): { kind: 'text'; start: Uint8Array; end: Uint8Array } {
  // The start sticks to the character after it and the end to the character before it, so text
  // typed just outside the range stays outside and text typed inside it stays inside.
  const start = Y.createRelativePositionFromTypeIndex(type, index, 0)
  const end = Y.createRelativePositionFromTypeIndex(type, index + length, -1)
  return {
    kind: 'text',
    start: Y.encodeRelativePosition(start),
    end: Y.encodeRelativePosition(end),
  }
}

/** Where a text anchor points now, or null when its words were deleted. */
export function resolveTextAnchor(
  doc: Y.Doc,
  anchor: { start: Uint8Array; end: Uint8Array },
): TextRange | null {
  const start = Y.createAbsolutePositionFromRelativePosition(
    Y.decodeRelativePosition(anchor.start),
    doc,
  )
  const end = Y.createAbsolutePositionFromRelativePosition(
    Y.decodeRelativePosition(anchor.end),
    doc,
  )
  if (!start || !end || start.type !== end.type || end.index <= start.index) return null
  return { type: start.type, index: start.index, length: end.index - start.index }
}

/** The words a text anchor points at now ('' when they are gone). */
export function anchoredText(doc: Y.Doc, anchor: { start: Uint8Array; end: Uint8Array }): string {
  const range = resolveTextAnchor(doc, anchor)
  if (!range || !(range.type instanceof Y.XmlText || range.type instanceof Y.Text)) return ''
  return textOf(range.type).slice(range.index, range.index + range.length)
}

// Sections the seller team watches (kept in the internal document, never shown to buyers)

export function importantSectionIds(internalDoc: Y.Doc): string[] {
  const ids: string[] = []
  roots.importantSections(internalDoc).forEach((value, key) => {
    if (value === true) ids.push(key)
  })
  return ids.sort()
}

export function setSectionImportant(
  internalDoc: Y.Doc,
  sectionId: string,
  important: boolean,
): void {
  if (important) roots.importantSections(internalDoc).set(sectionId, true)
  else roots.importantSections(internalDoc).delete(sectionId)
}

// Mentions written in the business case

export interface TextMention {
  /** Stable on every replica: the id of the mention node's Yjs item. */
  key: string
  personId: string
  /** Who wrote the mention, when the editor recorded it. */
  by: string | null
  sectionId: string | null
}

/** Every @mention in the business case, in document order, with the section it sits in. */
export function listTextMentions(doc: Y.Doc): TextMention[] {
  const found: TextMention[] = []
  let sectionId: string | null = null
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook) => {
    if (!(node instanceof Y.XmlElement)) return
    if (node.nodeName === 'mention') {
      const personId = node.getAttribute('id')
      const by = node.getAttribute('by')
      const item = node._item
      if (typeof personId === 'string' && item) {
        found.push({
          key: `${item.id.client}:${item.id.clock}`,
          personId,
          by: typeof by === 'string' ? by : null,
          sectionId,
        })
      }
      return
    }
    for (const child of node.toArray()) walk(child)
  }
  for (const node of roots.businessCase(doc).toArray()) {
    sectionId = sectionIdOf(node) ?? sectionId
    walk(node)
  }
  return found
}
