import { expect, it } from 'vitest'
import * as Y from 'yjs'
import { type ContractRun, roomFixture, SEED } from './harness.ts'

const bytes = (...values: number[]) => new Uint8Array(values)

/** Three real edits of a document seeded with SEED, and its state after the first two. */
function threeEdits() {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, SEED)
  const edit = (key: string) => {
    const before = Y.encodeStateVector(doc)
    doc.getMap('meta').set(key, key)
    return Y.encodeStateAsUpdate(doc, before)
  }
  const u1 = edit('b')
  const u2 = edit('c')
  const afterTwo = Y.encodeStateAsUpdate(doc)
  const u3 = edit('d')
  return { u1, u2, u3, afterTwo }
}

export function documentsContract(run: ContractRun): void {
  it('a snapshot plus an ordered log, compacted up to a sequence number', () =>
    run.with('documents', async (storage) => {
      expect(await storage.loadDocument('room.nothing')).toBeNull()
      await roomFixture(storage)
      expect(await storage.loadDocument('room.room1')).toEqual({
        snapshot: SEED,
        updates: [],
        lastSeq: 0,
      })

      // Three edits in order, with one to another document in between.
      const { u1, u2, u3, afterTwo } = threeEdits()
      const first = await storage.appendUpdate('room.room1', u1)
      const second = await storage.appendUpdate('room.room1', u2)
      await storage.appendUpdate('room.room1.internal', bytes(0, 0))
      const third = await storage.appendUpdate('room.room1', u3)
      expect(first).toBeLessThan(second)
      expect(second).toBeLessThan(third)
      expect(await storage.loadDocument('room.room1')).toEqual({
        snapshot: SEED,
        updates: [u1, u2, u3],
        lastSeq: third,
      })
      expect(await storage.countUpdates('room.room1')).toBe(3)
      expect(await storage.countUpdates('room.nothing')).toBe(0)

      // Compaction covers the first two; the third was appended after the snapshot was taken.
      await storage.compactDocument('room.room1', afterTwo, second)
      const compacted = await storage.loadDocument('room.room1')
      expect(compacted?.updates).toEqual([u3])
      expect(compacted?.lastSeq).toBe(third)
      expect(await storage.countUpdates('room.room1')).toBe(1)
      const loaded = new Y.Doc()
      if (compacted?.snapshot) Y.applyUpdate(loaded, compacted.snapshot)
      for (const update of compacted?.updates ?? []) Y.applyUpdate(loaded, update)
      expect(loaded.getMap('meta').toJSON()).toEqual({ a: 'a', b: 'b', c: 'c', d: 'd' })
      expect(await storage.countUpdates('room.room1.internal')).toBe(1)

      // A log without a snapshot is still a document, and compacting one creates its snapshot.
      const orphan = await storage.appendUpdate('room.orphan', bytes(5))
      expect(await storage.loadDocument('room.orphan')).toEqual({
        snapshot: null,
        updates: [bytes(5)],
        lastSeq: orphan,
      })
      await storage.compactDocument('room.orphan', SEED, orphan)
      const adopted = await storage.loadDocument('room.orphan')
      expect(adopted).toMatchObject({ updates: [], lastSeq: 0 })
      const seeded = new Y.Doc()
      if (adopted?.snapshot) Y.applyUpdate(seeded, adopted.snapshot)
      expect(seeded.getMap('meta').toJSON()).toEqual({ a: 'a' })
    }))

  it('appends synchronously where the driver can, in one order with the awaited appends', () =>
    run.with('documents', async (storage) => {
      await roomFixture(storage)
      const appendSync = storage.appendUpdateSync
      if (storage.driver === 'postgres') {
        // PostgreSQL cannot: the durability extension must await its append before applying.
        expect(appendSync).toBeUndefined()
        return
      }
      expect(appendSync).toBeTypeOf('function')
      const { u1, u2, u3 } = threeEdits()
      const first = storage.appendUpdateSync?.('room.room1', u1) ?? 0
      const second = await storage.appendUpdate('room.room1', u2)
      const third = storage.appendUpdateSync?.('room.room1', u3) ?? 0
      expect([first < second, second < third]).toEqual([true, true])
      expect(await storage.loadDocument('room.room1')).toEqual({
        snapshot: SEED,
        updates: [u1, u2, u3],
        lastSeq: third,
      })
    }))
}
