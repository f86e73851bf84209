import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addMilestone,
  addStakeholder,
  addTask,
  addThread,
  BUSINESS_CASE_OUTLINE,
  consensusKeys,
  getTask,
  listConsensus,
  listMilestones,
  listStakeholders,
  listTasks,
  listThreads,
  markConsensus,
  migrateRoom,
  moveMilestone,
  moveTask,
  orderBetween,
  planProgress,
  readMeta,
  removeStakeholder,
  reply,
  roots,
  SCHEMA_VERSION,
  seedRoom,
  setTaskDone,
  setThreadResolved,
  TEMPLATES,
  updateTask,
} from './index.ts'

/** Two replicas that exchange updates only when `sync` is called (a network that can drop). */
function pair(): { a: Y.Doc; b: Y.Doc; sync: () => void } {
  const a = new Y.Doc()
  const b = new Y.Doc()
  return {
    a,
    b,
    sync: () => {
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
    },
  }
}

function seeded(): Y.Doc {
  const doc = new Y.Doc()
  seedRoom(doc, { title: 'Acme rollout', today: new Date('2026-01-05T10:00:00Z') })
  return doc
}

describe('room templates', () => {
  it('seeds the standard plan: five milestones of three to five tasks, dated from today', () => {
    const doc = seeded()
    const milestones = listMilestones(doc)
    expect(milestones.map((m) => m.title)).toEqual([
      'Discovery',
      'Evaluation',
      'Business case',
      'Security & legal',
      'Signature & kickoff',
    ])
    for (const milestone of milestones) {
      const count = listTasks(doc, milestone.id).length
      expect(count).toBeGreaterThanOrEqual(3)
      expect(count).toBeLessThanOrEqual(5)
    }
    expect(listTasks(doc)[0]).toMatchObject({
      title: 'Agree on goals and success criteria',
      side: 'joint',
      status: 'todo',
      dueDate: '2026-01-08',
    })
    expect(readMeta(doc)).toMatchObject({
      title: 'Acme rollout',
      schemaVersion: SCHEMA_VERSION,
      targetCloseDate: '2026-02-24',
    })
  })

  it('every built-in template stays a healthy plan (6 to 20 steps, 3 to 5 milestones)', () => {
    for (const template of TEMPLATES) {
      const doc = new Y.Doc()
      seedRoom(doc, { title: 'x', template: template.name })
      const tasks = listTasks(doc).length
      expect(tasks, template.name).toBeGreaterThanOrEqual(6)
      expect(tasks, template.name).toBeLessThanOrEqual(20)
      expect(listMilestones(doc).length).toBeGreaterThanOrEqual(3)
      expect(listMilestones(doc).length).toBeLessThanOrEqual(5)
    }
  })

  it('writes the business case outline as headings with stable section ids', () => {
    const fragment = roots.businessCase(seeded())
    const headings = fragment
      .toArray()
      .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement)
      .filter((node) => node.nodeName === 'heading')
    expect(headings.map((h) => h.getAttribute('sectionId'))).toEqual(
      BUSINESS_CASE_OUTLINE.map((section) => section.id),
    )
    expect(headings.map((h) => h.toArray().join(''))).toEqual([
      'Problem',
      'Impact',
      'Solution',
      'Cost',
      'Decision',
    ])
    expect(headings[0]?.getAttribute('level')).toBe(2)
  })

  it('refuses an unknown template by name, listing the known ones', () => {
    expect(() => seedRoom(new Y.Doc(), { title: 'x', template: 'nope' })).toThrow(
      'Unknown template "nope". Templates: standard, pilot',
    )
  })
})

