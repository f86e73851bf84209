import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import {
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

    const all = async (query = '') =>
      (await champion.http('GET', `/api/rooms/${cast.roomId}/activity${query}`)).json as {
        items: Item[]
      }
    const expected = [
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
    expect(items.find((item) => item.kind === 'business-case.edited')?.detail).toMatchObject({
      sectionId: 'cost',
      title: 'Cost',
    })
    expect(items.find((item) => item.kind === 'person.mentioned')?.detail).toMatchObject({
      mentioned: seller.personId,
      where: 'comment',
      threadId: thread,
      present: true,
    })
    expect(
      items.filter((item) => item.kind === 'comment.added').map((item) => item.detail.reply),
    ).toEqual([true, false])

    // Filters: by person, by kind.
    const bySeller = await all(`?person=${seller.personId}`)
    expect(bySeller.items.map((item) => item.kind).sort()).toEqual([
      'comment.added',
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
    expect((await champion.http('GET', `/api/rooms/${cast.roomId}/activity?limit=0`)).status).toBe(
      400,
    )
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
    await eventually(async () => {
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
    })
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
