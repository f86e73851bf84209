import { getSchema } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Transform } from '@tiptap/pm/transform'
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { documentExtensions } from '../../../../shared/src/editor/extensions.ts'
import { roots, textAnchor } from '../../../../shared/src/room/index.ts'
import type { EditRecord, TextContainer } from './ledger.ts'
import type { Random } from './random.ts'

/**
 * Edits the business case the way the web app's editor does: the Yjs fragment is read into a
 * ProseMirror document of the app's own schema, a ProseMirror step is applied (typing, deleting
 * words, splitting or joining paragraphs, an @mention), and y-tiptap writes the difference back
 * (`updateYFragment`, what the editor's sync plugin runs after every transaction).
 *
 * Words typed are unique (see `uniqueWord`) and always land between words, and deletions take
 * whole words, so a word is either intact in the text or was deleted by an edit that saw it.
 */
const schema = getSchema(documentExtensions())

/** ProseMirror's text for a mention node (one position) in `textBetween`. */
const OBJECT = '\uFFFC'
const WORDS = /[\u4e00-\u9fff]q\d+q[\u4e00-\u9fff]/g
/** Two marks per word, from the 20,992 CJK ideographs (U+4E00 to U+9FFF). */
const MAX_WORDS = 10_000

/**
 * The n-th unique word of a run: `q<n>q` between two characters no other word uses. y-tiptap
 * writes a change as a character diff (common prefix and suffix kept), which shifts an insertion
 * or deletion over equal neighbouring characters; with words that begin and end uniquely, a shift
 * never crosses into another word, so two words never share characters (a concurrent deletion of
 * one would otherwise cut the other).
 */
export function uniqueWord(n: number): string {
  if (n > MAX_WORDS) throw new Error(`a run has at most ${MAX_WORDS} unique words; use fewer steps`)
  const mark = (k: number) => String.fromCharCode(0x4e00 + k)
  return `${mark(2 * n)}q${n}q${mark(2 * n + 1)}`
}

export const BUSINESS_CASE_EDITS = [
  'type',
  'erase',
  'split',
  'join',
  'mention',
  'new-paragraph',
  'remove-paragraph',
] as const
export type BusinessCaseEdit = (typeof BUSINESS_CASE_EDITS)[number]

export interface Mentionable {
  personId: string
  name: string
}

interface Block {
  /** Position just before the node in the ProseMirror document. */
  pos: number
  /** Index among the fragment's top-level children. */
  index: number
  node: ProseMirrorNode
}

export interface BusinessCaseContext {
  random: Random
  /** Who writes: mentions carry them as `by`. */
  writerId: string
  mentionable: readonly Mentionable[]
  record: EditRecord
  /** A fresh unique word. */
  word: () => string
}

/**
 * Applies a ProseMirror change to the business case as the editor's sync plugin does: the
 * fragment read into the app's schema, the change applied, the difference written back by
 * y-tiptap in one transaction (so one update reaches the server).
 */
export function editAsEditor(doc: Y.Doc, change: (transform: Transform) => void): void {
  const fragment = roots.businessCase(doc)
  const { doc: before, meta } = initProseMirrorDoc(fragment, schema)
  const transform = new Transform(before)
  change(transform)
  doc.transact(() => updateYFragment(doc, fragment, transform.doc, meta))
}

/** A mention node of the app's schema, written by `by`. */
export function mentionNode(person: Mentionable, by: string): ProseMirrorNode {
  const mention = schema.nodes.mention?.create({ id: person.personId, label: person.name, by })
  if (!mention) throw new Error('the editor schema has no mention node')
  return mention
}

