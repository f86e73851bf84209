import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import {
  addMilestone,
  addStakeholder,
  addTask,
  addThread,
  consensusKeys,
  listSections,
  markConsensus,
  reply,
  roots,
  setTaskDone,
  setThreadResolved,
  updateTask,
} from '../../../shared/src/room/index.ts'
import { issueLink } from '../access/links.ts'
import { previousVisitEnd } from '../http/conversation-routes.ts'
import type { EngagementEvent } from '../storage/storage.ts'
import {
  connect,
  eventually,
  httpSession,
  secretOf,
  seedCast,
  startTestServer,
  tokenFor,
} from '../testing/harness.ts'

type Item = {
  at: number
  kind: string
  personId: string
  name: string
  detail: Record<string, unknown>
}

/** The room through the eyes of a member: their socket and their signed-in browser. */
async function member(
  test: Awaited<ReturnType<typeof startTestServer>>,
  roomId: string,
  email: string,
  kind: 'shared' | 'internal' = 'shared',
) {
  const person = await test.storage.findPersonByEmail(email)
  if (!person) throw new Error(`no ${email}`)
  const client = connect(test.wsUrl, roomId, await tokenFor(test.storage, roomId, email), kind)
  await client.synced
  if (kind === 'shared') {
    // In the room, as a browser is: with presence the server can see.
    client.provider.awareness?.setLocalStateField('section', 'overview')
    const here = () =>
      [
        ...(test.server.collaboration.hocuspocus.documents
          .get(documentName(roomId))
          ?.awareness.getStates()
          .values() ?? []),
      ].some((state) => (state.user as { id?: string } | undefined)?.id === person.id)
    await eventually(() => expect(here()).toBe(true))
  }
  const http = httpSession(test.httpUrl)
  const link = await issueLink(test.storage, test.httpUrl, {
    kind: 'invite',
    personId: person.id,
    roomId,
    ttlMs: null,
  })
  expect((await http('POST', '/api/links/redeem', { secret: secretOf(link.url) })).status).toBe(200)
  return { client, http, personId: person.id }
}

/** Appends words to the paragraph of a business-case section, as an editor would. */
function typeInSection(doc: Y.Doc, sectionId: string, words: string) {
  const section = listSections(doc).find((entry) => entry.id === sectionId)
  const paragraph = roots.businessCase(doc).get((section?.start ?? 0) + 1) as Y.XmlElement
  const text = paragraph.get(0) as Y.XmlText
  text.insert(text.length, words)
}

/** Writes an @mention of a member at the end of a section's paragraph, as the editor does. */
function mentionInSection(doc: Y.Doc, sectionId: string, personId: string, label: string) {
  const section = listSections(doc).find((entry) => entry.id === sectionId)
  const paragraph = roots.businessCase(doc).get((section?.start ?? 0) + 1) as Y.XmlElement
  const mention = new Y.XmlElement('mention')
  mention.setAttribute('id', personId)
  mention.setAttribute('label', label)
  paragraph.insert(paragraph.length, [mention])
}

