import { isSellerRole } from '../../../shared/src/access.ts'
import { documentOf } from './document-insights.ts'
import { overdueBuyerTasks, type RoomFacts } from './insights.ts'

const DAY = 86_400_000
/** Days a document has had for buyers to open it before its not being opened counts. */
export const DOCUMENT_READ_DAYS = 3

export interface DealHealth {
  /** 0 (in trouble) to 100 (healthy). */
  score: number
  /** Why points were taken off, biggest first, in words a seller acts on. */
  reasons: string[]
}

/**
 * A deal-health score that explains itself. It starts at 100 and loses points for the patterns
 * that precede "no decision": an economic buyer who never looked, a quiet champion, buyer tasks
 * slipping, a silent buying group, a thin stakeholder map, shared documents nobody opens.
 */
export function dealHealth({
  events,
  members,
  stakeholders,
  tasks,
  now,
  documents = [],
}: RoomFacts): DealHealth {
  const deductions: Array<{ points: number; reason: string }> = []
  const buyerEvents = events.filter((event) => event.side === 'buyer')
  const lastSeen = new Map<string, number>()
  for (const event of buyerEvents)
    lastSeen.set(event.personId, Math.max(lastSeen.get(event.personId) ?? 0, event.at))

  const economic = stakeholders.filter((person) => person.buyingRole === 'economic-buyer')
  if (economic.length === 0) {
    deductions.push({ points: 10, reason: 'No economic buyer on the stakeholder map' })
  } else if (!economic.some((person) => person.memberId && lastSeen.has(person.memberId))) {
    deductions.push({ points: 25, reason: 'The economic buyer has never opened the room' })
  }

  const champions = stakeholders.filter(
    (person) => person.buyingRole === 'champion' && person.memberId,
  )
  if (champions.length === 0) {
    deductions.push({ points: 10, reason: 'No champion in the room' })
  } else {
    const latest = Math.max(...champions.map((person) => lastSeen.get(person.memberId ?? '') ?? 0))
    const quietDays = latest === 0 ? null : Math.floor((now - latest) / DAY)
    if (quietDays === null)
      deductions.push({ points: 15, reason: 'The champion has not opened the room yet' })
    else if (quietDays >= 7)
      deductions.push({ points: 15, reason: `The champion has been quiet for ${quietDays} days` })
  }

  const overdue = overdueBuyerTasks(tasks, now).length
  if (overdue > 0)
    deductions.push({
      points: Math.min(20, overdue * 5),
      reason: `${overdue} buyer ${overdue === 1 ? 'task' : 'tasks'} overdue`,
    })

  const lastBuyer = Math.max(0, ...buyerEvents.map((event) => event.at))
  if (lastBuyer === 0) {
    deductions.push({ points: 30, reason: 'No buyer has opened the room yet' })
  } else {
    const silent = Math.floor((now - lastBuyer) / DAY)
    if (silent >= 5)
      deductions.push({
        points: Math.min(30, silent * 3),
        reason: `No buyer activity for ${silent} days`,
      })
  }

  const buyers = members.filter((member) => !isSellerRole(member.role))
  const engaged = buyers.filter((member) => lastSeen.has(member.personId)).length
  if (buyers.length >= 2 && engaged / buyers.length < 0.5) {
    deductions.push({
      points: 10,
      reason: `Only ${engaged} of ${buyers.length} invited buyers have engaged`,
    })
  }

  // Documents shared a few days ago that no buyer has opened: the content is not landing.
  const settled = documents.filter(
    (document) => now - document.updatedAt >= DOCUMENT_READ_DAYS * DAY,
  )
  if (settled.length > 0) {
    const opened = new Set(
      buyerEvents.filter((event) => event.kind === 'document.viewed').map(documentOf),
    )
    const unread = settled.filter((document) => !opened.has(document.id))
    if (unread.length === settled.length)
      deductions.push({
        points: 10,
        reason:
          settled.length === 1
            ? `No buyer has opened “${settled[0]?.title}”`
            : `No buyer has opened any of the ${settled.length} documents`,
      })
    else if (unread.length > 0)
      deductions.push({
        points: 5,
        reason: `${unread.length} of ${settled.length} documents not opened by any buyer: ${unread
          .slice(0, 3)
          .map((document) => `“${document.title}”`)
          .join(', ')}`,
      })
  }

  deductions.sort((a, b) => b.points - a.points)
  const score = Math.max(0, 100 - deductions.reduce((sum, item) => sum + item.points, 0))
  return { score, reasons: deductions.map((item) => item.reason) }
}
