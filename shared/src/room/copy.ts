import * as Y from 'yjs'
import { readMeta } from './meta.ts'
import { listStakeholders } from './people.ts'
import { listMilestones, listTasks } from './plan.ts'
import { roots, SCHEMA_VERSION } from './schema.ts'
import { BUSINESS_CASE_OUTLINE } from './template.ts'

const DAY = 86_400_000

/** The UTC day (yyyy-mm-dd) of a time. */
export function dayOf(at: number | Date): string {
  return new Date(at).toISOString().slice(0, 10)
}

/** Whole days from one day (yyyy-mm-dd) to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY)
}

/** A day (yyyy-mm-dd) moved by whole days; null stays null. */
export function shiftDay(day: string | null, days: number): string | null {
  if (day === null || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return null
  return dayOf(Date.parse(`${day}T00:00:00Z`) + days * DAY)
}

export interface PlanCopyOptions {
  title: string
  buyerOrg?: string
  /** Days every date moves by: from the source's first day to the new room's. */
  shiftDays: number
  /**
   * `outline`: the business case's section headings (with their prompts when they are the
   * standard outline's), not what was written for a buyer; `full`: everything in it.
   */
  businessCase: 'outline' | 'full'
  /**
   * `none`: no one (a clone is for another buyer); `roles`: each stakeholder as a role to fill
   * (side, buying role and title kept, name and membership cleared); `keep`: as they are, with
   * no membership (a template's roles into a new room).
   */
  stakeholders: 'none' | 'roles' | 'keep'
}

/** The name a stakeholder role to fill shows until someone is named. */
export const ROLE_TO_FILL = 'To be named'

/**
 * Writes the shape of one room into a new, empty document: meta, milestones and tasks (dates
 * shifted, statuses back to the start), the business case and, if asked, the stakeholder roles.
 * Never comments, consensus marks, documents or who did what: those belong to the source's
 * buyer. Runs on the server, as seeding does.
 */
export function copyRoomShape(source: Y.Doc, target: Y.Doc, options: PlanCopyOptions): void {
  const meta = readMeta(source)
  const milestones = listMilestones(source)
  const tasks = listTasks(source)
  const people = options.stakeholders === 'none' ? [] : listStakeholders(source)
  const kept = new Set(people.map((person) => person.id))
  const shift = (day: string | null) => shiftDay(day, options.shiftDays)
  target.transact(() => {
    const targetMeta = roots.meta(target)
    targetMeta.set('schemaVersion', SCHEMA_VERSION)
    targetMeta.set('title', options.title)
    targetMeta.set('buyerOrg', options.buyerOrg ?? '')
    targetMeta.set('sellerOrg', meta.sellerOrg)
    targetMeta.set('targetCloseDate', shift(meta.targetCloseDate))
    targetMeta.set('stage', milestones[0]?.title ?? '')
    milestones.forEach((milestone, index) => {
      const entry = new Y.Map<unknown>()
      roots.milestones(target).set(milestone.id, entry)
      entry.set('title', milestone.title)
      entry.set('order', milestone.order)
      entry.set('dueDate', shift(milestone.dueDate))
      entry.set('status', index === 0 ? 'active' : 'planned')
      const signoff = milestone.signoffBy.filter((id) => kept.has(id))
      if (signoff.length > 0) entry.set('signoffBy', signoff)
    })
    for (const task of tasks) {
      const entry = new Y.Map<unknown>()
      roots.tasks(target).set(task.id, entry)
      entry.set('milestoneId', task.milestoneId)
      entry.set('title', task.title)
      entry.set('order', task.order)
      entry.set('ownerId', task.ownerId !== null && kept.has(task.ownerId) ? task.ownerId : null)
      entry.set('side', task.side)
      entry.set('dueDate', shift(task.dueDate))
      entry.set('status', 'todo')
      entry.set('doneAt', null)
      entry.set('doneBy', null)
    }
    for (const person of people) {
      const entry = new Y.Map<unknown>()
      roots.stakeholders(target).set(person.id, entry)
      entry.set('name', options.stakeholders === 'roles' ? ROLE_TO_FILL : person.name)
      entry.set('title', person.title)
      entry.set('side', person.side)
      entry.set('buyingRole', person.buyingRole)
      entry.set('stance', 'unknown')
      entry.set('memberId', null)
    }
    copyBusinessCase(roots.businessCase(source), roots.businessCase(target), options.businessCase)
  })
}

function copyBusinessCase(
  source: Y.XmlFragment,
  target: Y.XmlFragment,
  mode: 'outline' | 'full',
): void {
  const nodes: Array<Y.XmlElement | Y.XmlText> = []
  for (const node of source.toArray()) {
    if (mode === 'full') {
      if (node instanceof Y.XmlElement || node instanceof Y.XmlText) nodes.push(node.clone())
      continue
    }
    if (!(node instanceof Y.XmlElement) || node.nodeName !== 'heading') continue
    const heading = node.clone()
    const sectionId = node.getAttribute('sectionId')
    const prompt = BUSINESS_CASE_OUTLINE.find((section) => section.id === sectionId)?.prompt
    const paragraph = new Y.XmlElement('paragraph')
    if (prompt) paragraph.insert(0, [new Y.XmlText(prompt)])
    nodes.push(heading, paragraph)
  }
  target.insert(0, nodes)
}
