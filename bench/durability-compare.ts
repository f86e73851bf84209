import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { addSeller } from '../server/src/access/people.ts'
import { issueCollabToken } from '../server/src/access/tokens.ts'
import { createRoom } from '../server/src/collaboration/rooms.ts'
import { sqliteFile } from '../server/src/config.ts'
import { SqliteStorage } from '../server/src/storage/sqlite/sqlite-storage.ts'
import { documentName } from '../shared/src/protocol.ts'
import { environment, writeSection } from './report.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const EDITS = 150

function start(script: string[], dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, script, {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk
      const match = /listening (\d+)/.exec(output)
      if (match) resolve({ child, port: Number(match[1]) })
    })
    child.once('exit', () => reject(new Error(`server exited:\n${output}`)))
  })
}

function client(url: string, name: string, token: string, doc = new Y.Doc()) {
  const socket = new HocuspocusProviderWebsocket({
    url,
    WebSocketPolyfill: WebSocket,
    delay: 100,
    minDelay: 100,
    maxDelay: 500,
  })
  let synced: () => void = () => {}
  const ready = new Promise<void>((resolve) => {
    synced = resolve
  })
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    token,
    onSynced: () => synced(),
  })
  provider.attach()
  return {
    doc,
    ready,
    acknowledged: () => provider.isSynced && !provider.hasUnsyncedChanges,
    close: () => {
      provider.destroy()
      socket.destroy()
    },
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Make EDITS acknowledged edits, SIGKILL the server, restart it on the same files, count what is back. */
async function trial(
  script: string[],
  url: (port: number) => string,
  room: (dataDir: string) => Promise<{ name: string; token: string }>,
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-kill-'))
  try {
    const { name, token } = await room(dataDir)
    const first = await start(script, dataDir)
    const writer = client(url(first.port), name, token)
    await writer.ready
    for (let i = 0; i < EDITS; i++) writer.doc.getMap('kill-test').set(`edit-${i}`, i)
    await until(writer.acknowledged, 20_000)
    first.child.kill('SIGKILL')
    await new Promise((resolve) => first.child.once('exit', resolve))
    writer.close()
    const second = await start(script, dataDir)
    const reader = client(url(second.port), name, token)
    await reader.ready
    const kept = reader.doc.getMap('kill-test').size
    reader.close()
    second.child.kill('SIGKILL')
    return kept
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Acknowledged edits that survive a SIGKILL: Quorum and Hocuspocus + extension-sqlite, side by side. */
export async function durabilityCompare(): Promise<void> {
  const quorum = await trial(
    ['--import', 'tsx', 'server/src/testing/child-server.ts'],
    (port) => `ws://127.0.0.1:${port}/collab`,
    async (dataDir) => {
      const storage = new SqliteStorage(sqliteFile({ dataDir }))
      await addSeller(storage, 'http://bench', { email: 'k@vendor.test', name: 'K' })
      const created = await createRoom(storage, { ownerEmail: 'k@vendor.test', title: 'Kill' })
      const { token } = await issueCollabToken(storage, {
        roomId: created.id,
        email: 'k@vendor.test',
        ttlSeconds: 3600,
      })
      await storage.close()
      return { name: documentName(created.id), token }
    },
  )
  const reference = await trial(
    ['--import', 'tsx', 'bench/servers/hocuspocus-sqlite.ts'],
    (port) => `ws://127.0.0.1:${port}`,
    async () => ({ name: 'kill-test', token: 'none' }),
  )
  const body = `Measured on ${environment()}. One client makes ${EDITS} edits and waits until the server has
acknowledged every one; the server process is then killed with SIGKILL and restarted on the same files.

| server | acknowledged edits present after the restart |
|---|---|
| Quorum (SQLite, append before acknowledge) | ${quorum} of ${EDITS} (lost ${EDITS - quorum}) |
| Hocuspocus 4 + @hocuspocus/extension-sqlite (defaults: store debounced 2 s) | ${reference} of ${EDITS} (lost ${EDITS - reference}) |`
  writeSection('Durability on SIGKILL, side by side (scale-out)', body)
  console.log(body)
}
