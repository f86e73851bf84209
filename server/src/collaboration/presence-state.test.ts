import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import { connect, eventually, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'
import { authFrame, awarenessFrame, RawClient, Wire } from '../testing/raw.ts'
import type { QuorumContext } from './context.ts'
import { MAX_PRESENCE_STATE_BYTES, presenceState } from './presence-state.ts'

/** A caret as @tiptap/extension-collaboration-caret publishes it: Yjs relative positions as JSON. */
function caret(): { anchor: unknown; head: unknown } {
  const doc = new Y.Doc()
  const text = new Y.XmlText('Cost of doing nothing')
  doc.getXmlFragment('businessCase').insert(0, [text])
  const json = (index: number) =>
    JSON.parse(JSON.stringify(Y.createRelativePositionFromTypeIndex(text, index))) as unknown
  return { anchor: json(2), head: json(7) }
}
const CARET = caret()

/** What the web app publishes: usePresence (user, section, active), reading.ts, the caret. */
const published = () => ({
  user: { id: 'claimed', name: 'Claimed', color: '#3366cc', role: 'owner' },
  section: 'business-case',
  active: true,
  reading: ['cost', 'risks'],
  cursor: CARET,
})

describe('what presence the room relays', () => {
  it('relays what the web app publishes; unknown fields and oversized states reach no one, not even later joiners', async () => {
    // The default frame limit (8 MiB), so a 2 MiB state reaches the presence guard.
    const test = await startTestServer(undefined, { MAX_MESSAGE_BYTES: String(8 * 1024 * 1024) })
    const cast = await seedCast(test.storage)
    const name = documentName(cast.roomId)
    const seller = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(test.storage, cast.roomId, cast.seller),
    )
    await seller.synced
    const seen: string[] = []
    seller.provider.awareness?.on('change', () => {
      for (const state of seller.provider.awareness?.getStates().values() ?? [])
        seen.push(JSON.stringify(state))
    })

    // A viewer, established (its presence takes the fast path).
    const viewer = await RawClient.open(test.wsUrl)
    expect(
      (await viewer.authenticate(name, await tokenFor(test.storage, cast.roomId, cast.viewer))).ok,
    ).toBe(true)
    await viewer.next((message) => message.type === Wire.sync)
    const viewerId = 701
    viewer.send(awarenessFrame(name, [{ clientId: viewerId, clock: 1, state: published() }]))
    viewer.send(
      awarenessFrame(name, [
        {
          clientId: viewerId,
          clock: 2,
          state: { ...published(), section: 'plan', notes: 'x'.repeat(2 * 1024 * 1024) },
        },
      ]),
    )
    viewer.send(
      awarenessFrame(name, [
        {
          clientId: viewerId,
          clock: 3,
          state: { ...published(), section: 'insights', tracking: { fingerprint: 'abc' } },
        },
      ]),
    )

    // A champion whose presence arrives with its authentication (Hocuspocus queues it, and the
    // presence guard's hook sees it), one state too big at 10 KiB, then one with an extra field.
    const champion = await RawClient.open(test.wsUrl)
    const championId = 702
    champion.send(authFrame(name, await tokenFor(test.storage, cast.roomId, cast.champion)))
    champion.send(
      awarenessFrame(name, [
        { clientId: championId, clock: 1, state: { section: 'plan', blob: 'y'.repeat(10_000) } },
      ]),
    )
    champion.send(
      awarenessFrame(name, [
        { clientId: championId, clock: 2, state: { section: 'stakeholders', extra: 1 } },
      ]),
    )

    const viewerPerson = await test.storage.findPersonByEmail(cast.viewer)
    const championPerson = await test.storage.findPersonByEmail(cast.champion)
    const expectPresence = (states: Map<number, Record<string, unknown>> | undefined) => {
      const { user, ...rest } = published()
      expect(states?.get(viewerId)).toEqual({
        ...rest,
        section: 'insights',
        user: { id: viewerPerson?.id, name: viewerPerson?.name, role: 'viewer', color: user.color },
      })
      expect(states?.get(championId)).toEqual({
        section: 'stakeholders',
        user: { id: championPerson?.id, name: championPerson?.name, role: 'champion' },
      })
    }
    await eventually(() => expectPresence(seller.provider.awareness?.getStates()))
    const largest = Math.max(...seen.map((json) => json.length))
    expect(largest).toBeLessThan(MAX_PRESENCE_STATE_BYTES)
    expect(seen.join('')).not.toMatch(/notes|tracking|blob|extra/)

    // Someone who joins later is told the same presence, and nothing else.
    const later = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(test.storage, cast.roomId, cast.stakeholder),
    )
    await later.synced
    await eventually(() => expectPresence(later.provider.awareness?.getStates()))
  })
})

describe('presence fields', () => {
  const context: QuorumContext = {
    personId: 'p1',
    name: 'Pat',
    roomId: 'r1',
    role: 'stakeholder',
    documentKind: 'shared',
    sessionId: null,
  }
  const user = { id: 'p1', name: 'Pat', role: 'stakeholder' }

  it('keeps each known field only in the shape the web app gives it', () => {
    const { cursor } = published()
    expect(presenceState({ section: null, reading: null, cursor: null }, context)).toEqual({
      section: null,
      reading: null,
      cursor: null,
      user,
    })
    expect(
      presenceState(
        {
          section: 'plan<script>',
          active: 'yes',
          reading: Array.from({ length: 100 }, (_, i) => `s${i}`),
          cursor: { anchor: (cursor as { anchor: unknown }).anchor, head: { item: 'x' } },
          user: { color: 'red; background: url(x)' },
        },
        context,
      ),
    ).toEqual({ user })
    // A caret position keeps its four keys, whatever else was attached to it.
    const padded = {
      anchor: { ...(cursor as { anchor: object }).anchor, payload: 'z'.repeat(100) },
      head: (cursor as { head: object }).head,
    }
    expect(presenceState({ cursor: padded }, context)).toEqual({ cursor, user })
  })

  it('keeps the document open in the viewer as its id, version and page, nothing else', () => {
    const open = { id: 'pricing', version: 3, page: 2 }
    expect(presenceState({ document: { ...open, bytes: 'x'.repeat(500) } }, context)).toEqual({
      document: open,
      user,
    })
    expect(presenceState({ document: null }, context)).toEqual({ document: null, user })
    for (const bad of [
      'pricing',
      { ...open, id: '../pricing' },
      { ...open, version: 0 },
      { ...open, page: 1.5 },
      { ...open, page: 2_000_000 },
      { id: 'pricing', page: 2 },
    ])
      expect(presenceState({ document: bad }, context)).toEqual({ user })
  })
})
