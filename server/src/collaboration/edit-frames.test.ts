import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import { listSections, roots } from '../../../shared/src/room/index.ts'
import { connect, eventually, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'
import { RawClient, updateFrame, Wire } from '../testing/raw.ts'

// The edit fast path frames what it sends itself (edit-frames.ts): one WebSocket frame header of
// three sizes (up to 125 bytes, up to 64 KiB, beyond), and large updates written after their
// message's head instead of copied. Real clients must read every size.

/** The "Cost" section's paragraph text in a replica of the room. */
function costText(doc: Y.Doc): Y.XmlText {
  const cost = listSections(doc).find((section) => section.id === 'cost')
  const paragraph = roots.businessCase(doc).get((cost?.start ?? 0) + 1) as Y.XmlElement
  return paragraph.get(0) as Y.XmlText
}

describe('edits sent on by the fast path', () => {
  it('reach everyone at every frame size, each writer getting its edits back before their acknowledgements', async () => {
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

    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(seller.doc))
    const typed = (words: string) => {
      const before = Y.encodeStateVector(replica)
      const text = costText(replica)
      text.insert(text.length, words)
      return Y.encodeStateAsUpdate(replica, before)
    }
    // A few characters (a frame under 126 bytes), a sentence (under 64 KiB), and a pasted report
    // (over 64 KiB: the longest header, and the update written apart from its head).
    const short = ' ok'
    const sentence = ` ${'the cost is lower than the status quo '.repeat(8)}`
    const report = ` ${'a long pasted report '.repeat(4_000)}`
    const edits = [short, sentence, report].map(typed)
    expect(edits.map((edit) => edit.byteLength > 125)).toEqual([false, true, true])
    expect((edits[2]?.byteLength ?? 0) > 65_535).toBe(true)

    // Sent together, so they are applied and sent on as one batch.
    const syncTypes = () =>
      champion.messages
        .map((m) => m.type)
        .filter((type) => type === Wire.sync || type === Wire.syncStatus || type === -1)
    champion.messages.length = 0
    for (const edit of edits) champion.send(updateFrame(name, edit))
    await eventually(() =>
      expect(syncTypes().filter((type) => type === Wire.syncStatus)).toHaveLength(3),
    )
    // Every frame read whole (-1 is one that did not decode), the edits back before their
    // acknowledgements, every one applied.
    expect(syncTypes()[0]).toBe(Wire.sync)
    expect(syncTypes()).not.toContain(-1)
    expect(
      champion.messages.filter((m) => m.type === Wire.syncStatus).map((m) => m.applied),
    ).toEqual([true, true, true])
    await eventually(() =>
      expect(costText(seller.doc).toString().endsWith(`${short}${sentence}${report}`)).toBe(true),
    )

    // One edit more, alone: back, then acknowledged.
    champion.messages.length = 0
    champion.send(updateFrame(name, typed(' done')))
    await eventually(() => expect(syncTypes()).toEqual([Wire.sync, Wire.syncStatus]))
    await eventually(() => expect(costText(seller.doc).toString().endsWith(' done')).toBe(true))
  })
})
