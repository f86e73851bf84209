import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import {
  consensusKeys,
  listConsensus,
  listSections,
  markConsensus,
  roots,
} from '../../../shared/src/room/index.ts'
import { connect, eventually, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'
import { RawClient, updateFrame, Wire } from '../testing/raw.ts'

// Edits of an established connection skip Hocuspocus's per-frame hooks and the edits read in one
// turn are stored in one commit (edit-fast-path.ts). These frames are sent back to back, so they
// arrive together and take that path as one batch.

/** The words of the "Cost" section's paragraph in a replica of the room. */
function costText(doc: Y.Doc): Y.XmlText {
  const cost = listSections(doc).find((section) => section.id === 'cost')
  const paragraph = roots.businessCase(doc).get((cost?.start ?? 0) + 1) as Y.XmlElement
  return paragraph.get(0) as Y.XmlText
}

describe('edits sent together', () => {
  it('are stored, sent on and acknowledged in order; one refused among them is refused as ever, and nothing after it is applied', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const name = documentName(cast.roomId)
    const seller = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(test.storage, cast.roomId, cast.seller),
    )
    await seller.synced
    const champion = await RawClient.open(test.wsUrl)
    const token = await tokenFor(test.storage, cast.roomId, cast.champion)
    expect((await champion.authenticate(name, token)).ok).toBe(true)
    const stakeholderId = (await test.storage.findPersonByEmail(cast.stakeholder))?.id ?? ''

    // The champion's replica: three words typed one after the other, and, between the second
    // and the third, a mark forged under the stakeholder's key.
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(seller.doc))
    const edit = (change: () => void) => {
      const before = Y.encodeStateVector(replica)
      change()
      return Y.encodeStateAsUpdate(replica, before)
    }
    const text = costText(replica)
    const first = edit(() => text.insert(text.length, ' first'))
    const second = edit(() => text.insert(text.length, ' second'))
    const forged = edit(() =>
      markConsensus(replica, consensusKeys.businessCase, stakeholderId, 'agree'),
    )
    const third = edit(() => text.insert(text.length, ' third'))
    for (const update of [first, second, forged, third]) champion.send(updateFrame(name, update))

    // Two acknowledgements, then the refusal and the document closed.
    expect((await champion.next((m) => m.type === Wire.syncStatus)).applied).toBe(true)
    expect((await champion.next((m) => m.type === Wire.syncStatus)).applied).toBe(true)
    const refusal = await champion.next((m) => m.type === Wire.stateless)
    expect(refusal.text).toContain('not-allowed')
    await champion.next((m) => m.type === Wire.close)
    expect(champion.messages.filter((m) => m.type === Wire.syncStatus)).toEqual([])

    // Everyone else has the two words, in order, and no mark; so has storage.
    await eventually(() => expect(costText(seller.doc).toString()).toMatch(/ first second$/))
    const stored = await test.storage.loadDocument(name)
    const reloaded = new Y.Doc()
    if (stored?.snapshot) Y.applyUpdate(reloaded, stored.snapshot)
    for (const update of stored?.updates ?? []) Y.applyUpdate(reloaded, update)
    expect(costText(reloaded).toString()).toMatch(/ first second$/)
    expect(listConsensus(reloaded)).toEqual([])
    expect(listConsensus(seller.doc)).toEqual([])
    expect(costText(seller.doc).toString()).not.toContain('third')
  })
})
