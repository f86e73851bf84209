import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import {
  addStakeholder,
  addThread,
  consensusKeys,
  editMessage,
  listConsensus,
  listStakeholders,
  listThreads,
  markConsensus,
  readMeta,
  removeStakeholder,
  reply,
  roots,
  setTaskDone,
  updateMeta,
  updateMilestone,
  updateStakeholder,
} from '../../../shared/src/room/index.ts'
import {
  type Cast,
  connect,
  eventually,
  seedCast,
  startTestServer,
  type TestServer,
  tokenFor,
} from '../testing/harness.ts'
import { RawClient } from '../testing/raw.ts'

interface Room {
  test: TestServer
  cast: Cast
  name: string
  ids: Record<'seller' | 'champion' | 'stakeholder' | 'viewer', string>
  /** The room as the server holds it now. */
  serverDoc: () => Y.Doc
  /** A raw socket authenticated as `who` on the shared document. */
  as: (who: keyof Cast & keyof Room['ids']) => Promise<RawClient>
}

async function room(env: Record<string, string> = {}): Promise<Room> {
  const test = await startTestServer(undefined, env)
  const cast = await seedCast(test.storage)
  const name = documentName(cast.roomId)
  const idOf = async (email: string) => (await test.storage.findPersonByEmail(email))?.id ?? ''
  const ids = {
    seller: await idOf(cast.seller),
    champion: await idOf(cast.champion),
    stakeholder: await idOf(cast.stakeholder),
    viewer: await idOf(cast.viewer),
  }
  // The seller keeps the room loaded and links their stakeholder entry (on connect).
  const seller = connect(
    test.wsUrl,
    cast.roomId,
    await tokenFor(test.storage, cast.roomId, cast.seller),
  )
  await seller.synced
  const serverDoc = () => {
    const doc = test.server.collaboration.hocuspocus.documents.get(name)
    if (!doc) throw new Error('room not loaded')
    return doc
  }
  const as = async (who: keyof Room['ids']) => {
    const raw = await RawClient.open(test.wsUrl)
    const token = await tokenFor(test.storage, cast.roomId, cast[who])
    expect((await raw.authenticate(name, token)).ok).toBe(true)
    return raw
  }
  return { test, cast, name, ids, serverDoc, as }
}

/** The update `change` makes on a fresh replica of the server's room (its own Yjs client id). */
function updateOf(room: Room, change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.serverDoc()))
  const before = Y.encodeStateVector(doc)
  change(doc)
  return Y.encodeStateAsUpdate(doc, before)
}

async function expectRefused(room: Room, raw: RawClient, update: Uint8Array, words: string) {
  const verdict = await raw.tryUpdate(room.name, update)
  expect(verdict.applied).toBe(false)
  expect(verdict.refusal?.message.toLowerCase()).toContain(words.toLowerCase())
  return verdict.refusal
}

async function expectApplied(room: Room, raw: RawClient, update: Uint8Array) {
  const verdict = await raw.tryUpdate(room.name, update)
  expect(verdict.refusal?.message ?? null).toBeNull()
  expect(verdict.applied).toBe(true)
}