describe('plan', () => {
  it('adds, assigns, dates and completes a task, and counts progress', () => {
    const doc = seeded()
    const [first] = listMilestones(doc)
    if (!first) throw new Error('no milestone')
    const owner = addStakeholder(doc, { name: 'Dana Buyer', buyingRole: 'champion' })
    const id = addTask(doc, { milestoneId: first.id, title: '  Send the data sample  ' })
    updateTask(doc, id, { ownerId: owner, side: 'buyer', dueDate: '2026-01-20' })
    expect(listTasks(doc, first.id).at(-1)).toMatchObject({
      id,
      title: 'Send the data sample',
      ownerId: owner,
      side: 'buyer',
      dueDate: '2026-01-20',
    })
    const before = planProgress(listTasks(doc))
    setTaskDone(doc, id, true, 'person-1')
    expect(getTask(doc, id)).toMatchObject({ status: 'done', doneBy: 'person-1' })
    expect(getTask(doc, id)?.doneAt).toBeTypeOf('number')
    expect(planProgress(listTasks(doc))).toEqual({ done: before.done + 1, total: before.total })
    setTaskDone(doc, id, false)
    expect(getTask(doc, id)).toMatchObject({ status: 'todo', doneAt: null, doneBy: null })
  })

  it('rejects empty titles and malformed dates with a clear error', () => {
    const doc = seeded()
    const [first] = listMilestones(doc)
    if (!first) throw new Error('no milestone')
    expect(() => addTask(doc, { milestoneId: first.id, title: '   ' })).toThrow('cannot be empty')
    expect(() =>
      addTask(doc, { milestoneId: first.id, title: 'x', dueDate: '20/01/2026' }),
    ).toThrow('Not a date')
    expect(() => addTask(doc, { milestoneId: 'missing', title: 'x' })).toThrow(
      'No milestone with id missing',
    )
  })

  it('moves tasks within and across milestones by index', () => {
    const doc = seeded()
    const [first, second] = listMilestones(doc)
    if (!first || !second) throw new Error('no milestones')
    const [a, b, c] = listTasks(doc, first.id)
    if (!a || !b || !c) throw new Error('no tasks')
    moveTask(doc, c.id, first.id, 0)
    expect(listTasks(doc, first.id).map((t) => t.id)).toEqual([c.id, a.id, b.id])
    moveTask(doc, a.id, second.id, 1)
    expect(listTasks(doc, first.id).map((t) => t.id)).toEqual([c.id, b.id])
    expect(listTasks(doc, second.id)[1]?.id).toBe(a.id)
    moveMilestone(doc, second.id, 0)
    expect(listMilestones(doc)[0]?.id).toBe(second.id)
  })

  it('removing a stakeholder unassigns their tasks', () => {
    const doc = seeded()
    const owner = addStakeholder(doc, { name: 'Pat' })
    const [task] = listTasks(doc)
    if (!task) throw new Error('no task')
    updateTask(doc, task.id, { ownerId: owner })
    removeStakeholder(doc, owner)
    expect(getTask(doc, task.id)?.ownerId).toBeNull()
    expect(listStakeholders(doc)).toEqual([])
  })
})

