import type { OutboxEvent } from '../../storage/storage.ts'
import type { CrmMoment } from './connector.ts'
import { field } from './connector.ts'

/**
 * The event types a CRM connection takes by default: the key moments it records on the deal,
 * and the buyer activity that keeps the deal's properties (health, last buyer activity) current.
 */
export const CRM_DEFAULT_TYPES = [
  'stakeholder.first_seen',
  'milestone.signed_off',
  'consensus.marked',
  'room.weekly_summary',
  'deal.health_changed',
  'comment.created',
  'task.completed',
  'document.viewed',
] as const

const STANCE_WORDS: Record<string, string> = {
  concern: 'raised a concern on',
  block: 'blocked',
}

/** How an item of the room is named in a note: its title when the event has it. */
function itemName(data: Record<string, unknown>): string {
  const item = field(data, 'item')
  if (item === 'businessCase') return 'the business case'
  const title = field(data, 'itemTitle')
  return title ? `“${title}”` : item || 'the room'
}

/**
 * What an outbox event means on a deal: a record (note or task) for the key moments — a buyer's
 * first visit, a milestone signed off, a concern or block, the weekly summary — and the deal's
 * properties alone for the rest (an agreement is not a key moment).
 */
export function crmMomentOf(event: OutboxEvent, roomUrl: string): CrmMoment {
  const data = event.data
  const who = field(data, 'person', 'name') || 'Someone'
  const email = field(data, 'person', 'email') || null
  const room = field(data, 'room', 'title') || 'the deal room'
  const properties: CrmMoment = {
    kind: 'properties',
    subject: '',
    body: '',
    personEmail: email,
    at: event.at,
  }
  const record = (subject: string, lines: string[]): CrmMoment => ({
    kind: 'record',
    subject,
    body: [...lines, `Open the deal room: ${roomUrl}`].join('\n'),
    personEmail: email,
    at: event.at,
  })
  switch (event.type) {
    case 'stakeholder.first_seen': {
      const role = field(data, 'role')
      return record(`First visit: ${who}`, [
        `${who}${role ? ` (${role})` : ''} opened ${room} for the first time.`,
      ])
    }
    case 'milestone.signed_off':
      return record(`Milestone signed off: ${field(data, 'milestone', 'title')}`, [
        `“${field(data, 'milestone', 'title')}” is signed off in ${room}.`,
      ])
    case 'consensus.marked': {
      const words = STANCE_WORDS[field(data, 'stance')]
      if (!words) return properties
      const note = field(data, 'note')
      return record(`${who} ${words} ${itemName(data)}`, [
        `${who} ${words} ${itemName(data)} in ${room}.`,
        ...(note ? [`“${note}”`] : []),
      ])
    }
    case 'room.weekly_summary': {
      const summary = (data.summary ?? {}) as Record<string, unknown>
      const number = (key: string) => (typeof summary[key] === 'number' ? summary[key] : 0)
      return record(`Weekly summary: ${room}`, [
        `Deal health ${number('health')}/100.`,
        `${number('buyersEngaged')} of ${number('buyersInvited')} invited buyers engaged; ${number('buyerVisits')} buyer visits.`,
        `Plan: ${number('tasksDone')} of ${number('tasksTotal')} tasks done, ${number('milestonesDone')} of ${number('milestonesTotal')} milestones.`,
      ])
    }
    default:
      return properties
  }
}