describe('the room’s activity', () => {
  it('records who did what in the plan, the business case, threads and marks, newest first, filterable', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const seller = await member(test, cast.roomId, cast.seller)
    const champion = await member(test, cast.roomId, cast.champion)

    const task = addTask(champion.client.doc, { milestoneId: 'm1', title: 'Book the IT review' })
    updateTask(champion.client.doc, task, { dueDate: '2026-12-04' })
    setTaskDone(seller.client.doc, 'm1t1', true, seller.personId)
    typeInSection(champion.client.doc, 'cost', ' 120k a year.')
    const thread = addThread(
      champion.client.doc,
      { kind: 'section', id: 'cost' },
      { authorId: champion.personId, body: 'Is this with services?', mentions: [seller.personId] },
    )
    await eventually(() => expect(roots.comments(seller.client.doc).has(thread)).toBe(true))
    reply(seller.client.doc, thread, { authorId: seller.personId, body: 'Yes, all in.' })
    setThreadResolved(champion.client.doc, thread, true)
    markConsensus(champion.client.doc, consensusKeys.section('cost'), champion.personId, 'agree')
    addMilestone(seller.client.doc, { title: 'Security review' })
    updateTask(seller.client.doc, task, { ownerId: 'someone' })
    addStakeholder(champion.client.doc, { name: 'Pat Procurement' })
    mentionInSection(champion.client.doc, 'decision', seller.personId, 'Sam Seller')
    // Mentioning yourself is nobody's news.
    mentionInSection(champion.client.doc, 'decision', champion.personId, 'Dana')

    const all = async (query = '') =>
      (await champion.http('GET', `/api/rooms/${cast.roomId}/activity${query}`)).json as {
        items: Item[]
      }
    const expected = [
      ['person.mentioned', champion.personId],
      ['business-case.edited', champion.personId],
      ['stakeholder.added', champion.personId],
      ['task.changed', seller.personId],
      ['milestone.added', seller.personId],
      ['consensus.marked', champion.personId],
      ['thread.resolved', champion.personId],
      ['comment.added', seller.personId],
      ['person.mentioned', champion.personId],
      ['comment.added', champion.personId],
      ['business-case.edited', champion.personId],
      ['task.completed', seller.personId],
      ['task.added', champion.personId],
    ]
    // Two sockets: the server orders what it received, so compare as sets, then check the order.
    const key = (pair: string[]) => pair.join(' ')
    await eventually(async () =>
      expect((await all()).items.map((item) => key([item.kind, item.personId])).sort()).toEqual(
        expected.map(key).sort(),
      ),
    )
    const { items } = await all()
    const times = items.map((item) => item.at)
    expect(times).toEqual([...times].sort((a, b) => b - a))
    // A due date set right after adding the task is part of adding it, not a change of its own.
    expect(items.find((item) => item.kind === 'task.added')?.detail).toMatchObject({
      taskId: task,
      title: 'Book the IT review',
    })
    expect(
      items.filter((item) => item.kind === 'business-case.edited').map((item) => item.detail),
    ).toEqual([
      { sectionId: 'decision', title: 'Decision' },
      { sectionId: 'cost', title: 'Cost' },
    ])
    expect(items.findLast((item) => item.kind === 'person.mentioned')?.detail).toMatchObject({
      mentioned: seller.personId,
      where: 'comment',
      threadId: thread,
      present: true,
    })
    expect(
      items.filter((item) => item.kind === 'comment.added').map((item) => item.detail),
    ).toEqual([
      expect.objectContaining({ reply: true, excerpt: 'Yes, all in.', internal: false }),
      expect.objectContaining({
        threadId: thread,
        messageId: expect.any(String),
        anchor: { kind: 'section', id: 'cost' },
        excerpt: 'Is this with services?',
        reply: false,
        internal: false,
      }),
    ])
    expect(items.find((item) => item.kind === 'thread.resolved')?.detail).toEqual({
      threadId: thread,
      internal: false,
    })
    expect(items.find((item) => item.kind === 'task.changed')?.detail).toEqual({
      taskId: task,
      title: 'Book the IT review',
      fields: ['ownerId'],
    })
    expect(items.find((item) => item.kind === 'stakeholder.added')?.detail).toMatchObject({
      name: 'Pat Procurement',
    })
    expect(items.find((item) => item.kind === 'milestone.added')?.detail).toMatchObject({
      title: 'Security review',
    })
    // The mention written in the business case: where, and the words around it.
    expect(items[0]?.detail).toEqual({
      mentioned: seller.personId,
      present: true,
      where: 'business-case',
      sectionId: 'decision',
      title: 'Decision',
      excerpt: expect.stringContaining('@Sam Seller'),
      internal: false,
    })

    // Filters: by person, by kind.
    const bySeller = await all(`?person=${seller.personId}`)
    expect(bySeller.items.map((item) => item.kind).sort()).toEqual([
      'comment.added',
      'milestone.added',
      'task.changed',
      'task.completed',
    ])
    const marks = await all('?kind=consensus.marked&kind=thread.resolved')
    expect(marks.items.map((item) => item.kind).sort()).toEqual([
      'consensus.marked',
      'thread.resolved',
    ])
    const bad = await champion.http('GET', `/api/rooms/${cast.roomId}/activity?kind=room.opened`)
    expect(bad.status).toBe(400)
    expect(bad.json.error).toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('Unknown kind "room.opened"'),
    })
    for (const query of ['limit=0', 'limit=201', 'before=yesterday']) {
      const refused = await champion.http('GET', `/api/rooms/${cast.roomId}/activity?${query}`)
      expect(refused.status).toBe(400)
    }
    // Paging: the items before a time, at most `limit` of them.
    const cut = items[4]?.at ?? 0
    const page = await all(`?before=${cut}&limit=2`)
    expect(page.items).toEqual(items.filter((item) => item.at < cut).slice(0, 2))
    expect(page.items).toHaveLength(2)
    expect((await all('?limit=3')).items).toEqual(items.slice(0, 3))
  })

  it('keeps seller-only threads away from buyers', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const seller = await member(test, cast.roomId, cast.seller, 'internal')
    const champion = await member(test, cast.roomId, cast.champion)
    addThread(
      seller.client.doc,
      { kind: 'section', id: 'cost' },
      { authorId: seller.personId, body: 'Floor price is 90k, do not go lower.' },
    )
    const sellerView = async () =>
      ((await seller.http('GET', `/api/rooms/${cast.roomId}/activity`)).json as { items: Item[] })
        .items
    await eventually(async () =>
      expect((await sellerView()).map((item) => [item.kind, item.detail.internal])).toEqual([
        ['comment.added', true],
      ]),
    )
    const buyerView = (await champion.http('GET', `/api/rooms/${cast.roomId}/activity`)).json as {
      items: Item[]
    }
    expect(buyerView.items).toEqual([])
  })

  it('a business-case section typed into for a while ends with an event at its last edit', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const champion = await member(test, cast.roomId, cast.champion)
    typeInSection(champion.client.doc, 'impact', ' Four days saved.')
    await eventually(async () =>
      expect(
        (await test.storage.listEvents({ roomId: cast.roomId })).filter(
          (event) => event.kind === 'business-case.edited',
        ),
      ).toHaveLength(1),
    )
    typeInSection(champion.client.doc, 'impact', ' Every month.')
    const lastEdit = Date.now()
    // Closing the room (the last person leaving unloads it) records the pending trailing edit.
    champion.client.destroy()
    await eventually(async () => {
      const edits = (await test.storage.listEvents({ roomId: cast.roomId })).filter(
        (event) => event.kind === 'business-case.edited',
      )
      expect(edits).toHaveLength(2)
      expect(edits[1]?.at).toBeGreaterThanOrEqual(lastEdit - 50)
    }, 10_000)
  })
})

