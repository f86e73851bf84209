import { describe, expect, it } from 'vitest'
import type { RoomDocument } from '../../../shared/src/room/index.ts'
import type { EngagementEvent, EngagementKind, Member } from '../storage/storage.ts'
import { roomAlerts } from './alerts.ts'
import { dealHealth } from './health.ts'
import { roomInsights } from './insights.ts'

const MINUTE = 60_000
const DAY = 86_400_000
const NOW = Date.parse('2026-06-15T15:00:00Z')

const member = (personId: string, name: string, role: Member['role']): Member => ({
  roomId: 'r',
  personId,
  name,
  role,
  email: `${personId}@acme.test`,
  createdAt: 0,
  joinedAt: null,
})
const MEMBERS = [
  member('sam', 'Sam Seller', 'owner'),
  member('dana', 'Dana Park', 'champion'),
  member('lee', 'Lee Chen', 'stakeholder'),
  member('kim', 'Kim Novak', 'stakeholder'),
]
const documentOf = (id: string, title: string, pages: number, daysAgo = 10): RoomDocument => ({
  id,
  title,
  version: 3,
  pages,
  policy: 'view',
  attachedKind: null,
  attachedId: null,
  updatedAt: NOW - daysAgo * DAY,
})
const PRICING = documentOf('pricing', 'Pricing', 3)
const SECURITY = documentOf('security', 'Security questionnaire', 12)

const at = (minutesAgo: number) => NOW - minutesAgo * MINUTE
const event = (
  personId: string,
  kind: EngagementKind,
  when: number,
  detail: Record<string, unknown>,
  durationMs: number | null = null,
): EngagementEvent => ({
  roomId: 'r',
  personId,
  side: personId === 'sam' ? 'seller' : 'buyer',
  kind,
  section: null,
  durationMs,
  detail,
  at: when,
})
const opened = (personId: string, when: number, documentId = 'pricing', version = 3) =>
  event(personId, 'document.viewed', when, { documentId, version, title: 'Pricing' })
const page = (personId: string, when: number, n: number, ms: number, documentId = 'pricing') =>
  event(personId, 'document.page-viewed', when, { documentId, version: 3, page: n }, ms)

const facts = (events: EngagementEvent[], extra: { domainJoiners?: Set<string> } = {}) => ({
  events,
  members: MEMBERS,
  stakeholders: [],
  tasks: [],
  now: NOW,
  documents: [PRICING, SECURITY],
  ...extra,
})

describe('document engagement in Insights', () => {
  it('shows each buyer’s time per page, pages seen and completion; seller reading never counts', () => {
    const events = [
      opened('dana', at(50)),
      page('dana', at(49), 1, 20_000),
      page('dana', at(48), 2, 45_000),
      page('dana', at(47), 1, 5_000),
      opened('lee', at(30), 'pricing', 2),
      page('lee', at(29), 3, 8_000),
      // A page past the end (an older version was longer) and a seller's reading.
      page('lee', at(28), 7, 9_000),
      opened('sam', at(20)),
      page('sam', at(19), 1, 600_000),
      event('dana', 'document.downloaded', at(10), { documentId: 'pricing', version: 3 }),
    ]
    const { documents } = roomInsights(facts(events))
    const pricing = documents.find((document) => document.documentId === 'pricing')
    expect(pricing).toMatchObject({
      title: 'Pricing',
      pages: 3,
      opens: 2,
      downloads: 1,
      msByPage: [25_000, 45_000, 8_000],
    })
    // The most recent reader first.
    expect(pricing?.readers.map((reader) => reader.name)).toEqual(['Lee Chen', 'Dana Park'])
    expect(pricing?.readers[1]).toMatchObject({
      msByPage: [25_000, 45_000, 0],
      pagesSeen: 2,
      furthestPage: 2,
      downloads: 1,
      version: 3,
    })
    expect(pricing?.readers[1]?.completion).toBeCloseTo(2 / 3)
    expect(pricing?.readers[0]).toMatchObject({ version: 3, pagesSeen: 1, furthestPage: 3 })
    expect(pricing?.completion).toBeCloseTo((2 / 3 + 1 / 3) / 2)
    // A document nobody has opened is listed, with nothing against it.
    expect(documents.find((document) => document.documentId === 'security')).toMatchObject({
      opens: 0,
      readers: [],
      completion: 0,
    })
  })
})

describe('document alerts', () => {
  it('“read the pricing 3 times today” when buyers open one document three times in a day', () => {
    const twice = [opened('dana', at(300)), opened('lee', at(200))]
    expect(roomAlerts(facts(twice)).filter((alert) => alert.kind === 'document-rereads')).toEqual(
      [],
    )
    const thrice = [...twice, opened('dana', at(100)), opened('sam', at(50)), opened('sam', at(40))]
    expect(roomAlerts(facts(thrice)).filter((alert) => alert.kind === 'document-rereads')).toEqual([
      {
        kind: 'document-rereads',
        at: at(100),
        message: '“Pricing” was read 3 times today (Dana Park and Lee Chen)',
      },
    ])
  })

  it('“forwarded?” when someone who joined by verifying their address, not invited, opens a document', () => {
    const events = [
      opened('dana', at(600)),
      opened('kim', at(60)),
      opened('kim', at(30)),
      opened('kim', at(20), 'security'),
    ]
    const forwarded = (joiners: Set<string>) =>
      roomAlerts(facts(events, { domainJoiners: joiners })).filter(
        (alert) => alert.kind === 'document-forwarded',
      )
    expect(forwarded(new Set())).toEqual([])
    expect(forwarded(new Set(['kim'])).map((alert) => alert.message)).toEqual([
      'Forwarded? Kim Novak (kim@acme.test) joined with their work address, without an invitation, and opened “Security questionnaire”',
      'Forwarded? Kim Novak (kim@acme.test) joined with their work address, without an invitation, and opened “Pricing”',
    ])
  })
})

describe('document engagement in deal health', () => {
  it('loses points when documents shared days ago have not been opened by any buyer', () => {
    const reasons = (events: EngagementEvent[]) => dealHealth(facts(events)).reasons
    expect(reasons([])).toContain('No buyer has opened any of the 2 documents')
    expect(reasons([opened('sam', at(10))])).toContain('No buyer has opened any of the 2 documents')
    expect(reasons([opened('dana', at(10))])).toContain(
      '1 of 2 documents not opened by any buyer: “Security questionnaire”',
    )
    expect(
      reasons([opened('dana', at(10)), opened('lee', at(5), 'security')]).join('\n'),
    ).not.toMatch(/document/)
    // A document shared today has not had its chance yet.
    const fresh = dealHealth({ ...facts([]), documents: [documentOf('new', 'Proposal', 4, 0)] })
    expect(fresh.reasons.join('\n')).not.toMatch(/Proposal|document/)
  })
})
