import * as Y from 'yjs'
import { newId } from '../ids.ts'
import { byOrder, orderBetween } from './order.ts'
import {
  checkDate,
  entries,
  MILESTONE_STATUSES,
  type Milestone,
  type MilestoneStatus,
  num,
  oneOf,
  requireEntry,
  requireText,
  roots,
  SIDES,
  type Side,
  str,
  strOrNull,
  TASK_STATUSES,
  type Task,
  type TaskStatus,
  writeFields,
} from './schema.ts'

// Milestones

function readMilestone(id: string, entry: Y.Map<unknown>): Milestone {
  return {
    id,
    title: str(entry, 'title'),
    order: str(entry, 'order'),
    dueDate: strOrNull(entry, 'dueDate'),
    status: oneOf(entry, 'status', MILESTONE_STATUSES, 'planned'),
    signoffBy: stringList(entry.get('signoffBy')),
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : []
}

/** Milestones in plan order. */
export function listMilestones(doc: Y.Doc): Milestone[] {
  return entries(roots.milestones(doc))
    .map(([id, entry]) => readMilestone(id, entry))
    .sort(byOrder)
}

export function getMilestone(doc: Y.Doc, id: string): Milestone | null {
  const entry = roots.milestones(doc).get(id)
  return entry instanceof Y.Map ? readMilestone(id, entry) : null
}

export interface MilestoneInput {
  title: string
  dueDate?: string | null
  status?: MilestoneStatus
  /** Insert at this position (default: the end). */
  index?: number
}

export function addMilestone(doc: Y.Doc, input: MilestoneInput): string {
  const id = newId()
  const title = requireText(input.title)
  doc.transact(() => {
    const existing = listMilestones(doc)
    const entry = new Y.Map<unknown>()
    roots.milestones(doc).set(id, entry)
    writeFields(entry, {
      title,
      order: orderAt(existing, input.index ?? existing.length),
      dueDate: checkDate(input.dueDate) ?? null,
      status: input.status ?? 'planned',
    })
  })
  return id
}

export type MilestonePatch = Partial<Pick<Milestone, 'title' | 'dueDate' | 'status' | 'signoffBy'>>

export function updateMilestone(doc: Y.Doc, id: string, patch: MilestonePatch): void {
  const entry = requireEntry(roots.milestones(doc), id, 'milestone')
  const checked = {
    ...patch,
    title: patch.title === undefined ? undefined : requireText(patch.title),
    dueDate: checkDate(patch.dueDate),
  }
  doc.transact(() => writeFields(entry, checked))
}

/** Moves a milestone to `index` in the plan (its position after the move). */
export function moveMilestone(doc: Y.Doc, id: string, index: number): void {
  const entry = requireEntry(roots.milestones(doc), id, 'milestone')
  doc.transact(() => {
    const others = listMilestones(doc).filter((milestone) => milestone.id !== id)
    entry.set('order', orderAt(others, index))
  })
}

/** Deletes a milestone and its tasks. */
export function removeMilestone(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    roots.milestones(doc).delete(id)
    for (const task of listTasks(doc, id)) roots.tasks(doc).delete(task.id)
  })
}

// Tasks

function readTask(id: string, entry: Y.Map<unknown>): Task {
  return {
    id,
    milestoneId: str(entry, 'milestoneId'),
    title: str(entry, 'title'),
    order: str(entry, 'order'),
    ownerId: strOrNull(entry, 'ownerId'),
    side: oneOf(entry, 'side', SIDES, 'joint'),
    dueDate: strOrNull(entry, 'dueDate'),
    status: oneOf(entry, 'status', TASK_STATUSES, 'todo'),
    doneAt: num(entry, 'doneAt'),
    doneBy: strOrNull(entry, 'doneBy'),
  }
}

