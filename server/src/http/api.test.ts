import { describe, expect, it } from 'vitest'
import { inviteBuyer } from '../access/invites.ts'
import { addSeller, setupLink } from '../access/people.ts'
import { tokenSecret, verifyToken } from '../access/tokens.ts'
import { createRoom } from '../collaboration/rooms.ts'
import { httpSession as browser, secretOf, startTestServer } from '../testing/harness.ts'

describe('HTTP API: links, sessions, rooms, tokens', () => {
  it('a personal link opens exactly its room, once, through an httpOnly session', async () => {
    const { storage, httpUrl } = await startTestServer()
    await addSeller(storage, httpUrl, { email: 's@vendor.test', name: 'Sam' })
    const room = await createRoom(storage, { ownerEmail: 's@vendor.test', title: 'Acme' })
    const other = await createRoom(storage, { ownerEmail: 's@vendor.test', title: 'Other' })
    const { invite } = await inviteBuyer(storage, httpUrl, {
      roomId: room.id,
      email: 'd@acme.test',
      name: 'Dana',
      role: 'champion',
      ttlMs: null,
    })

    const dana = browser(httpUrl)
    expect((await dana('GET', '/api/session')).status).toBe(401)
    const redeemed = await dana('POST', '/api/links/redeem', { secret: secretOf(invite.url) })
    expect(redeemed.status).toBe(200)
    expect(redeemed.json).toMatchObject({ kind: 'invite', roomId: room.id, name: 'Dana' })
    expect(redeemed.setCookie).toMatch(/HttpOnly/)
    expect(redeemed.setCookie).toMatch(/SameSite=Lax/)

    expect((await dana('GET', '/api/session')).json).toMatchObject({
      person: { name: 'Dana', kind: 'buyer' },
      roomId: room.id,
    })
    const rooms = await dana('GET', '/api/rooms')
    expect((rooms.json.rooms as Array<{ id: string }>).map((r) => r.id)).toEqual([room.id])
    const details = await dana('GET', `/api/rooms/${room.id}`)
    expect(details.json).toMatchObject({ me: { role: 'champion' } })
    const members = details.json.members as Array<{
      name: string
      email?: string
      joinedAt: number | null
    }>
    expect(members.find((m) => m.name === 'Sam')?.email).toBeUndefined()

    const token = await dana('POST', `/api/rooms/${room.id}/token`)
    expect(token.status).toBe(200)
    const verified = verifyToken(await tokenSecret(storage), String(token.json.token))
    expect(verified.ok && verified.claims).toMatchObject({ roomId: room.id, role: 'champion' })
    expect(token.json.documents).toEqual({ shared: `room.${room.id}`, internal: null })
    expect(
      (await storage.getMember(room.id, verified.ok ? verified.claims.personId : ''))?.joinedAt,
    ).toBeTypeOf('number')

    // Her session opens nothing else.
    expect((await dana('POST', `/api/rooms/${other.id}/token`)).status).toBe(403)
    // The same link again: fine in her browser, refused in anyone else's.
    expect((await dana('POST', '/api/links/redeem', { secret: secretOf(invite.url) })).status).toBe(
      200,
    )
    const stranger = await browser(httpUrl)('POST', '/api/links/redeem', {
      secret: secretOf(invite.url),
    })
    expect(stranger.status).toBe(410)
    expect(stranger.json).toMatchObject({
      error: { code: 'gone', message: expect.stringContaining('already been used') },
    })

    expect((await dana('POST', '/api/signout')).status).toBe(200)
    expect((await dana('GET', '/api/session')).status).toBe(401)
  })

  it('explains bad, expired and withdrawn links; refuses state changes without the CSRF header', async () => {
    const { storage, httpUrl } = await startTestServer()
    await addSeller(storage, httpUrl, { email: 's@vendor.test', name: 'Sam' })
    const room = await createRoom(storage, { ownerEmail: 's@vendor.test', title: 'Acme' })
    const { invite } = await inviteBuyer(storage, httpUrl, {
      roomId: room.id,
      email: 'late@acme.test',
      name: 'Late',
      role: 'viewer',
      ttlMs: -1000,
    })
    const anyone = browser(httpUrl)

    const bad = await anyone('POST', '/api/links/redeem', { secret: 'not-a-real-link' })
    expect(bad.status).toBe(404)
    expect(bad.json).toMatchObject({
      error: { message: expect.stringContaining('This link is not valid') },
    })
    const expired = await anyone('POST', '/api/links/redeem', { secret: secretOf(invite.url) })
    expect(expired.status).toBe(410)
    expect(expired.json).toMatchObject({ error: { message: expect.stringContaining('expired') } })

    const noHeader = await fetch(`${httpUrl}/api/links/redeem`, { method: 'POST', body: '{}' })
    expect(noHeader.status).toBe(403)
    expect(
      (await anyone('POST', '/api/links/redeem', undefined, { 'content-type': 'text/plain' }))
        .status,
    ).toBe(400)
    const garbage = await fetch(`${httpUrl}/api/links/redeem`, {
      method: 'POST',
      headers: { 'x-quorum-csrf': '1' },
      body: '{oops',
    })
    expect(garbage.status).toBe(400)
    const huge = await fetch(`${httpUrl}/api/links/redeem`, {
      method: 'POST',
      headers: { 'x-quorum-csrf': '1' },
      body: JSON.stringify({ secret: 'x'.repeat(100_000) }),
    })
    expect(huge.status).toBe(413)
    expect((await anyone('GET', '/api/nothing-here')).status).toBe(404)
  })

  it('the first-run setup link makes the first seller, who signs in and creates rooms', async () => {
    const { storage, httpUrl } = await startTestServer()
    const setup = await setupLink(storage, httpUrl)
    if (!setup) throw new Error('no setup link')
    const alex = browser(httpUrl)
    const created = await alex('POST', '/api/setup', {
      secret: secretOf(setup.url),
      email: 'Alex@Vendor.test',
      name: 'Alex',
    })
    expect(created.status).toBe(201)
    expect((await alex('GET', '/api/session')).json).toMatchObject({
      person: { email: 'alex@vendor.test', kind: 'seller' },
      roomId: null,
    })
    const room = await alex('POST', '/api/rooms', { title: 'New deal', template: 'pilot' })
    expect(room.status).toBe(201)
    expect((await alex('GET', '/api/rooms')).json.rooms).toEqual([
      expect.objectContaining({ id: room.json.id, title: 'New deal', role: 'owner' }),
    ])
    expect(
      (
        await browser(httpUrl)('POST', '/api/setup', {
          secret: secretOf(setup.url),
          email: 'b@x.test',
          name: 'B',
        })
      ).status,
    ).toBe(410)
  })
})

