import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { Role } from '../../../shared/src/access.ts'
import { listSections, roots, seedRoom, updateTask } from '../../../shared/src/room/index.ts'
import type { EngagementEvent } from '../storage/storage.ts'
import type { QuorumContext } from './context.ts'
import { COALESCE_MS, SECTION_WINDOW_MS, watchRoom } from './room-activity.ts'

// The rate limits work by the clock: these tests drive it (fake timers) on a document edited
// with the origin Hocuspocus gives a connection's transactions. The socket tests are in
// activity.test.ts.

const person = (
  personId: string,
  role: Role = 'champion',
): { source: string; connection: { context: QuorumContext } } => ({
  source: 'connection',
  connection: {
    context: {
      personId,
      name: personId,
      roomId: 'room1',
      role,
      documentKind: 'shared',
      sessionId: null,
    },
  },
})

function room() {
  const doc = new Y.Doc()
  seedRoom(doc, { title: 'Acme' })
  const recorded: EngagementEvent[] = []
  const stop = watchRoom(doc, 'room1', false, (events) => recorded.push(...events), Date.now)
  const kinds = (kind: string) => recorded.filter((event) => event.kind === kind)
  return { doc, recorded, stop, kinds }
}

function typeInSection(doc: Y.Doc, sectionId: string, words: string, origin: unknown) {
  const section = listSections(doc).find((entry) => entry.id === sectionId)
  const paragraph = roots.businessCase(doc).get((section?.start ?? 0) + 1) as Y.XmlElement
  const text = paragraph.get(0) as Y.XmlText
  doc.transact(() => text.insert(text.length, words), origin)
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-24T10:00:00Z') })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('activity recorded from edits, rate-limited per person and thing', () => {
  it('typing in a section for a while: one event at once, one dated at the last keystroke when the window ends', () => {
    const { doc, kinds, stop } = room()
    const start = Date.now()
    typeInSection(doc, 'cost', ' 120k', person('champion'))
    expect(kinds('business-case.edited').map((event) => event.at)).toEqual([start])

    vi.advanceTimersByTime(4_000)
    typeInSection(doc, 'cost', ' a year', person('champion'))
    vi.advanceTimersByTime(6_000)
    typeInSection(doc, 'cost', ', services included.', person('champion'))
    const lastKeystroke = Date.now()
    // Nothing more until the window ends…
    expect(kinds('business-case.edited')).toHaveLength(1)
    vi.advanceTimersByTime(SECTION_WINDOW_MS)
    // …then one event dated at the last keystroke, with the section it is about.
    expect(kinds('business-case.edited').map((event) => [event.at, event.detail])).toEqual([
      [start, { sectionId: 'cost', title: 'Cost' }],
      [lastKeystroke, { sectionId: 'cost', title: 'Cost' }],
    ])
    expect(kinds('business-case.edited').every((event) => event.section === null)).toBe(true)

    // Another person's edit of the same section is theirs, recorded at once.
    typeInSection(doc, 'cost', ' Approved.', person('cfo', 'stakeholder'))
    expect(kinds('business-case.edited').at(-1)).toMatchObject({ personId: 'cfo', side: 'buyer' })
    stop()
  })

  it('a pending last edit is recorded when the document is unloaded', () => {
    const { doc, kinds, stop } = room()
    typeInSection(doc, 'impact', ' Four days saved.', person('champion'))
    vi.advanceTimersByTime(2_000)
    typeInSection(doc, 'impact', ' Every month.', person('champion'))
    const lastEdit = Date.now()
    stop()
    expect(kinds('business-case.edited').map((event) => event.at)).toEqual([
      lastEdit - 2_000,
      lastEdit,
    ])
  })

  it('changes of one task by one person within a minute read as one, with every field changed', () => {
    const { doc, kinds, stop } = room()
    const task = [...roots.tasks(doc).keys()][0] ?? ''
    doc.transact(() => updateTask(doc, task, { dueDate: '2026-12-04' }), person('champion'))
    vi.advanceTimersByTime(5_000)
    doc.transact(() => updateTask(doc, task, { status: 'doing' }), person('champion'))
    vi.advanceTimersByTime(5_000)
    doc.transact(() => updateTask(doc, task, { title: 'Book the IT review' }), person('champion'))
    expect(kinds('task.changed').map((event) => event.detail.fields)).toEqual([['dueDate']])

    vi.advanceTimersByTime(COALESCE_MS)
    expect(kinds('task.changed').map((event) => event.detail)).toEqual([
      { taskId: task, title: expect.any(String), fields: ['dueDate'] },
      { taskId: task, title: 'Book the IT review', fields: ['status', 'title'] },
    ])
    // Completing it is news of its own, at once.
    doc.transact(() => updateTask(doc, task, { status: 'done' }), person('champion'))
    expect(kinds('task.completed').map((event) => event.detail)).toEqual([
      { taskId: task, title: 'Book the IT review' },
    ])
    stop()
  })

  it('changes the server makes (or that arrive through Redis) are nobody’s activity', () => {
    const { doc, recorded, stop } = room()
    typeInSection(doc, 'cost', ' 120k', { source: 'redis' })
    typeInSection(doc, 'cost', ' 120k', null)
    vi.advanceTimersByTime(COALESCE_MS)
    expect(recorded).toEqual([])
    stop()
  })
})
