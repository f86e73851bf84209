import { describe, expect, it } from 'vitest'
import { documentName } from '../../../shared/src/protocol.ts'
import { putDocument } from '../../../shared/src/room/documents.ts'
import { connect, eventually, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'
import { awarenessFrame, RawClient } from '../testing/raw.ts'
import { DocumentDwell, type KnownDocument, openDocumentOf, REOPEN_MS } from './document-dwell.ts'

const who = { roomId: 'r1', personId: 'dana' }
const PRICING: KnownDocument = { title: 'Pricing', version: 3, pages: 4 }
const page = (n: number, version = 3) => ({ id: 'pricing', version, page: n })

describe('time per page, on the server clock', () => {
  it('records an opening and each page interval as the reader moves on', () => {
    const dwell = new DocumentDwell()
    expect(dwell.update('c1', who, page(1), PRICING, true, 1_000)).toEqual([
      {
        kind: 'document.viewed',
        at: 1_000,
        durationMs: null,
        detail: { documentId: 'pricing', version: 3, title: 'Pricing' },
      },
    ])
    // The same state again (another field of presence changed) ends nothing.
    expect(dwell.update('c1', who, page(1), PRICING, true, 2_000)).toEqual([])
    const next = dwell.update('c1', who, page(2), PRICING, true, 5_000)
    expect(next).toEqual([
      {
        kind: 'document.page-viewed',
        at: 5_000,
        durationMs: 4_000,
        detail: { documentId: 'pricing', version: 3, title: 'Pricing', page: 1 },
      },
    ])
    // Closing the viewer ends page 2.
    expect(dwell.update('c1', who, null, null, true, 12_000)).toEqual([
      expect.objectContaining({ durationMs: 7_000, detail: expect.objectContaining({ page: 2 }) }),
    ])
    expect(dwell.close('c1', who, 20_000)).toEqual([])
  })

  it('stops the clock while the tab is hidden or idle, and when the socket goes', () => {
    const dwell = new DocumentDwell()
    dwell.update('c1', who, page(3), PRICING, true, 0)
    const hidden = dwell.update('c1', who, page(3), PRICING, false, 2_000)
    expect(hidden.map((event) => event.durationMs)).toEqual([2_000])
    // Ten minutes hidden count for nothing, and coming back is not a new opening.
    expect(dwell.update('c1', who, page(3), PRICING, true, 602_000)).toEqual([])
    expect(dwell.close('c1', who, 603_500)).toEqual([
      expect.objectContaining({ kind: 'document.page-viewed', durationMs: 1_500 }),
    ])
  })

  it('counts opening the same document again as a new reading only after a while', () => {
    const dwell = new DocumentDwell()
    const kinds = (events: Array<{ kind: string }>) => events.map((event) => event.kind)
    expect(kinds(dwell.update('c1', who, page(1), PRICING, true, 0))).toEqual(['document.viewed'])
    dwell.close('c1', who, 10_000)
    // A reload a few seconds later: the same reading.
    expect(kinds(dwell.update('c2', who, page(1), PRICING, true, 15_000))).toEqual([])
    dwell.update('c2', who, null, null, true, 20_000)
    expect(kinds(dwell.update('c2', who, page(1), PRICING, true, 20_000 + REOPEN_MS))).toEqual([
      'document.viewed',
    ])
    // Another person opening it is their own reading.
    expect(
      kinds(dwell.update('c3', { ...who, personId: 'lee' }, page(1), PRICING, true, 30_000)),
    ).toEqual(['document.viewed'])
  })

  it('ignores pages of documents the room does not have, versions not uploaded and pages past the end', () => {
    const dwell = new DocumentDwell()
    expect(dwell.update('c1', who, page(1), null, true, 0)).toEqual([])
    expect(dwell.update('c1', who, page(1, 4), PRICING, true, 0)).toEqual([])
    expect(dwell.update('c1', who, page(5), PRICING, true, 0)).toEqual([])
    expect(dwell.close('c1', who, 60_000)).toEqual([])
    // An older version is reading (the seller team can open one).
    expect(dwell.update('c1', who, page(2, 2), PRICING, true, 0)).toHaveLength(1)
  })

  it('reads the presence field as the presence guard shapes it', () => {
    expect(openDocumentOf({ document: { id: 'd', version: 1, page: 2 } })).toEqual({
      id: 'd',
      version: 1,
      page: 2,
    })
    expect(openDocumentOf({ document: null })).toBeNull()
    expect(openDocumentOf({ section: 'documents' })).toBeNull()
    expect(openDocumentOf(undefined)).toBeNull()
  })
})

describe('page engagement through the room socket', () => {
  it('records a buyer’s opening and time per page by the server clock; a page of a document the room lacks records nothing', async () => {
    const { storage, wsUrl, server } = await startTestServer()
    const cast = await seedCast(storage)
    const name = documentName(cast.roomId)
    const seller = connect(wsUrl, cast.roomId, await tokenFor(storage, cast.roomId, cast.seller))
    await seller.synced
    // What the server writes when a file is uploaded (content/): the room's list of documents.
    const roomDoc = server.collaboration.hocuspocus.documents.get(name)
    if (!roomDoc) throw new Error('room not loaded')
    putDocument(roomDoc, {
      id: 'pricing',
      title: 'Pricing',
      version: 2,
      pages: 3,
      policy: 'view',
      attachedKind: null,
      attachedId: null,
      updatedAt: Date.now(),
    })

    const raw = await RawClient.open(wsUrl)
    expect(
      (await raw.authenticate(name, await tokenFor(storage, cast.roomId, cast.champion))).ok,
    ).toBe(true)
    let clock = 0
    const show = (state: Record<string, unknown>) =>
      raw.send(awarenessFrame(name, [{ clientId: 9100, clock: ++clock, state }]))
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    // The pauses are the scenario (time on a page), not waits for a condition.
    show({ section: 'documents', active: true, document: { id: 'ghost', version: 1, page: 1 } })
    await pause(500)
    show({ section: 'documents', active: true, document: { id: 'pricing', version: 2, page: 1 } })
    await pause(1500)
    show({ section: 'documents', active: true, document: { id: 'pricing', version: 2, page: 2 } })
    await pause(1000)
    show({ section: 'documents', active: false, document: { id: 'pricing', version: 2, page: 2 } })
    await pause(1000)
    raw.socket.close()
    await raw.closed

    await eventually(async () =>
      expect(
        (await storage.listEvents({ roomId: cast.roomId })).some((e) => e.kind === 'room.left'),
      ).toBe(true),
    )
    const events = (await storage.listEvents({ roomId: cast.roomId })).filter((e) =>
      e.kind.startsWith('document.'),
    )
    const champion = await storage.findPersonByEmail(cast.champion)
    expect(events.every((e) => e.personId === champion?.id && e.side === 'buyer')).toBe(true)
    expect(events.map((e) => [e.kind, e.detail.documentId, e.detail.page ?? null])).toEqual([
      ['document.viewed', 'pricing', null],
      ['document.page-viewed', 'pricing', 1],
      ['document.page-viewed', 'pricing', 2],
    ])
    const [, first, second] = events
    expect(first?.durationMs).toBeGreaterThan(1300)
    expect(first?.durationMs).toBeLessThan(1800)
    // The second page stopped when the tab went idle, not when the socket closed.
    expect(second?.durationMs).toBeGreaterThan(800)
    expect(second?.durationMs).toBeLessThan(1300)
    expect(first?.detail).toMatchObject({ version: 2, title: 'Pricing' })
    seller.destroy()
  })
})
