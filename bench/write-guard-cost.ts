import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Connection, Document } from '@hocuspocus/server'
import * as Y from 'yjs'
import type { QuorumContext } from '../server/src/collaboration/context.ts'
import { DEFAULT_WRITE_LIMITS, writeGuard } from '../server/src/collaboration/write-guard.ts'
import { sqliteFile } from '../server/src/config.ts'
import { SqliteStorage } from '../server/src/storage/sqlite/sqlite-storage.ts'
import { documentName } from '../shared/src/protocol.ts'
import { addStakeholder, roots, seedRoom } from '../shared/src/room/index.ts'
import { environment, writeSection } from './report.ts'

/** Edits per pass; each pass replays them all on a fresh copy of the room. */
const EDITS = 2_000
const PASSES = 7

const ROOM = documentName('benchroom000')
const context: QuorumContext = {
  personId: 'bench0000000',
  name: 'Bench',
  roomId: 'benchroom000',
  role: 'owner',
  documentKind: 'shared',
  sessionId: null,
}

function seededRoom(): Y.Doc {
  const doc = new Y.Doc()
  seedRoom(doc, { title: 'Bench room' })
  addStakeholder(doc, {
    id: `member-${context.personId}`,
    name: context.name,
    side: 'seller',
    buyingRole: 'other',
    memberId: context.personId,
  })
  return doc
}

/** The updates a writer sends in loads (a) and (d): 16 characters typed at a paragraph's end. */
function recordEdits(room: Uint8Array): Uint8Array[] {
  const writer = new Y.Doc()
  Y.applyUpdate(writer, room)
  const updates: Uint8Array[] = []
  writer.on('update', (update: Uint8Array) => updates.push(update))
  const paragraph = roots.businessCase(writer).get(1)
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null
  if (!(text instanceof Y.XmlText)) throw new Error('the template has no paragraph to type in')
  for (let i = 0; i < EDITS; i++) text.insert(text.length, `${1_700_000_000_000 + i}.5 `)
  return updates
}

/**
 * One pass: each update is checked by the write guard (when `guarded`) and applied, as
 * Hocuspocus does for a client's update; returns CPU microseconds per update.
 */
async function pass(
  room: Uint8Array,
  updates: Uint8Array[],
  storage: SqliteStorage,
  guarded: boolean,
): Promise<number> {
  const document = new Document(ROOM)
  Y.applyUpdate(document, room)
  const guard = writeGuard(storage, DEFAULT_WRITE_LIMITS).extension
  // The guard only touches the connection to refuse an update, which these never are.
  const connection = { readOnly: false } as unknown as Connection<QuorumContext>
  const origin = { source: 'connection', connection }
  const started = process.cpuUsage()
  for (const payload of updates) {
    if (guarded) {
      await guard.beforeSync?.({
        clientsCount: 1,
        context,
        document,
        documentName: ROOM,
        connection,
        type: 2,
        payload,
      })
    }
    Y.applyUpdate(document, payload, origin)
  }
  const used = process.cpuUsage(started)
  document.destroy()
  return (used.user + used.system) / updates.length
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN

/** Quorum's CPU per edit in the load (a) section of BENCHMARKS.md (the mean of its runs), in µs. */
function loadAQuorumMicros(): number | null {
  const file = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url))
  const section =
    /## Side by side with the reference servers, load \(a\)[\s\S]*?<!-- \/bench:/.exec(
      readFileSync(file, 'utf8'),
    )?.[0]
  const cpuPer1000 = (section?.split('\n') ?? [])
    .filter((line) => line.startsWith('| Quorum'))
    .map((line) => Number.parseFloat(line.split('|')[5]?.trim() ?? ''))
    .filter((value) => Number.isFinite(value))
  if (cpuPer1000.length === 0) return null
  const mean = cpuPer1000.reduce((sum, value) => sum + value, 0) / cpuPer1000.length
  // Each edit is delivered to the 9 other clients of its room.
  return (mean / 1000) * 9 * 1e6
}

/**
 * The write guard's cost on the edits of loads (a) and (d): the same recorded updates applied to
 * the room with and without the guard's check first, in alternating passes, in this process.
 */
export async function writeGuardCost(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-guard-'))
  const storage = new SqliteStorage(sqliteFile({ dataDir }))
  try {
    const room = Y.encodeStateAsUpdate(seededRoom())
    const updates = recordEdits(room)
    // Warm-up, so both variants run optimized code.
    await pass(room, updates, storage, true)
    await pass(room, updates, storage, false)
    const guarded: number[] = []
    const bare: number[] = []
    for (let i = 0; i < PASSES; i++) {
      guarded.push(await pass(room, updates, storage, true))
      bare.push(await pass(room, updates, storage, false))
    }
    const guardMicros = median(guarded) - median(bare)
    const perEditA = loadAQuorumMicros()
    const share =
      perEditA === null
        ? 'n/a (no load (a) figure in BENCHMARKS.md yet)'
        : `${((guardMicros / perEditA) * 100).toFixed(1)}% of Quorum's ${perEditA.toFixed(0)} µs of CPU per edit in the load (a) section above`
    const body = `Measured on ${environment()}. ${EDITS} recorded edits (the writers' edits of loads (a)
and (d): 16 characters typed at the end of a business-case paragraph), each checked by the write
guard and applied to the room, against the same edits applied unchecked; median of ${PASSES}
alternating passes, CPU time of this process.

| figure | value |
|---|---|
| check + apply, per edit | ${median(guarded).toFixed(1)} µs |
| apply alone, per edit | ${median(bare).toFixed(1)} µs |
| the write guard, per edit | ${guardMicros.toFixed(1)} µs |
| share of the server's CPU on load (a) | ${share} [≤ 10%] |`
    writeSection('The write guard’s cost on an edit', body)
    console.log(body)
  } finally {
    await storage.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
