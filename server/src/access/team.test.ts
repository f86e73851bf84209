import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import { createRoom } from '../collaboration/rooms.ts'
import { eventually, httpSession, secretOf, startTestServer, tokenFor } from '../testing/harness.ts'
import { RawClient, syncStep1Frame } from '../testing/raw.ts'
import { addSeller } from './people.ts'

/** A seller signed in through their link, as the web app would be. */
async function signedIn(base: string, url: string) {
  const http = httpSession(base)
  expect((await http('POST', '/api/links/redeem', { secret: secretOf(url) })).status).toBe(200)
  return http
}

describe('the seller team', { timeout: 120_000 }, () => {
  it('the first seller is the admin; an admin invites by e-mail, members cannot; the team keeps an admin', async () => {
    const { storage, httpUrl } = await startTestServer()
    const admin = await addSeller(storage, httpUrl, { email: 'ana@vendor.test', name: 'Ana' })
    const member = await addSeller(storage, httpUrl, { email: 'max@vendor.test', name: 'Max' })
    const asAdmin = await signedIn(httpUrl, admin.signIn.url)
    const asMember = await signedIn(httpUrl, member.signIn.url)

    const listed = await asMember('GET', '/api/team')
    expect(listed.json.me).toEqual({ personId: member.person.id, role: 'member' })
    expect(
      (listed.json.teammates as Array<{ email: string; role: string }>).map((t) => [
        t.email,
        t.role,
      ]),
    ).toEqual([
      ['ana@vendor.test', 'admin'],
      ['max@vendor.test', 'member'],
    ])

    const refused = await asMember('POST', '/api/team', { email: 'x@vendor.test', name: 'X' })
    expect(refused.status).toBe(403)
    expect(await storage.findPersonByEmail('x@vendor.test')).toBeNull()

    const invited = await asAdmin('POST', '/api/team', {
      email: 'Lee@Vendor.test',
      name: 'Lee Legal',
      role: 'member',
    })
    expect(invited.status).toBe(201)
    // The invitation is mailed with a sign-in link that works.
    const mail = await eventually(async () => {
      const found = (await storage.listOutbox(10)).find((each) => each.to === 'lee@vendor.test')
      if (!found) throw new Error('no mail yet')
      return found
    })
    expect(mail.subject).toBe('Ana added you to the team on Quorum')
    expect(mail.body).toContain(String(invited.json.url))
    const asLee = await signedIn(httpUrl, String(invited.json.url))
    expect(((await asLee('GET', '/api/session')).json.person as { email: string }).email).toBe(
      'lee@vendor.test',
    )
    expect(
      (await asAdmin('POST', '/api/team', { email: 'lee@vendor.test', name: 'L' })).status,
    ).toBe(409)

    // Roles: only an admin changes them, and the last admin stays one.
    expect(
      (await asMember('POST', `/api/team/${member.person.id}/role`, { role: 'admin' })).status,
    ).toBe(403)
    const demoteSelf = await asAdmin('POST', `/api/team/${admin.person.id}/role`, {
      role: 'member',
    })
    expect(demoteSelf.status).toBe(409)
    const promoted = await asAdmin('POST', `/api/team/${member.person.id}/role`, { role: 'admin' })
    expect((promoted.json.teammate as { role: string }).role).toBe('admin')
    expect(
      (await asMember('POST', '/api/team', { email: 'y@vendor.test', name: 'Y' })).status,
    ).toBe(201)
  })

  it('co-owners have the owner’s powers except handing the room away; the owner transfers it', async () => {
    const { storage, httpUrl } = await startTestServer()
    const owner = await addSeller(storage, httpUrl, { email: 'olga@vendor.test', name: 'Olga' })
    const cora = await addSeller(storage, httpUrl, { email: 'cora@vendor.test', name: 'Cora' })
    const sid = await addSeller(storage, httpUrl, { email: 'sid@vendor.test', name: 'Sid' })
    const room = await createRoom(storage, { ownerEmail: 'olga@vendor.test', title: 'Acme' })
    await storage.putMember(room.id, cora.person.id, 'seller')
    await storage.putMember(room.id, sid.person.id, 'seller')
    const asOwner = await signedIn(httpUrl, owner.signIn.url)
    const asCora = await signedIn(httpUrl, cora.signIn.url)
    const asSid = await signedIn(httpUrl, sid.signIn.url)
    const role = (http: typeof asOwner, personId: string, to: string) =>
      http('POST', `/api/rooms/${room.id}/members/${personId}/role`, { role: to })

    // A plain seller cannot make a co-owner; the owner can.
    expect((await role(asSid, cora.person.id, 'co-owner')).status).toBe(403)
    expect((await role(asOwner, cora.person.id, 'co-owner')).status).toBe(200)
    // The co-owner manages access like the owner (the audit log, the access mode)…
    expect((await asCora('GET', `/api/rooms/${room.id}/audit`)).status).toBe(200)
    // …makes another co-owner, but cannot lower or remove the owner, nor hand the room away.
    expect((await role(asCora, sid.person.id, 'co-owner')).status).toBe(200)
    expect((await role(asCora, owner.person.id, 'seller')).status).toBe(403)
    expect(
      (await asCora('POST', `/api/rooms/${room.id}/members/${owner.person.id}/revoke`)).status,
    ).toBe(409)
    expect(
      (await asCora('POST', `/api/rooms/${room.id}/owner`, { personId: cora.person.id })).status,
    ).toBe(403)
    expect((await storage.getRoom(room.id))?.ownerId).toBe(owner.person.id)

    const handed = await asOwner('POST', `/api/rooms/${room.id}/owner`, {
      personId: cora.person.id,
    })
    expect(handed.json).toEqual({ ownerId: cora.person.id, previousOwnerId: owner.person.id })
    expect((await storage.getMember(room.id, owner.person.id))?.role).toBe('co-owner')
    expect((await storage.getMember(room.id, cora.person.id))?.role).toBe('owner')
    const audit = await storage.listAudit({ roomId: room.id, limit: 50 })
    expect(audit.some((row) => row.action === 'room.ownership-transferred')).toBe(true)
  })

  it('removing a teammate moves their rooms to the chosen owner and ends their sessions and open sockets at once', async () => {
    const { storage, httpUrl, wsUrl } = await startTestServer()
    const admin = await addSeller(storage, httpUrl, { email: 'ana@vendor.test', name: 'Ana' })
    const rep = await addSeller(storage, httpUrl, { email: 'rep@vendor.test', name: 'Rep' })
    const heir = await addSeller(storage, httpUrl, { email: 'heir@vendor.test', name: 'Heir' })
    const owned = await createRoom(storage, { ownerEmail: 'rep@vendor.test', title: 'Rep’s deal' })
    const other = await createRoom(storage, { ownerEmail: 'ana@vendor.test', title: 'Ana’s deal' })
    await storage.putMember(other.id, rep.person.id, 'seller')
    const asAdmin = await signedIn(httpUrl, admin.signIn.url)
    const asRep = await signedIn(httpUrl, rep.signIn.url)

    // The rep has a socket open in each room.
    const sockets = await Promise.all(
      [owned.id, other.id].map(async (roomId) => {
        const raw = await RawClient.open(wsUrl)
        const name = documentName(roomId)
        expect(
          (await raw.authenticate(name, await tokenFor(storage, roomId, 'rep@vendor.test'))).ok,
        ).toBe(true)
        raw.send(syncStep1Frame(name, Y.encodeStateVector(new Y.Doc())))
        let closed = false
        raw.socket.on('close', () => {
          closed = true
        })
        return { roomId, isClosed: () => closed }
      }),
    )

    const removed = await asAdmin('POST', `/api/team/${rep.person.id}/remove`, {
      moveRoomsTo: heir.person.id,
    })
    expect(removed.json).toEqual({ roomsMoved: 1, sessionsEnded: 1 })
    const removedAt = Date.now()
    await eventually(() => expect(sockets.every((socket) => socket.isClosed())).toBe(true))
    expect(Date.now() - removedAt).toBeLessThan(1_500)

    expect((await asRep('GET', '/api/session')).status).toBe(401)
    expect((await storage.getRoom(owned.id))?.ownerId).toBe(heir.person.id)
    expect((await storage.getMember(owned.id, heir.person.id))?.role).toBe('owner')
    expect(await storage.getMember(owned.id, rep.person.id)).toBeNull()
    expect(await storage.getMember(other.id, rep.person.id)).toBeNull()
    expect((await storage.listTeammates()).map((each) => each.email)).toEqual([
      'ana@vendor.test',
      'heir@vendor.test',
    ])
    // No way back by mail: the sign-in form sends them nothing.
    const anonymous = httpSession(httpUrl)
    await anonymous('POST', '/api/signin', { email: 'rep@vendor.test' })
    const sentTo = await storage.listOutbox(50)
    expect(sentTo.filter((mail) => mail.to === 'rep@vendor.test')).toEqual([])
    // A removed teammate cannot be given a room again until an admin adds them back.
    const readd = await asAdmin('POST', '/api/team', { email: 'rep@vendor.test', name: 'Rep' })
    expect(readd.status).toBe(201)
    expect((await storage.getTeammate(rep.person.id))?.role).toBe('member')
  })
})
