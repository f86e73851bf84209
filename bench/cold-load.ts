import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { addSeller } from '../server/src/access/people.ts'
import { loadRoomDoc } from '../server/src/collaboration/room-doc.ts'
import { createRoom } from '../server/src/collaboration/rooms.ts'
import { sqliteFile } from '../server/src/config.ts'
import { SqliteStorage } from '../server/src/storage/sqlite/sqlite-storage.ts'
import { documentName } from '../shared/src/protocol.ts'
import { roots } from '../shared/src/room/index.ts'
import { environment, ms, writeSection } from './report.ts'

const OPERATIONS = 260_000
const RUNS = 7

/** A seeded pseudo-random editing trace: mostly typing, some deletions, at moving positions. */
function editingTrace(doc: Y.Doc): void {
  const text = new Y.XmlText()
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [text])
  roots.businessCase(doc).insert(0, [paragraph])
  let seed = 7
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
  let cursor = 0
  for (let i = 0; i < OPERATIONS; i++) {
    if (random() < 0.05) cursor = Math.floor(random() * (text.length + 1))
    if (random() < 0.12 && cursor > 0) {
      text.delete(cursor - 1, 1)
      cursor--
    } else {
      text.insert(cursor, String.fromCharCode(97 + Math.floor(random() * 26)))
      cursor++
    }
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

/**
 * Cold load of a room with a long editing history: Quorum reading it from SQLite and building the
 * document, against the floor of `Y.applyUpdate` of the same snapshot already in memory.
 */
export async function coldLoad(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-cold-'))
  try {
    const storage = new SqliteStorage(sqliteFile({ dataDir }))
    await addSeller(storage, 'http://bench', { email: 'cold@vendor.test', name: 'Cold' })
    const room = await createRoom(storage, {
      ownerEmail: 'cold@vendor.test',
      title: 'Long history',
    })
    const started = performance.now()
    const doc = await loadRoomDoc(storage, room.id)
    editingTrace(doc)
    const snapshot = Y.encodeStateAsUpdate(doc)
    const generateMs = performance.now() - started
    await storage.compactDocument(documentName(room.id), snapshot, 0)

    const quorum: number[] = []
    const floor: number[] = []
    for (let run = 0; run < RUNS; run++) {
      let t = performance.now()
      ;(await loadRoomDoc(storage, room.id)).destroy()
      quorum.push(performance.now() - t)
      t = performance.now()
      const bare = new Y.Doc()
      Y.applyUpdate(bare, snapshot)
      floor.push(performance.now() - t)
      bare.destroy()
    }
    await storage.close()
    const body = `Measured on ${environment()}. A room whose business case was written by a
${OPERATIONS.toLocaleString('en')}-operation editing trace (typing with ~12% deletions at moving positions,
generated in ${ms(generateMs)}), compacted to a ${(snapshot.byteLength / 1024).toFixed(0)} KiB snapshot. Median of ${RUNS} runs.

| figure | value |
|---|---|
| Quorum cold load: read from SQLite + build the document | ${ms(median(quorum))} |
| floor: \`Y.applyUpdate\` of the same snapshot, already in memory | ${ms(median(floor))} |
| ratio | ${(median(quorum) / median(floor)).toFixed(2)} × (target ≤ 1.2) |`
    writeSection('Cold load of a long history (scale-out)', body)
    console.log(body)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
