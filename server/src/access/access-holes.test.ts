import { createServer, type Socket } from 'node:net'
import { describe, expect, it, onTestFinished } from 'vitest'
import { CloseCodes, DenyReasons, documentName } from '../../../shared/src/protocol.ts'
import { createRoom } from '../collaboration/rooms.ts'
import { readConfig, sqliteFile } from '../config.ts'
import { startServer } from '../server.ts'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts'
import {
  eventually,
  httpSession,
  secretOf,
  startTestServer,
  type TestServer,
  tempDir,
} from '../testing/harness.ts'
import { RawClient } from '../testing/raw.ts'
import { inviteBuyer } from './invites.ts'
import { addSeller, sellerSignInLink } from './people.ts'

type Http = ReturnType<typeof httpSession>

/** A room with its owner, a second seller, a champion and a stakeholder, each signed in. */
async function deal(context: TestServer) {
  const { storage, httpUrl } = context
  const signIn = async (url: string): Promise<Http> => {
    const http = httpSession(httpUrl)
    expect((await http('POST', '/api/links/redeem', { secret: secretOf(url) })).status).toBe(200)
    return http
  }
  const owner = await addSeller(storage, httpUrl, { email: 'owner@vendor.test', name: 'Olive' })
  const second = await addSeller(storage, httpUrl, { email: 'second@vendor.test', name: 'Sid' })
  const room = await createRoom(storage, { ownerEmail: 'owner@vendor.test', title: 'Acme' })
  await storage.putMember(room.id, second.person.id, 'seller')
  const buyer = async (email: string, role: 'champion' | 'stakeholder') => {
    const { person, invite } = await inviteBuyer(storage, httpUrl, {
      roomId: room.id,
      email,
      name: email.split('@')[0] ?? email,
      role,
      ttlMs: null,
    })
    return { person, http: await signIn(invite.url) }
  }
  return {
    roomId: room.id,
    owner: { person: owner.person, http: await signIn(owner.signIn.url) },
    second: { person: second.person, http: await signIn(second.signIn.url) },
    champion: await buyer('cham@acme.test', 'champion'),
    stakeholder: await buyer('stan@acme.test', 'stakeholder'),
  }
}

/** A personal link from the outbox: the newest mail to `email` whose body has one. */
async function mailedLink(context: TestServer, email: string, notThis?: string): Promise<string> {
  return eventually(async () => {
    const mail = (await context.storage.listOutbox(50)).find(
      (m) => m.to === email && /\/i\/\S+/.test(m.body) && !m.body.includes(notThis ?? '\u0000'),
    )
    const url = /(http\S+\/i\/\S+)/.exec(mail?.body ?? '')?.[1]
    if (!url) throw new Error(`no link mailed to ${email}`)
    return url
  })
}

