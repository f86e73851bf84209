import type { ActivityItem, ActivityKind } from '../../../shared/src/api/conversation.ts'
import type { Section } from '../room-context/context.ts'

/** One thing someone did in the room, and a page of them (GET …/activity): shared/src/api/. */
export type { ActivityItem, ActivityPage } from '../../../shared/src/api/conversation.ts'

/** A key for lists: two records of the same moment, person, kind and detail are the same thing. */
export const activityKey = (item: ActivityItem): string =>
  `${item.at}|${item.personId}|${item.kind}|${JSON.stringify(item.detail)}`

/** The filters of the timeline: each a group of event kinds. */
export const ACTIVITY_KINDS: ReadonlyArray<{ id: string; label: string; kinds: ActivityKind[] }> = [
  {
    id: 'plan',
    label: 'Plan',
    kinds: ['task.added', 'task.completed', 'task.changed', 'milestone.added', 'milestone.changed'],
  },
  { id: 'business-case', label: 'Business case', kinds: ['business-case.edited'] },
  {
    id: 'threads',
    label: 'Comments',
    kinds: ['comment.added', 'thread.resolved', 'thread.reopened', 'person.mentioned'],
  },
  { id: 'consensus', label: 'Agreement', kinds: ['consensus.marked'] },
  { id: 'people', label: 'People', kinds: ['stakeholder.added'] },
  { id: 'documents', label: 'Documents', kinds: ['document.version-added'] },
]

const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const quoted = (value: unknown): string => (text(value) ? `“${text(value)}”` : '')

const FIELD_WORDS: Record<string, string> = {
  status: 'status',
  ownerId: 'owner',
  dueDate: 'due date',
  title: 'title',
}

function itemWords(item: string): string {
  if (item === 'businessCase') return 'the business case'
  if (item.startsWith('section:')) return `the ${item.slice('section:'.length)} section`
  if (item.startsWith('milestone:')) return 'a milestone'
  return item
}

/** What happened, in a sentence without the person (shown next to their name). */
export function describeActivity(item: ActivityItem, nameOf: (id: string) => string): string {
  const d = item.detail
  switch (item.kind) {
    case 'task.added':
      return `added the task ${quoted(d.title)}`
    case 'task.completed':
      return `completed ${quoted(d.title)}`
    case 'task.changed': {
      const fields = Array.isArray(d.fields)
        ? d.fields.map((field) => FIELD_WORDS[String(field)] ?? String(field)).join(', ')
        : ''
      return `changed ${fields ? `the ${fields} of ` : ''}${quoted(d.title)}`
    }
    case 'milestone.added':
      return `added the milestone ${quoted(d.title)}`
    case 'milestone.changed':
      return `changed the milestone ${quoted(d.title)}`
    case 'business-case.edited':
      return `edited the business case${d.title || d.sectionId ? `: ${text(d.title) || text(d.sectionId)}` : ''}`
    case 'comment.added':
      return `${d.reply ? 'replied' : 'commented'}${d.excerpt ? `: ${quoted(d.excerpt)}` : ''}`
    case 'thread.resolved':
      return 'resolved a thread'
    case 'thread.reopened':
      return 'reopened a thread'
    case 'person.mentioned':
      return `mentioned ${nameOf(text(d.mentioned))}${d.excerpt ? `: ${quoted(d.excerpt)}` : ''}`
    case 'consensus.marked': {
      const stance = text(d.stance)
      const verb =
        stance === 'agree' ? 'agreed to' : stance === 'block' ? 'blocked' : 'raised a concern on'
      return `${verb} ${itemWords(text(d.item))}${d.note ? `: ${quoted(d.note)}` : ''}`
    }
    case 'stakeholder.added':
      return `added ${text(d.name) || 'a stakeholder'} to the stakeholder map`
    case 'document.version-added':
      return typeof d.version === 'number' && d.version > 1
        ? `updated ${quoted(d.title) || 'a document'} to v${d.version}`
        : `added the document ${quoted(d.title)}`
    default:
      return item.kind
  }
}

/** Where to look at what an activity item changed. */
export function sectionOf(item: ActivityItem): Section {
  if (item.kind.startsWith('task.') || item.kind.startsWith('milestone.')) return 'plan'
  if (item.kind === 'business-case.edited') return 'business-case'
  if (item.kind === 'stakeholder.added') return 'stakeholders'
  if (item.kind.startsWith('document.')) return 'documents'
  const anchor = item.detail.anchor as { kind?: string } | undefined
  if (anchor?.kind === 'text' || anchor?.kind === 'section') return 'business-case'
  if (anchor?.kind === 'task' || anchor?.kind === 'milestone') return 'plan'
  if (anchor?.kind === 'stakeholder') return 'stakeholders'
  const consensusItem = text(item.detail.item)
  if (consensusItem.startsWith('milestone:')) return 'plan'
  if (consensusItem) return 'business-case'
  return 'overview'
}

/** The page an activity item points at: its thread, section, document or room section. */
export function pathOf(item: ActivityItem, roomId: string): string {
  if (typeof item.detail.sectionId === 'string')
    return `/r/${roomId}/business-case#section-${item.detail.sectionId}`
  if (item.kind.startsWith('document.') && typeof item.detail.documentId === 'string')
    return `/r/${roomId}/documents/${item.detail.documentId}`
  return `/r/${roomId}/${sectionOf(item)}`
}

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  month: 'long',
  day: 'numeric',
})
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })

export const formatDayOf = (at: number) => dayFormat.format(at)
export const formatTimeOf = (at: number) => timeFormat.format(at)