describe('the write guard: nobody writes in another person’s name', () => {
  it('refuses a consensus mark under another person’s key, keeps one’s own, and audits the attempt', async () => {
    const r = await room()
    const champion = await r.as('champion')
    const forged = updateOf(r, (doc) =>
      markConsensus(doc, consensusKeys.businessCase, r.ids.stakeholder, 'agree'),
    )
    const refusal = await expectRefused(r, champion, forged, 'only be set or cleared by the person')
    expect(refusal?.code).toBe('not-allowed')
    expect(listConsensus(r.serverDoc())).toEqual([])
    // Audited — once a minute per person, however often they try.
    await expectRefused(r, await r.as('champion'), forged, 'only be set or cleared by the person')
    const audit = await r.test.storage.listAudit({ roomId: r.cast.roomId, limit: 50 })
    expect(audit.filter((row) => row.action === 'write.refused')).toEqual([
      expect.objectContaining({ actor: r.ids.champion, subject: r.name }),
    ])

    // The refused document was closed: the champion authenticates again and marks as themself.
    const again = await r.as('champion')
    await expectApplied(
      r,
      again,
      updateOf(r, (doc) => markConsensus(doc, consensusKeys.businessCase, r.ids.champion, 'agree')),
    )
    expect(listConsensus(r.serverDoc()).map((mark) => mark.personId)).toEqual([r.ids.champion])
    // Clearing someone else's mark is refused too.
    const stakeholder = await r.as('stakeholder')
    await expectRefused(
      r,
      stakeholder,
      updateOf(r, (doc) =>
        roots.consensus(doc).delete(`${consensusKeys.businessCase}|${r.ids.champion}`),
      ),
      'only be set or cleared by the person',
    )
    expect(listConsensus(r.serverDoc())).toHaveLength(1)
  })

  it('refuses messages written or rewritten in someone else’s name', async () => {
    const r = await room()
    const champion = await r.as('champion')
    const anchor = { kind: 'section', id: 'cost' } as const
    await expectRefused(
      r,
      champion,
      updateOf(r, (doc) =>
        addThread(doc, anchor, { authorId: r.ids.seller, body: 'We give 50% off' }),
      ),
      'a message is written by its author',
    )
    const mine = await r.as('champion')
    await expectApplied(
      r,
      mine,
      updateOf(r, (doc) =>
        addThread(doc, anchor, { authorId: r.ids.champion, body: 'Is this with services?' }),
      ),
    )
    const [thread] = listThreads(r.serverDoc())
    const message = thread?.messages[0]
    if (!thread || !message) throw new Error('no thread')
    const stakeholder = await r.as('stakeholder')
    await expectRefused(
      r,
      stakeholder,
      updateOf(r, (doc) => editMessage(doc, thread.id, message.id, 'We accept any price')),
      'only its author edits a message',
    )
    const author = await r.as('champion')
    await expectRefused(
      r,
      author,
      updateOf(r, (doc) => {
        const entry = (roots.comments(doc).get(thread.id) as Y.Map<unknown>).get(
          'messages',
        ) as Y.Array<Y.Map<unknown>>
        entry.get(0).set('authorId', r.ids.seller)
      }),
      'who wrote a message, and when, never changes',
    )
    await expectApplied(
      r,
      await r.as('champion'),
      updateOf(r, (doc) =>
        editMessage(doc, thread.id, message.id, 'Is this with services included?'),
      ),
    )
    expect(listThreads(r.serverDoc())[0]?.messages[0]).toMatchObject({
      authorId: r.ids.champion,
      body: 'Is this with services included?',
    })
  })

  it('keeps each role to what it may touch: viewers nothing, buyers not the deal’s details', async () => {
    const r = await room()
    const viewer = await r.as('viewer')
    const refusal = await expectRefused(
      r,
      viewer,
      updateOf(r, (doc) => setTaskDone(doc, 'm1t1', true, r.ids.viewer)),
      'your role cannot change this room',
    )
    expect(refusal?.code).toBe('read-only')
    const champion = await r.as('champion')
    await expectRefused(
      r,
      champion,
      updateOf(r, (doc) => updateMeta(doc, { title: 'Renamed by a buyer' })),
      'only the seller team changes the deal’s details',
    )
    const stakeholder = await r.as('stakeholder')
    await expectRefused(
      r,
      stakeholder,
      updateOf(r, (doc) => updateMilestone(doc, 'm1', { signoffBy: ['member-x'] })),
      'only the seller team and the champion choose who signs off',
    )
    await expectRefused(
      r,
      await r.as('stakeholder'),
      updateOf(r, (doc) => setTaskDone(doc, 'm1t1', true, r.ids.champion)),
      'completed by the person who completes it',
    )
    await expectRefused(
      r,
      await r.as('stakeholder'),
      updateOf(r, (doc) => doc.getMap('notes').set('x', 'y')),
      '"notes" is not part of a room',
    )
    expect(readMeta(r.serverDoc()).title).toBe('Acme rollout')
    const seller = await r.as('seller')
    await expectApplied(
      r,
      seller,
      updateOf(r, (doc) => updateMeta(doc, { title: 'Acme rollout 2027' })),
    )
    await expectApplied(
      r,
      await r.as('champion'),
      updateOf(r, (doc) => setTaskDone(doc, 'm1t1', true, r.ids.champion)),
    )
  })

  it('never lets a client link a stakeholder to a member, or remove a member from the map', async () => {
    const r = await room()
    const linked = listStakeholders(r.serverDoc()).find(
      (person) => person.memberId === r.ids.seller,
    )
    if (!linked) throw new Error('the seller is not on the map')
    const champion = await r.as('champion')
    // Pointing the economic buyer's card at oneself would make one's own marks count as theirs.
    await expectRefused(
      r,
      champion,
      updateOf(r, (doc) =>
        addStakeholder(doc, {
          name: 'Erin Economic',
          buyingRole: 'economic-buyer',
          memberId: r.ids.champion,
        }),
      ),
      'only the server links stakeholders to members',
    )
    await expectRefused(
      r,
      await r.as('champion'),
      updateOf(r, (doc) => updateStakeholder(doc, linked.id, { memberId: null })),
      'only the server links stakeholders to members',
    )
    await expectRefused(
      r,
      await r.as('champion'),
      updateOf(r, (doc) => removeStakeholder(doc, linked.id)),
      'a stakeholder who is a room member stays on the map',
    )
    const added = await r.as('champion')
    let id = ''
    await expectApplied(
      r,
      added,
      updateOf(r, (doc) => {
        id = addStakeholder(doc, { name: 'Erin Economic', buyingRole: 'economic-buyer' })
      }),
    )
    await expectApplied(
      r,
      await r.as('champion'),
      updateOf(r, (doc) => removeStakeholder(doc, id)),
    )
  })

  it('a mention in the business case carries its writer, and may be moved but not forged', async () => {
    const r = await room()
    const paragraph = (doc: Y.Doc) => roots.businessCase(doc).get(1) as Y.XmlElement
    const mention = (doc: Y.Doc, by: string) => {
      const node = new Y.XmlElement('mention')
      node.setAttribute('id', r.ids.stakeholder)
      node.setAttribute('label', 'Stan')
      node.setAttribute('by', by)
      paragraph(doc).insert(paragraph(doc).length, [node])
    }
    await expectRefused(
      r,
      await r.as('champion'),
      updateOf(r, (doc) => mention(doc, r.ids.seller)),
      'a mention says who wrote it',
    )
    await expectApplied(
      r,
      await r.as('seller'),
      updateOf(r, (doc) => mention(doc, r.ids.seller)),
    )
    // Splitting the paragraph re-creates the seller's mention in a new one: a move, not a forgery.
    await expectApplied(
      r,
      await r.as('champion'),
      updateOf(r, (doc) => {
        const node = paragraph(doc).get(paragraph(doc).length - 1) as Y.XmlElement
        const copy = new Y.XmlElement('mention')
        for (const [key, value] of Object.entries(node.getAttributes()))
          copy.setAttribute(key, String(value))
        paragraph(doc).delete(paragraph(doc).length - 1, 1)
        const next = new Y.XmlElement('paragraph')
        next.insert(0, [copy])
        roots.businessCase(doc).insert(2, [next])
      }),
    )
    // Rewriting someone else's mention to name another person is a forgery.
    await expectRefused(
      r,
      await r.as('champion'),
      updateOf(r, (doc) => {
        const moved = (roots.businessCase(doc).get(2) as Y.XmlElement).get(0) as Y.XmlElement
        moved.setAttribute('id', r.ids.viewer)
      }),
      'a mention says who wrote it',
    )
  })

  it('refuses content under another person’s Yjs client id', async () => {
    const r = await room()
    const replicaOf = (clientID?: number) => {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(r.serverDoc()))
      // Set after loading: Yjs picks a new id when a loaded update already uses its own.
      if (clientID !== undefined) doc.clientID = clientID
      return doc
    }
    const write = (doc: Y.Doc, key: string) => {
      const before = Y.encodeStateVector(doc)
      roots.tasks(doc).set(key, new Y.Map())
      return Y.encodeStateAsUpdate(doc, before)
    }
    const champion = replicaOf()
    await expectApplied(r, await r.as('champion'), write(champion, 'first'))
    // Someone else filling the champion's next clocks would have every later edit of theirs
    // dropped everywhere (Yjs keeps the first content it sees for a clock).
    const squatter = replicaOf(champion.clientID)
    await expectRefused(
      r,
      await r.as('stakeholder'),
      write(squatter, 'squatted'),
      'another person’s editing session',
    )
    await expectApplied(r, await r.as('champion'), write(champion, 'second'))
    expect(roots.tasks(r.serverDoc()).has('second')).toBe(true)
    expect(roots.tasks(r.serverDoc()).has('squatted')).toBe(false)

    // Someone merely present has an id already: it is theirs before they write anything.
    const present = connect(
      r.test.wsUrl,
      r.cast.roomId,
      await tokenFor(r.test.storage, r.cast.roomId, r.cast.viewer),
    )
    await present.synced
    present.provider.setAwarenessField('section', 'plan')
    await eventually(() =>
      expect(
        r.test.server.collaboration.hocuspocus.documents
          .get(r.name)
          ?.awareness.getStates()
          .has(present.doc.clientID),
      ).toBe(true),
    )
    await expectRefused(
      r,
      await r.as('stakeholder'),
      write(replicaOf(present.doc.clientID), 'ahead of the viewer'),
      'another person’s editing session',
    )
  })

  it('keeps aside what arrives before the edits it follows, and reads it with them', async () => {
    const r = await room()
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(r.serverDoc()))
    const step = (change: () => void) => {
      const before = Y.encodeStateVector(doc)
      change()
      return Y.encodeStateAsUpdate(doc, before)
    }
    // Legal edits out of order (a reconnecting client's queued edit before its sync reply).
    const first = step(() => roots.tasks(doc).set('first', new Y.Map()))
    const second = step(() =>
      markConsensus(doc, consensusKeys.businessCase, r.ids.champion, 'agree'),
    )
    const champion = await r.as('champion')
    await expectApplied(r, champion, second)
    expect(listConsensus(r.serverDoc())).toEqual([])
    await expectApplied(r, champion, first)
    expect(listConsensus(r.serverDoc()).map((mark) => mark.personId)).toEqual([r.ids.champion])

    // Out of order but readable at once: a forgery is refused at once.
    step(() => roots.tasks(doc).set('early', new Y.Map())) // never sent: what follows waits for it
    await expectRefused(
      r,
      await r.as('champion'),
      step(() => markConsensus(doc, consensusKeys.businessCase, r.ids.stakeholder, 'agree')),
      'only be set or cleared by the person',
    )
    // A reply in someone else's name inside a thread not sent yet cannot be read until the thread
    // arrives: it is kept aside, and refused with the thread.
    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(r.serverDoc()))
    const stepFresh = (change: () => void) => {
      const before = Y.encodeStateVector(fresh)
      change()
      return Y.encodeStateAsUpdate(fresh, before)
    }
    let threadId = ''
    const third = stepFresh(() => {
      threadId = addThread(
        fresh,
        { kind: 'section', id: 'cost' },
        { authorId: r.ids.champion, body: 'Q?' },
      )
    })
    const forged = stepFresh(() =>
      reply(fresh, threadId, { authorId: r.ids.seller, body: 'Agreed: 50% off' }),
    )
    const again = await r.as('champion')
    await expectApplied(r, again, forged)
    await expectRefused(r, again, third, 'a message is written by its author')
    expect(listThreads(r.serverDoc())).toEqual([])
    // Nobody else can supply the missing edits: that editing session is the champion's.
    await expectRefused(r, await r.as('stakeholder'), third, 'another person’s editing session')
  })
})

