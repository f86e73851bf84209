import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { inviteBuyer } from '../server/src/access/invites.ts'
import { addSeller } from '../server/src/access/people.ts'
import { issueCollabToken } from '../server/src/access/tokens.ts'
import { createRoom } from '../server/src/collaboration/rooms.ts'
import { sqliteFile } from '../server/src/config.ts'
import { SqliteStorage } from '../server/src/storage/sqlite/sqlite-storage.ts'
import { documentName } from '../shared/src/protocol.ts'
import { roots } from '../shared/src/room/index.ts'
import { environment, ms, percentile, writeSection } from './report.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const EDITS = 2000

interface Running {
  port: number
  stop: () => Promise<void>
}

async function startServer(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/testing/child-server.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk
      const match = /listening (\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', () => reject(new Error(`server exited:\n${output}`)))
  })
  return {
    port,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

function client(
  port: number,
  roomId: string,
  token: string,
): { doc: Y.Doc; provider: HocuspocusProvider; synced: Promise<void> } {
  const socket = new HocuspocusProviderWebsocket({
    url: `ws://127.0.0.1:${port}/collab`,
    WebSocketPolyfill: WebSocket,
  })
  const doc = new Y.Doc()
  let done: () => void = () => {}
  const synced = new Promise<void>((resolve) => {
    done = resolve
  })
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName(roomId),
    document: doc,
    token,
    onSynced: () => done(),
  })
  provider.attach()
  return { doc, provider, synced }
}

/**
 * One writer types into the business case, one edit at a time, each waiting for the server's
 * acknowledgement (which Quorum only sends once the edit is in the SQLite log). A reader in the
 * same room measures when each edit reaches it. Then the room is cold-loaded from its log.
 */
export async function durableEdits(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-bench-'))
  try {
    const storage = new SqliteStorage(sqliteFile({ dataDir }))
    await addSeller(storage, 'http://bench', { email: 's@bench.test', name: 'S' })
    const room = await createRoom(storage, { ownerEmail: 's@bench.test', title: 'Bench' })
    await inviteBuyer(storage, 'http://bench', {
      roomId: room.id,
      email: 'b@bench.test',
      name: 'B',
      role: 'stakeholder',
      ttlMs: null,
    })
    const writerToken = (
      await issueCollabToken(storage, { roomId: room.id, email: 's@bench.test', ttlSeconds: 3600 })
    ).token
    const readerToken = (
      await issueCollabToken(storage, { roomId: room.id, email: 'b@bench.test', ttlSeconds: 3600 })
    ).token
    await storage.close()

    const server = await startServer(dataDir)
    const writer = client(server.port, room.id, writerToken)
    const reader = client(server.port, room.id, readerToken)
    await Promise.all([writer.synced, reader.synced])
    const text = new Y.XmlText()
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [text])
    roots.businessCase(writer.doc).insert(0, [paragraph])

    const ack: number[] = []
    const fanOut: number[] = []
    /** Length of the paragraph the writer types into, as the reader sees it. */
    const readerLength = () => {
      const first = roots.businessCase(reader.doc).get(0)
      const typed = first instanceof Y.XmlElement ? first.get(0) : null
      return typed instanceof Y.XmlText ? typed.length : 0
    }
    const started = performance.now()
    for (let i = 0; i < EDITS; i++) {
      const sent = performance.now()
      const acknowledged = new Promise<void>((resolve) => {
        const check = () => {
          if (!writer.provider.hasUnsyncedChanges) {
            writer.provider.off('unsyncedChanges', check)
            resolve()
          }
        }
        writer.provider.on('unsyncedChanges', check)
      })
      const marker = `${i % 10}`
      const expectedLength = text.length + 1
      const delivered = new Promise<void>((resolve) => {
        const onUpdate = () => {
          if (readerLength() >= expectedLength) {
            reader.doc.off('update', onUpdate)
            resolve()
          }
        }
        reader.doc.on('update', onUpdate)
      })
      text.insert(text.length, marker)
      await acknowledged
      ack.push(performance.now() - sent)
      await delivered
      fanOut.push(performance.now() - sent)
    }
    const elapsed = performance.now() - started
    writer.provider.destroy()
    reader.provider.destroy()
    await server.stop()

    // Cold load: a log of EDITS single-character updates versus the compacted snapshot.
    const reopened = new SqliteStorage(sqliteFile({ dataDir }))
    const name = documentName(room.id)
    const compacted = await reopened.loadDocument(name)
    const snapshot = compacted?.snapshot ?? new Uint8Array()
    const loadStart = performance.now()
    const cold = new Y.Doc()
    Y.applyUpdate(cold, snapshot)
    const snapshotMs = performance.now() - loadStart
    await reopened.close()

    ack.sort((a, b) => a - b)
    fanOut.sort((a, b) => a - b)
    const body = `Measured on ${environment()}.
Load: one writer and one reader in one room on a Quorum child process (SQLite, WAL, durability,
auth on). The writer makes ${EDITS} single-character edits to the business case, one at a time,
each waiting for its acknowledgement (sent only after the edit is appended to the SQLite log).

| figure | value |
|---|---|
| acknowledged edits per second (sequential) | ${Math.round((EDITS / elapsed) * 1000)} |
| acknowledgement latency p50 / p99 / max | ${ms(percentile(ack, 50))} / ${ms(percentile(ack, 99))} / ${ms(ack.at(-1) ?? 0)} |
| writer → reader fan-out p50 / p99 / max | ${ms(percentile(fanOut, 50))} / ${ms(percentile(fanOut, 99))} / ${ms(fanOut.at(-1) ?? 0)} |
| snapshot after the clean stop | ${snapshot.byteLength} bytes, applied in ${ms(snapshotMs)} |
| update-log rows left after the clean stop | ${compacted?.updates.length ?? 0} |`
    writeSection('Durable edits (room core)', body)
    console.log(body)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
