import { describe, expect, it } from 'vitest'
import { documentName } from '../../../shared/src/protocol.ts'
import { eventually, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'
import { awarenessFrame, RawClient, syncStep1Frame } from '../testing/raw.ts'
import { awarenessFastPath } from './awareness-fast-path.ts'

describe('presence without a scratch document per frame', () => {
  it('applies a connection’s own presence through the guard, refuses others’, and leaves everything else to Hocuspocus', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const name = documentName(cast.roomId)
    const viewer = await RawClient.open(test.wsUrl)
    const other = await RawClient.open(test.wsUrl)
    expect(
      (await viewer.authenticate(name, await tokenFor(test.storage, cast.roomId, cast.viewer))).ok,
    ).toBe(true)
    expect(
      (await other.authenticate(name, await tokenFor(test.storage, cast.roomId, cast.champion))).ok,
    ).toBe(true)
    const { hocuspocus, presence } = test.server.collaboration
    const document = hocuspocus.documents.get(name)
    if (!document) throw new Error('room not loaded')
    const [first, second] = document.getConnections()
    if (!first || !second) throw new Error('not connected')
    const viewerPerson = await test.storage.findPersonByEmail(cast.viewer)
    const fast = awarenessFastPath(hocuspocus, presence)
    // Which server-side connection is the viewer's: the one whose context is the viewer.
    const [mine, theirs] =
      first.context.personId === viewerPerson?.id ? [first, second] : [second, first]

    const frame = awarenessFrame(name, [
      { clientId: 501, clock: 1, state: { user: { id: 'cfo', name: 'Not me' }, section: 'plan' } },
    ])
    expect(fast(mine.webSocket, frame)).toBe(true)
    expect(document.awareness.getStates().get(501)).toMatchObject({
      section: 'plan',
      user: { id: viewerPerson?.id },
    })
    expect(document.getClients(mine).has(501)).toBe(true)

    // The same id from another connection: handled (nothing for Hocuspocus to do) but refused.
    const forged = awarenessFrame(name, [
      { clientId: 501, clock: 2, state: { section: 'insights' } },
    ])
    expect(fast(theirs.webSocket, forged)).toBe(true)
    expect(document.awareness.getStates().get(501)).toMatchObject({ section: 'plan' })
    // Someone else's leave: refused. Your own: applied.
    expect(
      fast(theirs.webSocket, awarenessFrame(name, [{ clientId: 501, clock: 3, state: null }])),
    ).toBe(true)
    expect(document.awareness.getStates().has(501)).toBe(true)
    expect(
      fast(mine.webSocket, awarenessFrame(name, [{ clientId: 501, clock: 2, state: null }])),
    ).toBe(true)
    expect(document.awareness.getStates().has(501)).toBe(false)
    expect(
      fast(
        mine.webSocket,
        awarenessFrame(name, [{ clientId: 501, clock: 3, state: { section: 'plan' } }]),
      ),
    ).toBe(true)
    expect(document.awareness.getStates().has(501)).toBe(true)

    // Not presence, not a connection of this document, not decodable: Hocuspocus's business.
    expect(fast(mine.webSocket, syncStep1Frame(name, new Uint8Array([0])))).toBe(false)
    expect(fast({}, frame)).toBe(false)
    expect(fast(mine.webSocket, new Uint8Array([200, 1, 2]))).toBe(false)

    // A closed socket's presence goes, as before.
    viewer.socket.close()
    await eventually(() => expect(document.awareness.getStates().has(501)).toBe(false))
  })
})