describe('the write guard: limits', () => {
  it('refuses one update over MAX_UPDATE_BYTES and a room past MAX_ROOM_BYTES; the room stays usable', async () => {
    const r = await room({ MAX_UPDATE_BYTES: String(64 * 1024), MAX_ROOM_BYTES: String(96 * 1024) })
    const big = (kib: number) => 'x'.repeat(kib * 1024)
    const typed = (text: string) =>
      updateOf(r, (doc) =>
        ((roots.businessCase(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, text),
      )
    const tooLarge = await expectRefused(
      r,
      await r.as('stakeholder'),
      typed(big(80)),
      'too large to save',
    )
    expect(tooLarge?.code).toBe('too-large')
    await expectApplied(r, await r.as('stakeholder'), typed(big(40)))
    const full = await expectRefused(r, await r.as('stakeholder'), typed(big(60)), 'size limit')
    expect(full?.code).toBe('room-full')
    // Everyone else goes on: a small edit and reading still work, and deleting frees room.
    const seller = connect(
      r.test.wsUrl,
      r.cast.roomId,
      await tokenFor(r.test.storage, r.cast.roomId, r.cast.seller),
    )
    await seller.synced
    setTaskDone(seller.doc, 'm1t1', true, r.ids.seller)
    await eventually(() => expect(seller.allAcknowledged()).toBe(true))
    await expectApplied(
      r,
      await r.as('stakeholder'),
      updateOf(r, (doc) =>
        ((roots.businessCase(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 40 * 1024),
      ),
    )
  })
})