describe('concurrent editing', () => {
  it('two replicas moving the same task at once keep exactly one copy, in one place', () => {
    const { a, b, sync } = pair()
    seedRoom(a, { title: 'x' })
    sync()
    const [m1, m2] = listMilestones(a)
    const [task] = listTasks(a, m1?.id)
    if (!m1 || !m2 || !task) throw new Error('no plan')
    moveTask(a, task.id, m1.id, 2)
    moveTask(b, task.id, m2.id, 0)
    sync()
    expect(listTasks(a)).toEqual(listTasks(b))
    expect(listTasks(a).filter((t) => t.id === task.id)).toHaveLength(1)
    expect(listTasks(a).length).toBe(listTasks(b).length)
  })

  it('concurrent edits to different fields of one task both survive', () => {
    const { a, b, sync } = pair()
    seedRoom(a, { title: 'x' })
    sync()
    const [task] = listTasks(a)
    if (!task) throw new Error('no task')
    updateTask(a, task.id, { title: 'Renamed by the seller' })
    setTaskDone(b, task.id, true, 'champion')
    sync()
    expect(getTask(a, task.id)).toMatchObject({ title: 'Renamed by the seller', status: 'done' })
    expect(getTask(b, task.id)).toEqual(getTask(a, task.id))
  })

  it('tasks added concurrently at the same spot both appear, in the same order everywhere', () => {
    const { a, b, sync } = pair()
    seedRoom(a, { title: 'x' })
    sync()
    const [m1] = listMilestones(a)
    if (!m1) throw new Error('no milestone')
    addTask(a, { milestoneId: m1.id, title: 'From A', index: 1 })
    addTask(b, { milestoneId: m1.id, title: 'From B', index: 1 })
    addMilestone(a, { title: 'Pilot' })
    sync()
    const titles = listTasks(a, m1.id).map((t) => t.title)
    expect(titles).toEqual(listTasks(b, m1.id).map((t) => t.title))
    expect(titles).toContain('From A')
    expect(titles).toContain('From B')
    expect(listMilestones(b).at(-1)?.title).toBe('Pilot')
  })

  it('concurrent consensus marks on a fresh item by different people all survive', () => {
    const { a, b, sync } = pair()
    const item = consensusKeys.milestone('m9')
    markConsensus(a, item, 'cfo', 'concern', 'Year-two price is unclear')
    markConsensus(b, item, 'champion', 'agree')
    sync()
    const marks = listConsensus(a, item)
    expect(marks.map((m) => [m.personId, m.stance]).sort()).toEqual([
      ['cfo', 'concern'],
      ['champion', 'agree'],
    ])
    expect(listConsensus(b, item)).toEqual(marks)
    markConsensus(a, item, 'cfo', 'agree')
    sync()
    expect(listConsensus(b, item).find((m) => m.personId === 'cfo')?.stance).toBe('agree')
  })

  it('concurrent replies to one thread keep every message', () => {
    const { a, b, sync } = pair()
    const thread = addThread(a, { kind: 'section', id: 'cost' }, { authorId: 'cfo', body: 'Why?' })
    sync()
    reply(a, thread, { authorId: 'seller', body: 'Because.' })
    reply(b, thread, { authorId: 'champion', body: 'See the appendix.' })
    setThreadResolved(b, thread, true)
    sync()
    const [onA] = listThreads(a)
    expect(onA?.messages.map((m) => m.body).sort()).toEqual([
      'Because.',
      'See the appendix.',
      'Why?',
    ])
    expect(onA?.resolved).toBe(true)
    expect(listThreads(b)).toEqual(listThreads(a))
  })
})

describe('robustness', () => {
  it('reads garbage written by a peer as defaults instead of crashing', () => {
    const doc = new Y.Doc()
    roots.tasks(doc).set('junk', 'not a map')
    const weird = new Y.Map<unknown>()
    roots.tasks(doc).set('weird', weird)
    weird.set('status', 'exploded')
    weird.set('doneAt', 'yesterday')
    roots.consensus(doc).set('no-separator', { stance: 'agree' })
    expect(listTasks(doc)).toEqual([
      expect.objectContaining({ id: 'weird', status: 'todo', doneAt: null, side: 'joint' }),
    ])
    expect(listConsensus(doc)).toEqual([])
    expect(readMeta(doc).title).toBe('Untitled room')
  })

  it('migrates an unstamped room to the current schema version once', () => {
    const doc = new Y.Doc()
    expect(migrateRoom(doc)).toEqual({ from: 0, to: SCHEMA_VERSION, migrated: true })
    expect(migrateRoom(doc).migrated).toBe(false)
  })

  it('order keys always fit strictly between their neighbours', () => {
    let seed = 42
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const keys: string[] = []
    for (let i = 0; i < 2000; i++) {
      const at = Math.floor(random() * (keys.length + 1))
      const key = orderBetween(keys[at - 1] ?? null, keys[at] ?? null)
      if (at > 0) expect(key > (keys[at - 1] as string)).toBe(true)
      if (at < keys.length) expect(key < (keys[at] as string)).toBe(true)
      keys.splice(at, 0, key)
    }
    expect(new Set(keys).size).toBe(keys.length)
  })
})
