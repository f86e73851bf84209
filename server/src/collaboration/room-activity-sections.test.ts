import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { listSections, roots, seedRoom } from '../../../shared/src/room/index.ts'
import type { EngagementEvent } from '../storage/storage.ts'
import type { QuorumContext } from './context.ts'
import { SECTION_WINDOW_MS, watchRoom } from './room-activity.ts'

// The business-case watcher keeps the list of sections between edits (re-reading it on every
// keystroke was a large share of the server's work per edit): these edits change the sections
// in between, and every event must still name the section as it is when it is written.

const champion = {
  source: 'connection',
  connection: {
    context: {
      personId: 'champion',
      name: 'Champion',
      roomId: 'room1',
      role: 'champion',
      documentKind: 'shared',
      sessionId: null,
    } satisfies QuorumContext,
  },
}

function room() {
  const doc = new Y.Doc()
  seedRoom(doc, { title: 'Acme' })
  const recorded: EngagementEvent[] = []
  const stop = watchRoom(doc, 'room1', false, (events) => recorded.push(...events), Date.now)
  const edits = () =>
    recorded.filter((event) => event.kind === 'business-case.edited').map((event) => event.detail)
  return { doc, stop, edits }
}

/** The text of the block at `index` (a heading's title, a paragraph's words). */
const textAt = (doc: Y.Doc, index: number): Y.XmlText =>
  (roots.businessCase(doc).get(index) as Y.XmlElement).get(0) as Y.XmlText

const paragraphOf = (doc: Y.Doc, sectionId: string): Y.XmlText =>
  textAt(doc, (listSections(doc).find((section) => section.id === sectionId)?.start ?? 0) + 1)

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-24T10:00:00Z') })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('business-case edits name the section as it is now', () => {
  it('after its heading is renamed, by anyone, the next edit carries the new title', () => {
    const { doc, stop, edits } = room()
    const cost = paragraphOf(doc, 'cost')
    doc.transact(() => cost.insert(cost.length, ' 120k'), champion)
    // The server renames it (no person's activity), then the champion types again.
    const heading = textAt(doc, listSections(doc).find((s) => s.id === 'cost')?.start ?? 0)
    doc.transact(() => {
      heading.delete(0, heading.length)
      heading.insert(0, 'Pricing')
    }, null)
    vi.advanceTimersByTime(SECTION_WINDOW_MS)
    doc.transact(() => cost.insert(cost.length, ' a year'), champion)
    expect(edits()).toEqual([
      { sectionId: 'cost', title: 'Cost' },
      { sectionId: 'cost', title: 'Pricing' },
    ])
    stop()
  })

  it('after a section is added above, typing in each section is counted for that section', () => {
    const { doc, stop, edits } = room()
    const heading = new Y.XmlElement('heading')
    heading.setAttribute('sectionId', 'risks')
    heading.insert(0, [new Y.XmlText('Risks')])
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('What could go wrong.')])
    doc.transact(() => roots.businessCase(doc).insert(0, [heading, paragraph]), champion)
    const risks = paragraph.get(0) as Y.XmlText
    doc.transact(() => risks.insert(risks.length, ' Budget freeze.'), champion)
    const problem = paragraphOf(doc, 'problem')
    doc.transact(() => problem.insert(problem.length, ' Slow reviews.'), champion)
    expect(edits()).toEqual([
      { sectionId: 'risks', title: 'Risks' },
      { sectionId: 'problem', title: 'Problem' },
    ])
    stop()
  })
})
