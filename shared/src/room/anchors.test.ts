import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addThread, listThreads } from './conversation.ts'
import { roots } from './schema.ts'
import {
  anchoredText,
  listSections,
  listTextMentions,
  sectionsTouched,
  textAnchor,
} from './sections.ts'
import { seedRoom } from './template.ts'

/** Two replicas of one room that exchange updates only when told to (like two offline clients). */
function pair() {
  const a = new Y.Doc()
  const b = new Y.Doc()
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
  }
  return { a, b, sync }
}

/** The text node of the paragraph under a section's heading. */
function paragraphText(doc: Y.Doc, sectionId: string): Y.XmlText {
  const section = listSections(doc).find((entry) => entry.id === sectionId)
  if (!section) throw new Error(`no section ${sectionId}`)
  const paragraph = roots.businessCase(doc).get(section.start + 1) as Y.XmlElement
  return paragraph.get(0) as Y.XmlText
}

function threadAnchor(doc: Y.Doc) {
  const anchor = listThreads(doc)[0]?.anchor
  if (anchor?.kind !== 'text') throw new Error('no text anchor')
  return anchor
}

describe('text anchors of comments', () => {
  const SENTENCE = 'We save 40 hours a month on reporting.'
  const WORDS = '40 hours a month'

  function setup() {
    const { a, b, sync } = pair()
    seedRoom(a, { title: 'Deal' })
    const text = paragraphText(a, 'impact')
    text.delete(0, text.length)
    text.insert(0, SENTENCE)
    const at = SENTENCE.indexOf(WORDS)
    addThread(a, textAnchor(text, at, WORDS.length), { authorId: 'cfo', body: 'Source?' })
    sync()
    return { a, b, sync }
  }

  it('point at the same words on both clients after concurrent edits before, after and inside', () => {
    const { a, b, sync } = setup()
    // Client A types before the words and after them; client B types inside and before, at once.
    paragraphText(a, 'impact').insert(0, 'Today: ')
    paragraphText(a, 'impact').insert(paragraphText(a, 'impact').length, ' Measured in Q3.')
    const onB = paragraphText(b, 'impact')
    onB.insert(SENTENCE.indexOf('hours'), 'working ')
    onB.delete(0, 'We '.length)
    onB.insert(0, 'Our team would ')
    sync()

    expect(paragraphText(a, 'impact').toString()).toBe(paragraphText(b, 'impact').toString())
    expect(anchoredText(a, threadAnchor(a))).toBe('40 working hours a month')
    expect(anchoredText(b, threadAnchor(b))).toBe('40 working hours a month')
  })

  it('keep text typed right at either edge outside the range', () => {
    const { a, b, sync } = setup()
    const start = SENTENCE.indexOf(WORDS)
    paragraphText(a, 'impact').insert(start, 'about ')
    paragraphText(b, 'impact').insert(start + WORDS.length, ' or more')
    sync()
    expect(paragraphText(a, 'impact').toString()).toContain('about 40 hours a month or more')
    expect(anchoredText(a, threadAnchor(a))).toBe(WORDS)
    expect(anchoredText(b, threadAnchor(b))).toBe(WORDS)
  })

  it('survive a section being inserted above them', () => {
    const { a, b, sync } = setup()
    const heading = new Y.XmlElement('heading')
    heading.setAttribute('sectionId', 'risks')
    heading.insert(0, [new Y.XmlText('Risks')])
    roots.businessCase(a).insert(0, [heading])
    paragraphText(b, 'impact').insert(0, '>> ')
    sync()
    expect(listSections(b).map((section) => section.id)[0]).toBe('risks')
    expect(anchoredText(b, threadAnchor(b))).toBe(WORDS)
  })

  it('resolve to nothing once their words are deleted', () => {
    const { a, b, sync } = setup()
    const start = SENTENCE.indexOf(WORDS)
    paragraphText(a, 'impact').delete(start - 1, WORDS.length + 2)
    sync()
    expect(anchoredText(b, threadAnchor(b))).toBe('')
  })
})

describe('sections a transaction touched', () => {
  it('names the sections of edited text and of inserted blocks', () => {
    const doc = new Y.Doc()
    seedRoom(doc, { title: 'Deal' })
    const seen: string[][] = []
    roots.businessCase(doc).observeDeep((events) => seen.push(sectionsTouched(doc, events)))

    paragraphText(doc, 'cost').insert(0, '€120k a year. ')
    doc.transact(() => {
      paragraphText(doc, 'problem').insert(0, 'Reports take days. ')
      const paragraph = new Y.XmlElement('paragraph')
      const decision = listSections(doc).find((section) => section.id === 'decision')
      roots.businessCase(doc).insert(decision?.end ?? 0, [paragraph])
    })

    expect(seen[0]).toEqual(['cost'])
    expect([...(seen[1] ?? [])].sort()).toEqual(['decision', 'problem'])
  })
})

describe('mentions in the business case', () => {
  it('are listed with who wrote them and their section, under the same key on every replica', () => {
    const { a, b, sync } = pair()
    seedRoom(a, { title: 'Deal' })
    const cost = listSections(a).find((section) => section.id === 'cost')
    const paragraph = roots.businessCase(a).get((cost?.start ?? 0) + 1) as Y.XmlElement
    const mention = new Y.XmlElement('mention')
    mention.setAttribute('id', 'p-champion')
    mention.setAttribute('label', 'Dana Park')
    mention.setAttribute('by', 'p-cfo')
    paragraph.insert(1, [mention])
    sync()
    const [found] = listTextMentions(b)
    expect(found).toMatchObject({ personId: 'p-champion', by: 'p-cfo', sectionId: 'cost' })
    expect(listTextMentions(a)[0]?.key).toBe(found?.key)
  })
})
