import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { MAX_LOGO_BYTES } from '../../../shared/src/api/brand.ts'
import { inviteBuyer } from '../access/invites.ts'
import { addSeller } from '../access/people.ts'
import { createRoom } from '../collaboration/rooms.ts'
import { eventually, secretOf, startTestServer, type TestServer } from '../testing/harness.ts'

/** The message of a problem answer. */
const message = (json: Record<string, unknown>) =>
  String((json.error as { message?: unknown } | undefined)?.message)

/** A browser-like client that keeps its cookie and sends bytes as they are. */
function browser(base: string) {
  let cookie = ''
  const send = async (method: string, path: string, body?: unknown, type?: string) => {
    const bytes = body instanceof Uint8Array
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': type ?? 'application/json' }),
        ...(method === 'GET' ? {} : { 'x-quorum-csrf': '1' }),
        ...(cookie ? { cookie } : {}),
      },
      body: body === undefined ? undefined : bytes ? Buffer.from(body) : JSON.stringify(body),
    })
    const set = response.headers.get('set-cookie')
    if (set) cookie = set.split(';')[0] ?? ''
    return response
  }
  return {
    send,
    json: async (method: string, path: string, body?: unknown, type?: string) => {
      const response = await send(method, path, body, type)
      return { status: response.status, json: (await response.json()) as Record<string, unknown> }
    },
    signIn: async (url: string) =>
      expect((await send('POST', '/api/links/redeem', { secret: secretOf(url) })).status).toBe(200),
  }
}

const image = (width: number, height: number, format: 'png' | 'jpeg' = 'png') =>
  sharp({ create: { width, height, channels: 3, background: '#0b6e4f' } })
    [format]()
    .toBuffer()

async function deal(test: TestServer) {
  const { storage, httpUrl } = test
  const owner = await addSeller(storage, httpUrl, { email: 'owner@vendor.test', name: 'Olive' })
  const { id: roomId } = await createRoom(storage, {
    ownerEmail: owner.person.email,
    title: 'Acme',
  })
  const seller = browser(httpUrl)
  await seller.signIn(owner.signIn.url)
  const { invite } = await inviteBuyer(storage, httpUrl, {
    roomId,
    email: 'cham@acme.test',
    name: 'Cham',
    role: 'champion',
    ttlMs: null,
  })
  const champion = browser(httpUrl)
  await champion.signIn(invite.url)
  return { roomId, seller, champion, anonymous: browser(httpUrl) }
}

describe('branding', { timeout: 120_000 }, () => {
  it('the workspace accent keeps WCAG AA contrast: a light one is refused with its ratio', async () => {
    const test = await startTestServer()
    const { seller, champion } = await deal(test)
    const refused = await seller.json('POST', '/api/brand', { accent: '#f5a623' })
    expect(refused.status).toBe(400)
    expect(message(refused.json)).toMatch(/contrast of 2\.0:1; WCAG AA needs 4\.5:1\. Try #/)
    const saved = await seller.json('POST', '/api/brand', {
      accent: '#0B6E4F',
      mailName: '  Vendor   Sales ',
    })
    expect(saved.json).toEqual({ accent: '#0b6e4f', mailName: 'Vendor Sales', logoUrl: null })
    // Buyers see the brand; only sellers change it.
    expect((await champion.json('GET', '/api/brand')).json).toMatchObject({ accent: '#0b6e4f' })
    expect((await champion.json('POST', '/api/brand', { accent: '#000000' })).status).toBe(403)
    expect((await seller.json('POST', '/api/brand', { mailName: 'Evil <x@y>' })).status).toBe(400)
  })

  it('a logo upload is checked, scaled to 512 px, stored as a PNG and served as one', async () => {
    const test = await startTestServer()
    const { seller, anonymous } = await deal(test)
    const answer = await seller.json('POST', '/api/brand/logo', await image(1200, 300), 'image/png')
    expect(answer.status).toBe(200)
    const logoUrl = String(answer.json.logoUrl)
    expect(logoUrl).toMatch(/^\/api\/brand\/logo\?v=\d+$/)
    const served = await anonymous.send('GET', logoUrl)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 128])

    // A JPEG is taken (and served as a PNG); an SVG, a fake and an oversized file are refused.
    expect((await seller.send('POST', '/api/brand/logo', await image(64, 64, 'jpeg'))).status).toBe(
      200,
    )
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    )
    const refusedSvg = await seller.json('POST', '/api/brand/logo', svg, 'image/svg+xml')
    expect(refusedSvg.status).toBe(415)
    expect(message(refusedSvg.json)).toMatch(/PNG, JPEG or WebP/)
    const fake = await seller.json('POST', '/api/brand/logo', new TextEncoder().encode('not a png'))
    expect(fake.status).toBe(422)
    const huge = await seller.send(
      'POST',
      '/api/brand/logo',
      new Uint8Array(MAX_LOGO_BYTES + 1),
      'image/png',
    )
    expect(huge.status).toBe(413)
    // Removing the logo: it is no longer served.
    await seller.json('POST', '/api/brand', { removeLogo: true })
    expect((await anonymous.send('GET', '/api/brand/logo')).status).toBe(404)
  })

  it('mail is signed with the workspace’s name', async () => {
    const test = await startTestServer()
    const { roomId, seller } = await deal(test)
    await seller.json('POST', '/api/brand', { mailName: 'Vendor Sales' })
    const invited = await seller.json('POST', `/api/rooms/${roomId}/invites`, {
      email: 'cfo@acme.test',
      name: 'Cy',
      role: 'viewer',
    })
    expect(invited.status).toBe(201)
    const mail = await eventually(async () => {
      const found = (await test.storage.listOutbox(20)).find((m) => m.to === 'cfo@acme.test')
      if (!found) throw new Error('no invite mailed yet')
      return found
    })
    expect(mail.body.endsWith('\n\n— Vendor Sales')).toBe(true)
    expect(mail.body).not.toContain('— Quorum')
  })

  it('a room’s buyer logo and welcome note: set by the seller team, seen once by each buyer', async () => {
    const test = await startTestServer()
    const { roomId, seller, champion } = await deal(test)
    const path = `/api/rooms/${roomId}/brand`
    expect((await champion.json('POST', path, { welcomeNote: 'Hijacked' })).status).toBe(403)
    expect(
      message((await seller.json('POST', path, { welcomeNote: 'x'.repeat(2_001) })).json),
    ).toMatch(/at most 2000 characters/)
    await seller.json('POST', path, { welcomeNote: ' Welcome, Acme team — start with the plan. ' })
    const logo = await seller.json('POST', `${path}/logo`, await image(300, 300), 'image/png')
    expect(logo.status).toBe(200)
    expect((await champion.send('POST', `${path}/logo`, await image(10, 10))).status).toBe(403)

    const first = await champion.json('GET', path)
    expect(first.json).toMatchObject({
      welcomeNote: 'Welcome, Acme team — start with the plan.',
      welcomeSeen: false,
    })
    const served = await champion.send('GET', String(first.json.buyerLogoUrl))
    expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/png'])
    expect((await champion.json('POST', `/api/rooms/${roomId}/welcome/seen`)).status).toBe(200)
    expect((await champion.json('GET', path)).json.welcomeSeen).toBe(true)
    // Seen by this buyer only.
    expect((await seller.json('GET', path)).json.welcomeSeen).toBe(false)
  })
})