describe('what changed since you last looked', () => {
  it('lists exactly the sections edited by others since the end of your last visit', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const cfo = await member(test, cast.roomId, cast.stakeholder)
    const changes = async () =>
      (await cfo.http('GET', `/api/rooms/${cast.roomId}/changes`)).json as {
        since: number | null
        businessCase: Array<{ sectionId: string; editors: Array<{ personId: string }> }>
        plan: Item[]
        threads: Item[]
        consensus: Item[]
      }
    expect((await changes()).since).toBeNull()
    // Their own edit before leaving is not news to them.
    typeInSection(cfo.client.doc, 'decision', ' Board meets on the 14th.')
    await eventually(() => expect(cfo.client.allAcknowledged()).toBe(true))
    cfo.client.destroy()
    await eventually(async () => expect((await changes()).since).not.toBeNull())

    const champion = await member(test, cast.roomId, cast.champion)
    typeInSection(champion.client.doc, 'problem', ' Reports take four days.')
    typeInSection(champion.client.doc, 'cost', ' 120k a year.')
    typeInSection(champion.client.doc, 'cost', ' Services included.')
    const exactly = async () => {
      const now = await changes()
      expect(now.businessCase.map((section) => section.sectionId).sort()).toEqual([
        'cost',
        'problem',
      ])
      expect(
        now.businessCase.every(
          (s) => s.editors.map((e) => e.personId).join() === champion.personId,
        ),
      ).toBe(true)
      expect(now.plan).toEqual([])
      expect(now.threads).toEqual([])
      expect(now.consensus).toEqual([])
    }
    // Asked as the page loads, before the socket is in…
    await eventually(exactly)
    const left = (await changes()).since
    // …and once the CFO is back in the room (their new visit started): the same answer.
    const back = await member(test, cast.roomId, cast.stakeholder)
    await eventually(async () =>
      expect(
        (await test.storage.listEvents({ roomId: cast.roomId, kinds: ['room.opened'] })).filter(
          (event) => event.personId === back.personId,
        ),
      ).toHaveLength(2),
    )
    await exactly()
    expect((await changes()).since).toBe(left)
  })

  it('a visit lasts while any tab has the room open; the page may ask before its tab is counted', () => {
    const at = (kind: 'room.opened' | 'room.left', time: number): EngagementEvent => ({
      roomId: 'r',
      personId: 'cfo',
      side: 'buyer',
      kind,
      section: null,
      durationMs: null,
      detail: {},
      at: time,
    })
    expect(previousVisitEnd([], 'cfo')).toBeNull()
    // First visit, still in the room.
    expect(previousVisitEnd([at('room.opened', 10)], 'cfo')).toBeNull()
    const firstVisit = [at('room.opened', 10), at('room.left', 20)]
    // Back, the new tab not recorded yet, or recorded: the previous visit ended at 20.
    expect(previousVisitEnd(firstVisit, 'cfo')).toBe(20)
    expect(previousVisitEnd([...firstVisit, at('room.opened', 30)], 'cfo')).toBe(20)
    // A second tab opened and closed during the visit does not end it.
    expect(
      previousVisitEnd(
        [...firstVisit, at('room.opened', 30), at('room.opened', 40), at('room.left', 50)],
        'cfo',
      ),
    ).toBe(20)
    // A tab that closed in the millisecond it opened, its "left" written first.
    expect(
      previousVisitEnd([...firstVisit, at('room.left', 30), at('room.opened', 30)], 'cfo'),
    ).toBe(30)
    // Someone else's visits are theirs.
    expect(previousVisitEnd([{ ...at('room.left', 5), personId: 'ceo' }], 'cfo')).toBeNull()
    // A tab whose server was killed (never recorded as left) stops counting after half a day.
    const day = 24 * 60 * 60_000
    expect(previousVisitEnd([at('room.opened', 10), at('room.opened', 10 + day)], 'cfo')).toBe(10)
  })
})

