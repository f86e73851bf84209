import { describe, expect, it } from 'vitest'
import { createMailer } from '../access/mail.ts'
import { tokenSecret } from '../access/tokens.ts'
import { seedCast, startTestServer } from '../testing/harness.ts'
import { sendDigests, unsubscribeToken } from './digest.ts'

describe('the daily digest and the events export', () => {
  it('batches a day of alerts into one mail per seller, at most daily, and honours unsubscribe', async () => {
    const { storage, httpUrl } = await startTestServer()
    const cast = await seedCast(storage)
    const buyer = await storage.findPersonByEmail(cast.champion)
    const seller = await storage.findPersonByEmail(cast.seller)
    if (!buyer || !seller) throw new Error('no people')
    const now = Date.now()
    await storage.appendEvents([
      {
        roomId: cast.roomId,
        personId: buyer.id,
        side: 'buyer',
        kind: 'stakeholder.first-seen',
        section: null,
        durationMs: null,
        detail: {},
        at: now - 1000,
      },
      ...[1, 2, 3].map((i) => ({
        roomId: cast.roomId,
        personId: buyer.id,
        side: 'buyer' as const,
        kind: 'section.viewed' as const,
        section: 'business-case',
        durationMs: 5000,
        detail: {},
        at: now - i * 1000,
      })),
    ])
    // Recorded straight into storage: marked due as the summarizer does for each recorded event.
    await storage.markRoomsDue([cast.roomId], Date.now())
    const mailer = createMailer(storage, { smtpUrl: undefined, from: 'q@test' })
    const secret = await tokenSecret(storage)
    expect(await sendDigests(storage, mailer, { publicUrl: httpUrl, secret, now })).toBe(1)
    const [digest] = await storage.listOutbox(5)
    expect(digest?.to).toBe(cast.seller)
    expect(digest?.body).toContain('joined the room')
    expect(digest?.body).toContain('The business case was read 3 times')
    // Not twice in a day.
    expect(
      await sendDigests(storage, mailer, { publicUrl: httpUrl, secret, now: now + 3600_000 }),
    ).toBe(0)

    // The unsubscribe link in the mail works without signing in; a forged one does not.
    const link = /(http\S+\/api\/digest\/unsubscribe\?t=\S+)/.exec(digest?.body ?? '')?.[1] ?? ''
    expect(link).toContain(unsubscribeToken(secret, seller.id))
    const forged = link.slice(0, -1) + (link.endsWith('A') ? 'B' : 'A')
    expect((await fetch(forged)).status).toBe(400)
    expect((await fetch(link)).status).toBe(200)
    expect((await storage.digestState(seller.id)).optOut).toBe(true)
    expect(
      await sendDigests(storage, mailer, { publicUrl: httpUrl, secret, now: now + 2 * 86_400_000 }),
    ).toBe(0)
  })

  it('exports a room’s events as CSV for the seller team only', async () => {
    const { storage, httpUrl } = await startTestServer()
    const cast = await seedCast(storage)
    const buyer = await storage.findPersonByEmail(cast.champion)
    await storage.appendEvents([
      {
        roomId: cast.roomId,
        personId: buyer?.id ?? '',
        side: 'buyer',
        kind: 'section.viewed',
        section: 'plan',
        durationMs: 4200,
        detail: {},
        at: Date.parse('2026-03-01T10:00:00Z'),
      },
    ])
    const { addSeller } = await import('../access/people.ts')
    const { inviteBuyer } = await import('../access/invites.ts')
    const seller = await addSeller(storage, httpUrl, {
      email: 'second@vendor.test',
      name: 'Second',
    })
    await storage.putMember(cast.roomId, seller.person.id, 'seller')
    const login = async (secret: string) => {
      const response = await fetch(`${httpUrl}/api/links/redeem`, {
        method: 'POST',
        headers: { 'x-quorum-csrf': '1' },
        body: JSON.stringify({ secret }),
      })
      return response.headers.get('set-cookie')?.split(';')[0] ?? ''
    }
    const sellerCookie = await login(new URL(seller.signIn.url).pathname.split('/').pop() ?? '')
    const csv = await fetch(`${httpUrl}/api/rooms/${cast.roomId}/events.csv`, {
      headers: { cookie: sellerCookie },
    })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const lines = (await csv.text()).trim().split('\r\n')
    expect(lines[0]).toBe('at,person,email,side,event,section,duration_ms')
    expect(lines[1]).toBe(
      '"2026-03-01T10:00:00.000Z","champion","champion@acme.test","buyer","section.viewed","plan","4200"',
    )

    const { invite } = await inviteBuyer(storage, httpUrl, {
      roomId: cast.roomId,
      email: 'x@acme.test',
      name: 'X',
      role: 'champion',
      ttlMs: null,
    })
    const buyerCookie = await login(new URL(invite.url).pathname.split('/').pop() ?? '')
    expect(
      (
        await fetch(`${httpUrl}/api/rooms/${cast.roomId}/events.csv`, {
          headers: { cookie: buyerCookie },
        })
      ).status,
    ).toBe(403)
  })
})