describe('access: re-inviting never hands anyone another person’s identity or rights', () => {
  it('a champion re-inviting a member gets no link; the member gets theirs by mail', async () => {
    const context = await startTestServer()
    const room = await deal(context)
    const reinvite = await room.champion.http('POST', `/api/rooms/${room.roomId}/invites`, {
      email: 'stan@acme.test',
      name: 'Stan',
      role: 'stakeholder',
    })
    expect(reinvite.status).toBe(201)
    expect(reinvite.json).toEqual({ id: null, url: null, role: 'stakeholder', sent: true })
    // The new link went to Stan's mailbox, and it signs in as Stan — not as the champion.
    const link = await mailedLink(context, 'stan@acme.test')
    const stan = httpSession(context.httpUrl)
    await stan('POST', '/api/links/redeem', { secret: secretOf(link) })
    expect((await stan('GET', `/api/rooms/${room.roomId}`)).json).toMatchObject({
      me: { email: 'stan@acme.test' },
    })
    // The seller team, too, only sees links of people who have not opened the room yet.
    const bySeller = await room.second.http('POST', `/api/rooms/${room.roomId}/invites`, {
      email: 'stan@acme.test',
      name: 'Stan',
      role: 'stakeholder',
    })
    expect(bySeller.json).toMatchObject({ url: null, outcome: 'resent' })
    const fresh = await room.second.http('POST', `/api/rooms/${room.roomId}/invites`, {
      email: 'nia@acme.test',
      name: 'Nia',
      role: 'viewer',
    })
    expect(String(fresh.json.url)).toContain('/i/')
  })

  it('a second seller can neither demote nor remove the owner', async () => {
    const context = await startTestServer()
    const room = await deal(context)
    const demote = await room.second.http('POST', `/api/rooms/${room.roomId}/invites`, {
      email: 'owner@vendor.test',
      name: 'Olive',
      role: 'seller',
    })
    expect(demote.status).toBe(403)
    expect(demote.json).toMatchObject({
      error: { message: 'The owner stays the owner of the room.' },
    })
    const revoke = await room.second.http(
      'POST',
      `/api/rooms/${room.roomId}/members/${room.owner.person.id}/revoke`,
    )
    expect(revoke.status).toBe(409)
    expect((await context.storage.getMember(room.roomId, room.owner.person.id))?.role).toBe('owner')
    expect((await room.owner.http('GET', `/api/rooms/${room.roomId}`)).status).toBe(200)
  })

  it('a champion cannot change roles nor undo a removal by re-inviting', async () => {
    const context = await startTestServer()
    const room = await deal(context)
    const other = await inviteBuyer(context.storage, context.httpUrl, {
      roomId: room.roomId,
      email: 'cleo@acme.test',
      name: 'Cleo',
      role: 'champion',
      ttlMs: null,
    })
    const demote = await room.champion.http('POST', `/api/rooms/${room.roomId}/invites`, {
      email: 'cleo@acme.test',
      name: 'Cleo',
      role: 'viewer',
    })
    expect(demote.status).toBe(403)
    expect(demote.json).toMatchObject({
      error: { message: expect.stringContaining('only the seller team changes roles') },
    })
    expect((await context.storage.getMember(room.roomId, other.person.id))?.role).toBe('champion')

    const removed = await room.owner.http(
      'POST',
      `/api/rooms/${room.roomId}/members/${room.stakeholder.person.id}/revoke`,
    )
    expect(removed.status).toBe(200)
    const readmit = await room.champion.http('POST', `/api/rooms/${room.roomId}/invites`, {
      email: 'stan@acme.test',
      name: 'Stan',
      role: 'stakeholder',
    })
    expect(readmit.status).toBe(403)
    expect(await context.storage.getMember(room.roomId, room.stakeholder.person.id)).toBeNull()
    // The seller team can let them back in.
    const back = await room.owner.http('POST', `/api/rooms/${room.roomId}/invites`, {
      email: 'stan@acme.test',
      name: 'Stan',
      role: 'stakeholder',
    })
    expect(back.json).toMatchObject({ outcome: 'restored' })
  })

  it('a role lowered by re-invite reaches the open socket, which comes back read-only', async () => {
    const context = await startTestServer()
    const room = await deal(context)
    const { token } = (await room.champion.http('POST', `/api/rooms/${room.roomId}/token`))
      .json as { token: string }
    const raw = await RawClient.open(context.wsUrl)
    expect((await raw.authenticate(documentName(room.roomId), token)).ok).toBe(true)
    const lowered = await room.owner.http('POST', `/api/rooms/${room.roomId}/invites`, {
      email: 'cham@acme.test',
      name: 'Cham',
      role: 'viewer',
    })
    expect(lowered.json).toMatchObject({ outcome: 'role-changed' })
    expect(await raw.closed).toEqual(CloseCodes.roleChanged)
    const again = await RawClient.open(context.wsUrl)
    const reply = await again.authenticate(documentName(room.roomId), token)
    expect(reply).toEqual({ ok: true, detail: 'readonly' })
  })

  it('inviting a seller’s address tells a champion nothing; the seller is told by mail', async () => {
    const context = await startTestServer()
    const room = await deal(context)
    const asSeller = await room.champion.http('POST', `/api/rooms/${room.roomId}/invites`, {
      email: 'second@vendor.test',
      name: 'Sid',
      role: 'stakeholder',
    })
    const asNobody = await room.champion.http('POST', `/api/rooms/${room.roomId}/invites`, {
      email: 'newbie@acme.test',
      name: 'Newbie',
      role: 'stakeholder',
    })
    expect([asSeller.status, asSeller.json]).toEqual([asNobody.status, asNobody.json])
    const mail = await eventually(async () => {
      const found = (await context.storage.listOutbox(50)).find(
        (m) => m.to === 'second@vendor.test',
      )
      if (!found) throw new Error('no mail yet')
      return found
    })
    expect(mail.body).toContain('It belongs to a seller account, so nothing changed.')
    expect((await context.storage.getMember(room.roomId, room.second.person.id))?.role).toBe(
      'seller',
    )
  })
})