describe('HTTP API: the seller side of access', () => {
  it('sign-in links work once and expire; pending invite links can be listed and withdrawn; teammates join rooms', async () => {
    const { storage, httpUrl } = await startTestServer()
    const sam = await addSeller(storage, httpUrl, { email: 's@vendor.test', name: 'Sam' })
    const kai = await addSeller(storage, httpUrl, { email: 'k@vendor.test', name: 'Kai' })
    const room = await createRoom(storage, { ownerEmail: 's@vendor.test', title: 'Acme' })

    const owner = browser(httpUrl)
    expect(
      (await owner('POST', '/api/links/redeem', { secret: secretOf(sam.signIn.url) })).status,
    ).toBe(200)
    expect(
      (await browser(httpUrl)('POST', '/api/links/redeem', { secret: secretOf(sam.signIn.url) }))
        .status,
    ).toBe(410)
    storage.db
      .prepare("UPDATE links SET expires_at = ? WHERE kind = 'signin' AND person_id = ?")
      .run(Date.now() - 1, kai.person.id)
    const late = await browser(httpUrl)('POST', '/api/links/redeem', {
      secret: secretOf(kai.signIn.url),
    })
    expect(late).toMatchObject({
      status: 410,
      json: { error: { message: expect.stringContaining('expired') } },
    })

    const invited = await owner('POST', `/api/rooms/${room.id}/invites`, {
      email: 'd@acme.test',
      name: 'Dana',
      role: 'champion',
    })
    expect(invited.status).toBe(201)
    expect(
      (await storage.listOutbox(5)).some(
        (m) => m.to === 'd@acme.test' && m.body.includes(String(invited.json.url)),
      ),
    ).toBe(true)
    const pending = await owner('GET', `/api/rooms/${room.id}/links`)
    expect(pending.json.links).toEqual([
      expect.objectContaining({ id: invited.json.id, email: 'd@acme.test' }),
    ])
    expect(
      (await owner('POST', `/api/rooms/${room.id}/links/${invited.json.id}/revoke`)).status,
    ).toBe(200)
    expect((await owner('GET', `/api/rooms/${room.id}/links`)).json.links).toEqual([])
    expect(
      (
        await browser(httpUrl)('POST', '/api/links/redeem', {
          secret: secretOf(String(invited.json.url)),
        })
      ).status,
    ).toBe(410)

    const teammate = await owner('POST', `/api/rooms/${room.id}/invites`, {
      email: 'k@vendor.test',
      name: 'Kai',
      role: 'seller',
    })
    expect(teammate.status).toBe(201)
    expect((await storage.getMember(room.id, kai.person.id))?.role).toBe('seller')
    const notASeller = await owner('POST', `/api/rooms/${room.id}/invites`, {
      email: 'x@acme.test',
      name: 'X',
      role: 'seller',
    })
    expect(notASeller.status).toBe(404)
  })
})

describe('the development outbox page', () => {
  it('is off unless DEV_OUTBOX=1, since it shows working links and join codes', async () => {
    const { httpUrl } = await startTestServer()
    const response = await fetch(`${httpUrl}/dev/outbox`)
    // Without the flag the path is just a web-app route: no mail is listed.
    expect(await response.text()).not.toContain('<h1>Outbox</h1>')
  })
})
