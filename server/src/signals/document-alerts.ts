import type { Alert } from '../../../shared/src/api/signals.ts'
import { documentOf } from './document-insights.ts'
import { dayOf, type RoomFacts } from './insights.ts'

const DAY = 86_400_000
/** Alerts about documents stay up this long, like the others. */
const RECENT = 7 * DAY

const quoted = (title: string) => `“${title}”`

function names(list: readonly string[]): string {
  if (list.length <= 1) return list[0] ?? ''
  return `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`
}

/**
 * What a seller acts on about the room's documents:
 * - a document opened `readsPerDay` times or more by buyers in one day ("read the pricing 3
 *   times today": the deal is being discussed);
 * - "forwarded?": someone who came in by verifying an address at the buyer's domain, rather
 *   than by an invitation, opened a document (the room's link is going round the buyer).
 */
export function documentAlerts(
  { events, members, documents = [], domainJoiners = new Set(), now }: RoomFacts,
  readsPerDay: number,
): Alert[] {
  const alerts: Alert[] = []
  const titles = new Map(documents.map((document) => [document.id, document.title]))
  const titleOf = (id: string, fallback: unknown) =>
    titles.get(id) ?? (typeof fallback === 'string' && fallback ? fallback : 'A document')
  const people = new Map(members.map((member) => [member.personId, member]))

  const reads = new Map<
    string,
    { day: string; at: number; title: string; readers: string[]; count: number }
  >()
  const firstOpened = new Set<string>()
  for (const event of events) {
    if (event.side !== 'buyer' || event.kind !== 'document.viewed') continue
    const documentId = documentOf(event)
    if (!documentId) continue
    const recent = now - event.at < RECENT
    const opening = `${event.personId}|${documentId}`
    const first = !firstOpened.has(opening)
    firstOpened.add(opening)
    if (!recent) continue
    if (first && domainJoiners.has(event.personId)) {
      const person = people.get(event.personId)
      alerts.push({
        kind: 'document-forwarded',
        at: event.at,
        message: `Forwarded? ${person?.name ?? 'Someone'}${person?.email ? ` (${person.email})` : ''} joined with their work address, without an invitation, and opened ${quoted(titleOf(documentId, event.detail.title))}`,
      })
    }
    const day = dayOf(event.at)
    const key = `${documentId}|${day}`
    const entry = reads.get(key) ?? {
      day,
      at: event.at,
      title: titleOf(documentId, event.detail.title),
      readers: [],
      count: 0,
    }
    entry.count++
    entry.at = event.at
    const name = people.get(event.personId)?.name ?? 'someone'
    if (!entry.readers.includes(name)) entry.readers.push(name)
    reads.set(key, entry)
  }
  for (const entry of reads.values()) {
    if (entry.count < readsPerDay) continue
    const when = entry.day === dayOf(now) ? 'today' : `on ${entry.day}`
    alerts.push({
      kind: 'document-rereads',
      at: entry.at,
      message: `${quoted(entry.title)} was read ${entry.count} times ${when} (${names(entry.readers)})`,
    })
  }
  return alerts
}