describe('access: signing out everywhere ends sockets and tokens too', () => {
  it('closes the open socket of a copied session and its token opens nothing', async () => {
    const context = await startTestServer()
    const room = await deal(context)
    // The same seller in a second browser (a copied cookie, say) holds a token and a socket.
    const { token } = (await room.owner.http('POST', `/api/rooms/${room.roomId}/token`)).json as {
      token: string
    }
    const raw = await RawClient.open(context.wsUrl)
    expect((await raw.authenticate(documentName(room.roomId), token)).ok).toBe(true)

    const elsewhere = httpSession(context.httpUrl)
    await elsewhere('POST', '/api/links/redeem', { secret: secretOf(await ownerLink(context)) })
    expect((await elsewhere('POST', '/api/signout-everywhere')).json).toEqual({ sessionsEnded: 2 })

    expect(await raw.closed).toEqual(CloseCodes.signedOut)
    const later = await RawClient.open(context.wsUrl)
    expect(await later.authenticate(documentName(room.roomId, 'internal'), token)).toEqual({
      ok: false,
      detail: DenyReasons.sessionEnded,
    })
    expect((await room.owner.http('GET', `/api/rooms/${room.roomId}`)).status).toBe(401)
  })
})

/** A fresh sign-in link for the owner (as `quorum user link` prints it). */
async function ownerLink(context: TestServer): Promise<string> {
  return (await sellerSignInLink(context.storage, context.httpUrl, 'owner@vendor.test')).signIn.url
}

describe('access: sign-in answers never wait for the mail', () => {
  it('answers at once while the mail server is still silent, the same for every address', async () => {
    // An SMTP server that accepts connections and never greets: sending a mail hangs.
    const sockets: Socket[] = []
    const silent = createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    onTestFinished(() => {
      for (const socket of sockets) socket.destroy()
      silent.close()
    })
    const address = silent.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const dataDir = tempDir()
    const config = readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SMTP_URL: `smtp://127.0.0.1:${port}`,
    })
    const storage = new SqliteStorage(sqliteFile(config))
    await addSeller(storage, 'http://quorum.test', { email: 'sam@vendor.test', name: 'Sam' })
    const server = await startServer(config, storage, { clientDir: dataDir })
    onTestFinished(() => server.close())
    const http = httpSession(`http://127.0.0.1:${server.port}`)

    const known = await http('POST', '/api/signin', { email: 'sam@vendor.test' })
    const unknown = await http('POST', '/api/signin', { email: 'nobody@vendor.test' })
    expect([known.status, known.json]).toEqual([unknown.status, unknown.json])
    // The mail to the known address is on its way (the server is talking to SMTP), not sent.
    await eventually(() => expect(sockets).toHaveLength(1))
    const queued = (await storage.listOutbox(10)).filter((m) => m.to === 'sam@vendor.test')
    expect(queued.map((m) => m.sentAt)).toEqual([null])
  })
})