describe('who has read the latest version of a section', () => {
  it('records a section as read after it was on screen, and says when a later edit made it stale', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const seller = await member(test, cast.roomId, cast.seller)
    const cfo = await member(test, cast.roomId, cast.stakeholder)
    const reads = async () =>
      (
        (await seller.http('GET', `/api/rooms/${cast.roomId}/section-reads`)).json as {
          sections: Array<{
            sectionId: string
            lastEditedBy: string | null
            readers: Array<{ personId: string; current: boolean }>
          }>
        }
      ).sections
    const cost = async () => (await reads()).find((section) => section.sectionId === 'cost')

    // Every section of the business case is listed, in order, edited or not.
    expect(await reads()).toEqual(
      ['problem', 'impact', 'solution', 'cost', 'decision'].map((sectionId) =>
        expect.objectContaining({ sectionId, lastEditedAt: null, lastEditedBy: null, readers: [] }),
      ),
    )
    typeInSection(seller.client.doc, 'cost', ' 120k a year.')
    await eventually(async () => expect((await cost())?.lastEditedBy).toBe(seller.personId))
    expect((await cost())?.readers).toEqual([])

    // The CFO has the cost section on screen (the browser says which sections are visible).
    cfo.client.provider.awareness?.setLocalState({
      section: 'business-case',
      active: true,
      reading: ['cost'],
    })
    await eventually(async () =>
      expect((await cost())?.readers).toEqual([
        expect.objectContaining({ personId: cfo.personId, current: true }),
      ]),
    )
    cfo.client.provider.awareness?.setLocalState({ section: 'plan', active: true })

    // A later edit (by someone else, so it is recorded at once): the CFO has not seen it.
    const champion = await member(test, cast.roomId, cast.champion)
    typeInSection(champion.client.doc, 'cost', ' Services included.')
    const edited = Date.now()
    await eventually(async () => {
      const section = await cost()
      expect(section?.readers).toEqual([
        expect.objectContaining({ personId: cfo.personId, current: false }),
      ])
      // Known within the editing window's end, and dated at the edit itself.
      expect(
        (section as { lastEditedAt?: number } | undefined)?.lastEditedAt,
      ).toBeGreaterThanOrEqual(edited - 50)
    }, 20_000)
    // Buyers cannot ask.
    expect((await cfo.http('GET', `/api/rooms/${cast.roomId}/section-reads`)).status).toBe(403)
  })
})
