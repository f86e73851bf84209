import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import { onTestFinished } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import type { BuyerRole } from '../../../shared/src/access.ts'
import { COLLAB_PATH, type DocumentKind, documentName } from '../../../shared/src/protocol.ts'
import { inviteBuyer } from '../access/invites.ts'
import { addSeller } from '../access/people.ts'
import { issueCollabToken } from '../access/tokens.ts'
import { createRoom } from '../collaboration/rooms.ts'
import { readConfig, sqliteFile } from '../config.ts'
import { type QuorumServer, startServer } from '../server.ts'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts'
import type { Storage } from '../storage/storage.ts'

/** A fresh temporary folder, removed when the current test ends. */
export function tempDir(prefix = 'quorum-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

export interface TestServer {
  server: QuorumServer
  storage: SqliteStorage
  dataDir: string
  httpUrl: string
  wsUrl: string
}

/**
 * A real Quorum server in this process on port 0, over a real SQLite file; closed after the test.
 * `env` overrides settings as the environment would.
 */
export async function startTestServer(
  dataDir = tempDir(),
  env: Record<string, string> = {},
): Promise<TestServer> {
  const config = readConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    MAX_MESSAGE_BYTES: String(256 * 1024),
    ...env,
  })
  const storage = new SqliteStorage(sqliteFile(config))
  const server = await startServer(config, storage, { clientDir: dataDir })
  onTestFinished(() => server.close())
  const base = `127.0.0.1:${server.port}`
  return {
    server,
    storage,
    dataDir,
    httpUrl: `http://${base}`,
    wsUrl: `ws://${base}${COLLAB_PATH}`,
  }
}

export interface Cast {
  roomId: string
  seller: string
  champion: string
  stakeholder: string
  viewer: string
}

/** A seller-owned room from the standard template with one buyer of each role. */
export async function seedCast(storage: Storage, suffix = ''): Promise<Cast> {
  const publicUrl = 'http://quorum.test'
  const seller = `seller${suffix}@vendor.test`
  if (!(await storage.findPersonByEmail(seller))) {
    await addSeller(storage, publicUrl, { email: seller, name: `Sam Seller${suffix}` })
  }
  const room = await createRoom(storage, { ownerEmail: seller, title: `Acme rollout${suffix}` })
  const invite = async (role: BuyerRole) => {
    const email = `${role}${suffix}@acme.test`
    await inviteBuyer(storage, publicUrl, {
      roomId: room.id,
      email,
      name: `${role} ${suffix}`,
      role,
      ttlMs: null,
    })
    return email
  }
  return {
    roomId: room.id,
    seller,
    champion: await invite('champion'),
    stakeholder: await invite('stakeholder'),
    viewer: await invite('viewer'),
  }
}

export async function tokenFor(
  storage: Storage,
  roomId: string,
  email: string,
  ttlSeconds = 600,
): Promise<string> {
  return (await issueCollabToken(storage, { roomId, email, ttlSeconds })).token
}

export interface Client {
  doc: Y.Doc
  provider: HocuspocusProvider
  socket: HocuspocusProviderWebsocket
  /** Resolves on the first full sync; rejects if authentication is refused. */
  synced: Promise<void>
  /** The reason of the last refused authentication, if any. */
  deniedReason: () => string | null
  /** Every acknowledged update: the server has applied (and stored) all local changes. */
  allAcknowledged: () => boolean
  destroy: () => void
}

/** A real @hocuspocus/provider client on its own socket; destroyed after the test. */
export function connect(
  wsUrl: string,
  roomId: string,
  token: string,
  kind: DocumentKind = 'shared',
  doc = new Y.Doc(),
): Client {
  const socket = new HocuspocusProviderWebsocket({
    url: wsUrl,
    WebSocketPolyfill: WebSocket,
    delay: 50,
    minDelay: 50,
    maxDelay: 500,
  })
  let denied: string | null = null
  let resolveSynced: () => void = () => {}
  let rejectSynced: (error: Error) => void = () => {}
  const synced = new Promise<void>((resolve, reject) => {
    resolveSynced = resolve
    rejectSynced = reject
  })
  synced.catch(() => {})
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName(roomId, kind),
    document: doc,
    token,
    onSynced: () => resolveSynced(),
    onAuthenticationFailed: ({ reason }) => {
      denied = reason
      rejectSynced(new Error(`authentication failed: ${reason}`))
    },
  })
  // A provider on a socket it does not own must be attached explicitly.
  provider.attach()
  const destroy = () => {
    provider.destroy()
    // A socket still connecting (its server was just killed) reports its closing as an error
    // event, after the provider has taken its own listeners off: heard here, not left unhandled.
    socket.webSocket?.addEventListener('error', () => {})
    socket.destroy()
  }
  onTestFinished(destroy)
  return {
    doc,
    provider,
    socket,
    synced,
    deniedReason: () => denied,
    allAcknowledged: () => provider.synced && !provider.hasUnsyncedChanges,
    destroy,
  }
}

/**
 * Retries an assertion until it passes or the deadline is reached (never a fixed sleep).
 * The last failure is rethrown, so the test shows what was still wrong.
 */
export async function eventually<T>(assertion: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await assertion()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}

export interface HttpReply {
  status: number
  json: Record<string, unknown>
  setCookie: string | null
}

/**
 * A browser-like HTTP client that keeps its session cookie and sends the CSRF header on
 * state-changing requests, as the web app does.
 */
export function httpSession(base: string) {
  let cookie = ''
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpReply> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(method === 'GET' ? {} : { 'x-quorum-csrf': '1' }),
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const set = response.headers.get('set-cookie')
    if (set) cookie = set.split(';')[0] ?? ''
    const text = await response.text()
    let json: Record<string, unknown> = {}
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {}
    } catch {
      json = { text }
    }
    return { status: response.status, json, setCookie: set }
  }
}

/** The secret at the end of a one-time link. */
export const secretOf = (url: string) => new URL(url).pathname.split('/').pop() ?? ''