/** Makes one edit of `kind`; returns what it did, or null when it does not apply here. */
export function editBusinessCase(
  doc: Y.Doc,
  kind: BusinessCaseEdit,
  context: BusinessCaseContext,
): string | null {
  const { random, record } = context
  const fragment = roots.businessCase(doc)
  const { doc: before, meta } = initProseMirrorDoc(fragment, schema)
  const blocks: Block[] = []
  before.forEach((node, offset, index) => {
    blocks.push({ pos: offset, index, node })
  })
  const paragraphs = blocks.filter((block) => block.node.type.name === 'paragraph')
  const paragraph = random.maybePick(paragraphs)
  if (!paragraph) return null
  const text = paragraph.node.textBetween(0, paragraph.node.content.size, undefined, OBJECT)
  const start = paragraph.pos + 1
  const boundaries = wordBoundaries(text)
  const transform = new Transform(before)
  let typed: string | null = null
  let description: string

  switch (kind) {
    case 'type': {
      const at = random.pick(boundaries)
      typed = context.word()
      transform.insert(start + at, schema.text(spaced(text, at, typed)))
      description = `typed ${typed} in paragraph ${paragraph.index}`
      break
    }
    case 'erase': {
      const from = random.pick(boundaries)
      const ends = boundaries.filter((at) => at > from && at - from <= 40)
      const to = random.maybePick(ends)
      if (to === null) return null
      for (const word of text.slice(from, to).match(WORDS) ?? []) record.erased(word)
      transform.delete(start + from, start + to)
      description = `erased "${text.slice(from, to)}" in paragraph ${paragraph.index}`
      break
    }
    case 'split': {
      const at = random.pick(boundaries)
      transform.split(start + at)
      description = `split paragraph ${paragraph.index} at ${at}`
      break
    }
    case 'join': {
      const previous = blocks[paragraph.index - 1]
      if (previous?.node.type.name !== 'paragraph') return null
      transform.join(paragraph.pos)
      description = `joined paragraph ${paragraph.index} to the one before`
      break
    }
    case 'mention': {
      const at = random.pick(boundaries)
      const person = random.pick(context.mentionable)
      const mention = mentionNode(person, context.writerId)
      const before = at > 0 && text[at - 1] !== ' ' ? [schema.text(' ')] : []
      transform.insert(start + at, [...before, mention, schema.text(' ')])
      description = `mentioned ${person.name} in paragraph ${paragraph.index}`
      break
    }
    case 'new-paragraph': {
      typed = context.word()
      const node = schema.nodes.paragraph?.create(null, schema.text(typed))
      if (!node) throw new Error('the editor schema has no paragraph node')
      transform.insert(paragraph.pos + paragraph.node.nodeSize, node)
      description = `new paragraph ${typed} after paragraph ${paragraph.index}`
      break
    }
    case 'remove-paragraph': {
      if (paragraphs.length < 3) return null
      for (const word of text.match(WORDS) ?? []) record.erased(word)
      transform.delete(paragraph.pos, paragraph.pos + paragraph.node.nodeSize)
      description = `removed paragraph ${paragraph.index}`
      break
    }
  }
  // One transaction, as the editor's sync plugin makes it: one update reaches the server.
  doc.transact(() => updateYFragment(doc, fragment, transform.doc, meta))
  if (typed !== null) {
    const container = containerOf(fragment, typed)
    if (!container) throw new Error(`"${typed}" did not reach the business case`)
    record.typed(typed, container)
  }
  return description
}

/** A range of words in a paragraph's text, as a comment's text anchor. */
export function pickTextAnchor(
  doc: Y.Doc,
  random: Random,
): { kind: 'text'; start: Uint8Array; end: Uint8Array } | null {
  const texts: Y.XmlText[] = []
  for (const node of roots.businessCase(doc).toArray()) {
    if (!(node instanceof Y.XmlElement) || node.nodeName !== 'paragraph') continue
    for (const child of node.toArray())
      if (child instanceof Y.XmlText && child.length > 1) texts.push(child)
  }
  const text = random.maybePick(texts)
  if (!text) return null
  const index = random.int(0, text.length - 2)
  return textAnchor(text, index, random.int(1, Math.min(20, text.length - index)))
}

/** Every text node of the business case, one per line (mentions are nodes, not text). */
export function businessCaseText(doc: Y.Doc): string {
  const lines: string[] = []
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook) => {
    if (node instanceof Y.XmlText) lines.push(node.toString())
    else if (node instanceof Y.XmlElement) for (const child of node.toArray()) walk(child)
  }
  for (const node of roots.businessCase(doc).toArray()) walk(node)
  return lines.join('\n')
}

/** Whether the Yjs item at this id is gone (deleted, or garbage-collected). */
export function isDeleted(doc: Y.Doc, container: TextContainer): boolean {
  const structs = doc.store.clients.get(container.client)
  if (!structs) return false
  const struct = structs[Y.findIndexSS(structs, container.clock)]
  return !(struct instanceof Y.Item) || struct.deleted
}

/** Offsets in a paragraph's text where a word starts or ends. */
function wordBoundaries(text: string): number[] {
  const gap = (char: string | undefined) => char === undefined || char === ' ' || char === OBJECT
  const result: number[] = []
  for (let at = 0; at <= text.length; at++) {
    if (gap(text[at - 1]) || gap(text[at])) result.push(at)
  }
  return result
}

/** A word with the spaces that keep it apart from its neighbours. */
function spaced(text: string, at: number, word: string): string {
  const before = at > 0 && text[at - 1] !== ' ' ? ' ' : ''
  const after = at < text.length && text[at] !== ' ' ? ' ' : ''
  return `${before}${word}${after}`
}

function containerOf(fragment: Y.XmlFragment, word: string): TextContainer | null {
  let found: TextContainer | null = null
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook) => {
    if (found) return
    if (node instanceof Y.XmlText) {
      if (node._item && node.toString().includes(word)) found = { ...node._item.id }
    } else if (node instanceof Y.XmlElement) for (const child of node.toArray()) walk(child)
  }
  for (const node of fragment.toArray()) walk(node)
  return found
}