/** Tasks in order; of one milestone when `milestoneId` is given. */
export function listTasks(doc: Y.Doc, milestoneId?: string): Task[] {
  return entries(roots.tasks(doc))
    .map(([id, entry]) => readTask(id, entry))
    .filter((task) => milestoneId === undefined || task.milestoneId === milestoneId)
    .sort(byOrder)
}

export function getTask(doc: Y.Doc, id: string): Task | null {
  const entry = roots.tasks(doc).get(id)
  return entry instanceof Y.Map ? readTask(id, entry) : null
}

export interface TaskInput {
  milestoneId: string
  title: string
  ownerId?: string | null
  side?: Side
  dueDate?: string | null
  status?: TaskStatus
  index?: number
}

export function addTask(doc: Y.Doc, input: TaskInput): string {
  const id = newId()
  const title = requireText(input.title)
  requireEntry(roots.milestones(doc), input.milestoneId, 'milestone')
  doc.transact(() => {
    const siblings = listTasks(doc, input.milestoneId)
    const entry = new Y.Map<unknown>()
    roots.tasks(doc).set(id, entry)
    writeFields(entry, {
      milestoneId: input.milestoneId,
      title,
      order: orderAt(siblings, input.index ?? siblings.length),
      ownerId: input.ownerId ?? null,
      side: input.side ?? 'joint',
      dueDate: checkDate(input.dueDate) ?? null,
      status: input.status ?? 'todo',
      doneAt: null,
      doneBy: null,
    })
  })
  return id
}

export type TaskPatch = Partial<Pick<Task, 'title' | 'ownerId' | 'side' | 'dueDate' | 'status'>>

/**
 * Changes a task's fields. Setting the status to done records when and by whom (`personId`);
 * moving it away from done clears that record.
 */
export function updateTask(doc: Y.Doc, id: string, patch: TaskPatch, personId?: string): void {
  const entry = requireEntry(roots.tasks(doc), id, 'task')
  const checked = {
    ...patch,
    title: patch.title === undefined ? undefined : requireText(patch.title),
    dueDate: checkDate(patch.dueDate),
  }
  doc.transact(() => {
    const wasDone = entry.get('status') === 'done'
    writeFields(entry, checked)
    if (patch.status === 'done' && !wasDone) {
      entry.set('doneAt', Date.now())
      entry.set('doneBy', personId ?? null)
    } else if (patch.status !== undefined && patch.status !== 'done' && wasDone) {
      entry.set('doneAt', null)
      entry.set('doneBy', null)
    }
  })
}

/** One-click completion (and its undo). */
export function setTaskDone(doc: Y.Doc, id: string, done: boolean, personId?: string): void {
  updateTask(doc, id, { status: done ? 'done' : 'todo' }, personId)
}

/**
 * Moves a task to `index` within `milestoneId` (its position after the move). Only the task's
 * own order and milestone change, so concurrent moves of one task never duplicate it.
 */
export function moveTask(doc: Y.Doc, id: string, milestoneId: string, index: number): void {
  const entry = requireEntry(roots.tasks(doc), id, 'task')
  requireEntry(roots.milestones(doc), milestoneId, 'milestone')
  doc.transact(() => {
    const siblings = listTasks(doc, milestoneId).filter((task) => task.id !== id)
    entry.set('milestoneId', milestoneId)
    entry.set('order', orderAt(siblings, index))
  })
}

export function removeTask(doc: Y.Doc, id: string): void {
  doc.transact(() => roots.tasks(doc).delete(id))
}

// Helpers

/** An order key that places a new item at `index` among `items` (already sorted). */
function orderAt(items: ReadonlyArray<{ order: string }>, index: number): string {
  const at = Math.max(0, Math.min(index, items.length))
  return orderBetween(items[at - 1]?.order ?? null, items[at]?.order ?? null)
}

export const planProgress = (tasks: readonly Task[]): { done: number; total: number } => ({
  done: tasks.filter((task) => task.status === 'done').length,
  total: tasks.length,
})
