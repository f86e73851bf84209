import { describe, expect, it } from 'vitest'
import type { Changes } from '../../../shared/src/api/conversation.ts'
import type { InsightsPayload } from '../../../shared/src/api/signals.ts'
import { documentName } from '../../../shared/src/protocol.ts'
import { putDocument, type RoomDocument } from '../../../shared/src/room/index.ts'
import { changeAccess } from '../access/change-access.ts'
import { inviteBuyer } from '../access/invites.ts'
import { sellerSignInLink } from '../access/people.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import type { EngagementEvent, EngagementKind, Member } from '../storage/storage.ts'
import { httpSession, secretOf, seedCast, startTestServer } from '../testing/harness.ts'
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

describe('document engagement over HTTP', () => {
  it('Insights and the CSV export list each buyer’s time per page; “forwarded?” knows who came in by domain', async () => {
    const { storage, httpUrl } = await startTestServer()
    const cast = await seedCast(storage)
    const { roomId } = cast
    // The room's list of documents, as the server writes it when a file is uploaded.
    const doc = await loadRoomDoc(storage, roomId)
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    putDocument(doc, { ...PRICING, updatedAt: Date.now() })
    for (const update of updates) await storage.appendUpdate(documentName(roomId), update)
    doc.destroy()

    // Kim was not invited: the room is open to acme.test and she verified her address.
    await storage.setRoomAccess(roomId, 'domain', ['acme.test'])
    const kim = await storage.createPerson({ email: 'kim@acme.test', name: 'Kim', kind: 'buyer' })
    await changeAccess(storage, { id: kim.id, ip: null }, { kind: 'join-by-email', roomId })
    const champion = await storage.findPersonByEmail(cast.champion)
    if (!champion) throw new Error('no champion')
    const now = Date.now()
    const buyer = (personId: string, kind: EngagementKind, detail: object, ms: number | null) => ({
      roomId,
      personId,
      side: 'buyer' as const,
      kind,
      section: null,
      durationMs: ms,
      detail: { documentId: 'pricing', version: 3, ...detail },
      at: now - 1000,
    })
    await storage.appendEvents([
      buyer(champion.id, 'document.viewed', {}, null),
      buyer(champion.id, 'document.page-viewed', { page: 1 }, 4_000),
      buyer(champion.id, 'document.page-viewed', { page: 3 }, 2_500),
      buyer(kim.id, 'document.viewed', {}, null),
    ])

    const seller = httpSession(httpUrl)
    const link = await sellerSignInLink(storage, 'http://quorum.test', cast.seller)
    expect(
      (await seller('POST', '/api/links/redeem', { secret: secretOf(link.signIn.url) })).status,
    ).toBe(200)
    const { json } = await seller('GET', `/api/rooms/${roomId}/insights`)
    const payload = json as unknown as InsightsPayload
    const pricing = payload.insights.documents[0]
    expect(pricing?.title).toBe('Pricing')
    expect(pricing?.readers.find((reader) => reader.personId === champion.id)?.msByPage).toEqual([
      4_000, 0, 2_500,
    ])
    expect(payload.alerts.filter((alert) => alert.kind === 'document-forwarded')).toHaveLength(1)
    expect(payload.alerts.find((alert) => alert.kind === 'document-forwarded')?.message).toContain(
      'kim@acme.test',
    )

    const csv = await seller('GET', `/api/rooms/${roomId}/document-engagement.csv`)
    const lines = String(csv.json.text).trim().split('\r\n')
    expect(lines[0]).toBe('document,title,version,person,email,opens,downloads,page,time_ms')
    expect(lines).toContain(
      `"pricing","Pricing","3","champion","${cast.champion}","1","0","3","2500"`,
    )
    // Three pages for each of the two readers.
    expect(lines).toHaveLength(7)
  })
})

describe('a new version in “what changed since you last looked”', () => {
  it('lists documents others added or updated since the end of your last visit', async () => {
    const { storage, httpUrl } = await startTestServer()
    const cast = await seedCast(storage)
    const { roomId } = cast
    const { invite, person } = await inviteBuyer(storage, httpUrl, {
      roomId,
      email: 'cfo@acme.test',
      name: 'Chris CFO',
      role: 'stakeholder',
      ttlMs: null,
    })
    const cfo = httpSession(httpUrl)
    expect((await cfo('POST', '/api/links/redeem', { secret: secretOf(invite.url) })).status).toBe(
      200,
    )
    const seller = await storage.findPersonByEmail(cast.seller)
    if (!seller) throw new Error('no seller')
    const now = Date.now()
    const at = (personId: string, kind: EngagementKind, ago: number, detail = {}) => ({
      roomId,
      personId,
      side: personId === seller.id ? ('seller' as const) : ('buyer' as const),
      kind,
      section: null,
      durationMs: null,
      detail,
      at: now - ago,
    })
    const version = (ago: number, title: string, n: number) =>
      at(seller.id, 'document.version-added', ago, { documentId: title, title, version: n })
    await storage.appendEvents([
      version(60_000, 'Pricing', 2),
      at(person.id, 'room.opened', 50_000),
      at(person.id, 'room.left', 40_000),
      version(30_000, 'Pricing', 3),
      version(20_000, 'Security questionnaire', 1),
    ])
    const changes = (await cfo('GET', `/api/rooms/${roomId}/changes`)).json as unknown as Changes
    expect(changes.documents.map((item) => [item.detail.title, item.detail.version])).toEqual([
      ['Security questionnaire', 1],
      ['Pricing', 3],
    ])
    expect(changes.documents[0]?.name).toBe('Sam Seller')
  })
})
