import { describe, expect, it } from 'vitest'
import { createRoom } from '../collaboration/rooms.ts'
import {
  httpSession as client,
  eventually,
  startTestServer,
  type TestServer,
} from '../testing/harness.ts'
import { addSeller } from './people.ts'

async function domainRoom(context: TestServer) {
  const { storage, httpUrl } = context
  const seller = await addSeller(storage, httpUrl, { email: 'sam@vendor.test', name: 'Sam' })
  const room = await createRoom(storage, { ownerEmail: 'sam@vendor.test', title: 'Acme rollout' })
  const owner = client(httpUrl)
  await owner('POST', '/api/links/redeem', {
    secret: new URL(seller.signIn.url).pathname.split('/').pop(),
  })
  expect(
    (
      await owner('POST', `/api/rooms/${room.id}/access`, {
        mode: 'domain',
        domains: ['@Buyer.test'],
      })
    ).status,
  ).toBe(200)
  return room.id
}

/** The mails to `email`, newest first, once there are at least `count` (mail leaves after the answer). */
async function mailsTo(context: TestServer, email: string, count = 1) {
  return eventually(async () => {
    const mails = (await context.storage.listOutbox(50)).filter((m) => m.to === email)
    expect(mails.length).toBeGreaterThanOrEqual(count)
    return mails
  })
}

/** The code in the `nth` mail to `email` (from the outbox). */
async function codeFor(context: TestServer, email: string, nth = 1): Promise<string> {
  const [mail] = await mailsTo(context, email, nth)
  const code = /\b(\d{6})\b/.exec(mail?.body ?? '')?.[1]
  if (!code) throw new Error(`no code mailed to ${email}`)
  return code
}

