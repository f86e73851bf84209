import { describe, expect, it } from 'vitest'
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
