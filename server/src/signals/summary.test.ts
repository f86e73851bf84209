import { describe, expect, it } from 'vitest'
import type { RoomDocument, Stakeholder, Task } from '../../../shared/src/room/index.ts'
import type { EngagementEvent, EngagementKind, Member } from '../storage/storage.ts'
import { roomAlerts } from './alerts.ts'
import { dealHealth } from './health.ts'
import type { RoomFacts } from './insights.ts'
import { NINETY_DAYS } from './room-facts.ts'
import { summaryValidUntil } from './summary.ts'

const DAY = 86_400_000
const START = Date.parse('2026-03-02T09:17:00Z')
const KINDS: EngagementKind[] = [
  'room.opened',
  'section.viewed',
  'stakeholder.first-seen',
  'document.viewed',
]
const DOCUMENTS = ['pricing', 'proposal']
const PEOPLE = ['ana', 'ben', 'cy', 'dee']

/** A small deterministic generator (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A room's whole history: up to a dozen events over 120 days, members, stakeholders and buyer tasks. */
function history(seed: number) {
  const next = random(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
  const events: EngagementEvent[] = Array.from({ length: Math.floor(next() * 12) }, () => {
    const kind = pick(KINDS)
    return {
      roomId: 'r',
      personId: pick(PEOPLE),
      side: next() < 0.85 ? 'buyer' : 'seller',
      kind,
      section: kind === 'section.viewed' ? 'business-case' : null,
      durationMs: kind === 'section.viewed' ? 4_000 : null,
      detail: kind === 'document.viewed' ? { documentId: pick(DOCUMENTS), version: 1 } : {},
      at: START - Math.floor(next() * 120 * DAY),
    }
  })
  const members: Member[] = PEOPLE.map((personId) => ({
    roomId: 'r',
    personId,
    name: personId,
    role: pick(['champion', 'stakeholder', 'viewer'] as const),
    email: `${personId}@buyer.test`,
    createdAt: 0,
    joinedAt: null,
  }))
  const stakeholders: Stakeholder[] = PEOPLE.filter(() => next() < 0.7).map((personId) => ({
    id: `s-${personId}`,
    name: personId,
    title: '',
    side: 'buyer',
    buyingRole: pick(['champion', 'economic-buyer', 'technical'] as const),
    stance: 'unknown',
    memberId: next() < 0.8 ? personId : null,
  }))
  const tasks: Task[] = Array.from({ length: Math.floor(next() * 4) }, (_, index) => ({
    id: `t${index}`,
    milestoneId: 'm',
    title: `Task ${index}`,
    order: 'a',
    ownerId: null,
    side: 'buyer',
    dueDate: new Date(START + Math.floor((next() - 0.5) * 10 * DAY)).toISOString().slice(0, 10),
    status: next() < 0.3 ? 'done' : 'todo',
    doneAt: null,
    doneBy: null,
  }))
  // Documents shared some days before or after the start (their not being read counts later).
  const documents: RoomDocument[] = DOCUMENTS.filter(() => next() < 0.5).map((id) => ({
    id,
    title: id,
    version: 1,
    pages: 4,
    policy: 'view',
    attachedKind: null,
    attachedId: null,
    updatedAt: START + Math.floor((next() - 0.7) * 10 * DAY),
  }))
  // Some buyers came in by domain, without an invitation ("forwarded?").
  const domainJoiners = new Set(PEOPLE.filter(() => next() < 0.3))
  return { events, members, stakeholders, tasks, documents, domainJoiners }
}

/** What roomFacts would read at `now`: the events of the last 90 days. */
const factsAt = (room: ReturnType<typeof history>, now: number): RoomFacts => ({
  ...room,
  events: room.events.filter((event) => event.at >= now - NINETY_DAYS && event.at <= now),
  now,
})

const shown = (facts: RoomFacts) => ({ health: dealHealth(facts), alerts: roomAlerts(facts) })

describe('how long a room summary stays current with no change but time', () => {
  it('health and alerts are the same at every moment before it runs out (1,000 seeded rooms)', () => {
    let checked = 0
    let changedAtTheEnd = 0
    for (let seed = 1; seed <= 1000; seed++) {
      const room = history(seed)
      const next = random(seed * 7919)
      let now = START
      // Follow the room for ten validity windows, as the sweep would.
      for (let step = 0; step < 10; step++) {
        const facts = factsAt(room, now)
        const until = summaryValidUntil(facts)
        expect(until, `seed ${seed}`).toBeGreaterThan(now)
        expect(until, `seed ${seed}: at most a day`).toBeLessThanOrEqual(now + DAY)
        const expected = shown(facts)
        // Moments in [now, until): the next millisecond, the last one, one at random.
        const moments = [now + 1, until - 1, now + Math.floor(next() * (until - now))]
        for (const at of moments.filter((moment) => moment < until)) {
          expect(shown(factsAt(room, at)), `seed ${seed}, ${new Date(at).toISOString()}`).toEqual(
            expected,
          )
          checked++
        }
        if (JSON.stringify(shown(factsAt(room, until))) !== JSON.stringify(expected))
          changedAtTheEnd++
        now = until
      }
    }
    expect(checked).toBeGreaterThan(25_000)
    // Not so cautious that it runs out when nothing changes: most windows end on a real change.
    expect(changedAtTheEnd).toBeGreaterThan(3_000)
  })
})