describe('joining a room by verified e-mail (one-time codes)', () => {
  it('an allowed address gets a code, joins as a stakeholder once, and the owner is told', async () => {
    const context = await startTestServer()
    const roomId = await domainRoom(context)
    const buyer = client(context.httpUrl)
    expect((await buyer('GET', `/api/rooms/${roomId}/join`)).json).toEqual({ mode: 'domain' })
    expect(
      (await buyer('POST', `/api/rooms/${roomId}/join/code`, { email: 'Pat@Buyer.test' })).status,
    ).toBe(200)
    const code = await codeFor(context, 'pat@buyer.test')
    const joined = await buyer('POST', `/api/rooms/${roomId}/join/verify`, {
      email: 'pat@buyer.test',
      code,
    })
    expect(joined).toMatchObject({ status: 200, json: { roomId } })
    expect(joined.setCookie).toMatch(/HttpOnly/)
    const details = await buyer('GET', `/api/rooms/${roomId}`)
    expect(details.json).toMatchObject({ me: { role: 'stakeholder', email: 'pat@buyer.test' } })
    const [told] = await mailsTo(context, 'sam@vendor.test')
    expect(told?.subject).toBe('pat@buyer.test joined Acme rollout')

    // Single use: the same code again is refused.
    const again = await client(context.httpUrl)('POST', `/api/rooms/${roomId}/join/verify`, {
      email: 'pat@buyer.test',
      code,
    })
    expect(again.status).toBe(400)
    expect(again.json).toMatchObject({
      error: { message: 'No code is waiting for this address. Ask for a new one.' },
    })
  })

  it('refuses addresses outside the allowed domains, and rooms open to invited people only', async () => {
    const context = await startTestServer()
    const roomId = await domainRoom(context)
    const stranger = client(context.httpUrl)
    const refused = await stranger('POST', `/api/rooms/${roomId}/join/code`, {
      email: 'eve@gmail.test',
    })
    expect(refused.status).toBe(403)
    expect(refused.json).toMatchObject({
      error: { message: expect.stringContaining('not open to addresses at gmail.test') },
    })
    expect((await context.storage.listOutbox(10)).some((m) => m.to === 'eve@gmail.test')).toBe(
      false,
    )

    const invitedOnly = await createRoom(context.storage, {
      ownerEmail: 'sam@vendor.test',
      title: 'Closed circle',
    })
    expect(
      (
        await stranger('POST', `/api/rooms/${invitedOnly.id}/join/code`, {
          email: 'pat@buyer.test',
        })
      ).status,
    ).toBe(403)
  })

  it('locks a code after five wrong tries; a new code works', async () => {
    const context = await startTestServer()
    const roomId = await domainRoom(context)
    const buyer = client(context.httpUrl)
    await buyer('POST', `/api/rooms/${roomId}/join/code`, { email: 'kim@buyer.test' })
    const code = await codeFor(context, 'kim@buyer.test')
    const wrong = code === '000000' ? '111111' : '000000'
    const answers: string[] = []
    for (let i = 0; i < 5; i++) {
      const result = await buyer('POST', `/api/rooms/${roomId}/join/verify`, {
        email: 'kim@buyer.test',
        code: wrong,
      })
      answers.push(String((result.json.error as { message: string }).message))
    }
    expect(answers[0]).toBe('That code is not right. 4 tries left.')
    expect(answers[4]).toBe('Too many wrong codes. Ask for a new code.')
    const locked = await buyer('POST', `/api/rooms/${roomId}/join/verify`, {
      email: 'kim@buyer.test',
      code,
    })
    expect(locked.status).toBe(429)

    await buyer('POST', `/api/rooms/${roomId}/join/code`, { email: 'kim@buyer.test' })
    const fresh = await codeFor(context, 'kim@buyer.test', 2)
    expect(
      (
        await buyer('POST', `/api/rooms/${roomId}/join/verify`, {
          email: 'kim@buyer.test',
          code: fresh,
        })
      ).status,
    ).toBe(200)
  })

  it('refuses an expired code', async () => {
    const context = await startTestServer()
    const roomId = await domainRoom(context)
    const buyer = client(context.httpUrl)
    await buyer('POST', `/api/rooms/${roomId}/join/code`, { email: 'lou@buyer.test' })
    const code = await codeFor(context, 'lou@buyer.test')
    context.storage.db
      .prepare('UPDATE email_codes SET expires_at = ? WHERE email = ?')
      .run(Date.now() - 1, 'lou@buyer.test')
    const expired = await buyer('POST', `/api/rooms/${roomId}/join/verify`, {
      email: 'lou@buyer.test',
      code,
    })
    expect(expired).toMatchObject({
      status: 410,
      json: { error: { message: 'This code has expired. Ask for a new one.' } },
    })
  })

  it('limits how many codes one address can ask for, and sign-in requests never reveal accounts', async () => {
    const context = await startTestServer()
    const roomId = await domainRoom(context)
    const buyer = client(context.httpUrl)
    const statuses: number[] = []
    for (let i = 0; i < 7; i++)
      statuses.push(
        (await buyer('POST', `/api/rooms/${roomId}/join/code`, { email: 'max@buyer.test' })).status,
      )
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429])

    const known = await buyer('POST', '/api/signin', { email: 'sam@vendor.test' })
    const unknown = await buyer('POST', '/api/signin', { email: 'nobody@vendor.test' })
    expect([known.status, known.json]).toEqual([unknown.status, unknown.json])
    const [link] = await mailsTo(context, 'sam@vendor.test')
    expect(link?.subject).toBe('Your Quorum sign-in link')
    await eventually(async () =>
      expect(
        (await context.storage.listAudit({ limit: 100 })).filter(
          (row) => row.action === 'signin.requested',
        ),
      ).toHaveLength(2),
    )
    expect((await context.storage.listOutbox(50)).some((m) => m.to === 'nobody@vendor.test')).toBe(
      false,
    )
  })

  it('answers the same for a seller account or a removed address, and tells only the mailbox', async () => {
    const context = await startTestServer()
    const roomId = await domainRoom(context)
    const buyer = client(context.httpUrl)
    // A seller account at the buyer's domain: the answer does not say so; its owner reads why.
    await addSeller(context.storage, context.httpUrl, { email: 'rep@buyer.test', name: 'Rep' })
    const seller = await buyer('POST', `/api/rooms/${roomId}/join/code`, {
      email: 'rep@buyer.test',
    })
    const stranger = await buyer('POST', `/api/rooms/${roomId}/join/code`, {
      email: 'new@buyer.test',
    })
    expect([seller.status, seller.json]).toEqual([stranger.status, stranger.json])
    await mailsTo(context, 'new@buyer.test')
    const mails = await mailsTo(context, 'rep@buyer.test')
    expect(mails[0]?.subject).toBe('About your request to join Acme rollout')
    expect(mails[0]?.body).toContain('seller account, so no code was sent')
  })
})

describe('revoked people stay out', () => {
  it('cannot come back with a new code until someone invites them again', async () => {
    const context = await startTestServer()
    const roomId = await domainRoom(context)
    const buyer = client(context.httpUrl)
    await buyer('POST', `/api/rooms/${roomId}/join/code`, { email: 'rob@buyer.test' })
    await buyer('POST', `/api/rooms/${roomId}/join/verify`, {
      email: 'rob@buyer.test',
      code: await codeFor(context, 'rob@buyer.test'),
    })
    const person = await context.storage.findPersonByEmail('rob@buyer.test')
    const { revokeMember } = await import('./revocation.ts')
    await revokeMember(context.storage, roomId, person?.id ?? '', { id: 'cli', ip: null })
    expect((await buyer('GET', `/api/rooms/${roomId}`)).status).toBe(401)
    const again = client(context.httpUrl)
    const asked = await again('POST', `/api/rooms/${roomId}/join/code`, { email: 'rob@buyer.test' })
    expect(asked.status).toBe(200)
    const [told] = await mailsTo(context, 'rob@buyer.test', 2)
    expect(told?.body).toContain('Your access to this room was withdrawn, so no code was sent')
    const refused = await again('POST', `/api/rooms/${roomId}/join/verify`, {
      email: 'rob@buyer.test',
      code: '123456',
    })
    expect(refused.status).toBe(400)
    expect((await again('GET', `/api/rooms/${roomId}`)).status).toBe(401)
  })
})
