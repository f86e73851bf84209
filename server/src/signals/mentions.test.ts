import { describe, expect, it } from 'vitest'
import { addThread } from '../../../shared/src/room/index.ts'
import { createMailer } from '../access/mail.ts'
import { tokenSecret } from '../access/tokens.ts'
import type { EngagementEvent } from '../storage/storage.ts'
import { connect, eventually, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'
import { SignalBus } from './bus.ts'
import { sendDigests } from './digest.ts'
import { mailMentions } from './mentions.ts'

function mention(
  roomId: string,
  by: string,
  mentioned: string,
  present: boolean,
  excerpt: string,
): EngagementEvent {
  return {
    roomId,
    personId: by,
    side: 'buyer',
    kind: 'person.mentioned',
    section: null,
    durationMs: null,
    detail: { mentioned, present, where: 'comment', excerpt },
    at: Date.now(),
  }
}

describe('mentions by e-mail', () => {
  it('someone away gets one e-mail for the mentions of the next moments; someone here gets none', async () => {
    const { storage, httpUrl } = await startTestServer()
    const cast = await seedCast(storage)
    const [cfo, champion, seller] = await Promise.all(
      [cast.stakeholder, cast.champion, cast.seller].map((email) =>
        storage.findPersonByEmail(email),
      ),
    )
    if (!cfo || !champion || !seller) throw new Error('no people')
    const bus = new SignalBus()
    const mailer = createMailer(storage, { smtpUrl: undefined, from: 'q@test' })
    const mail = mailMentions(storage, mailer, bus, { publicUrl: httpUrl, groupMs: 50 })
    const before = (await storage.listOutbox(50)).length

    bus.publish(
      mention(cast.roomId, cfo.id, champion.id, false, 'Can you check the services line?'),
    )
    bus.publish(mention(cast.roomId, seller.id, champion.id, false, 'And the renewal terms'))
    bus.publish(mention(cast.roomId, cfo.id, seller.id, true, 'Seller is here and sees it live'))

    await eventually(async () => expect((await storage.listOutbox(50)).length).toBe(before + 1))
    const [sent] = await storage.listOutbox(1)
    expect(sent?.to).toBe(cast.champion)
    expect(sent?.subject).toBe('You were mentioned 2 times in Acme rollout')
    expect(sent?.body).toContain('Can you check the services line?')
    expect(sent?.body).toContain('And the renewal terms')
    expect(sent?.body).toContain(`${httpUrl}/r/${cast.roomId}`)
    await mail.stop()
  })

  it('a mention written in a thread while the person is away reaches their inbox; one seen live goes to the digest', async () => {
    const { storage, wsUrl, httpUrl } = await startTestServer()
    const cast = await seedCast(storage)
    const cfo = await storage.findPersonByEmail(cast.stakeholder)
    const champion = await storage.findPersonByEmail(cast.champion)
    if (!cfo || !champion) throw new Error('no people')
    const writer = connect(
      wsUrl,
      cast.roomId,
      await tokenFor(storage, cast.roomId, cast.stakeholder),
    )
    await writer.synced
    addThread(
      writer.doc,
      { kind: 'section', id: 'cost' },
      { authorId: cfo.id, body: 'Dana, who signs off?', mentions: [champion.id] },
    )
    // The champion is not in the room: the event says so (the e-mail follows it after 30 s).
    await eventually(async () => {
      const events = await storage.listEvents({ roomId: cast.roomId })
      expect(events.find((event) => event.kind === 'person.mentioned')?.detail).toMatchObject({
        mentioned: champion.id,
        present: false,
      })
    })

    // A mention someone saw live is in their next digest, buyers included.
    await storage.appendEvents([mention(cast.roomId, cfo.id, champion.id, true, 'Seen it live')])
    const mailer = createMailer(storage, { smtpUrl: undefined, from: 'q@test' })
    const secret = await tokenSecret(storage)
    expect(await sendDigests(storage, mailer, { publicUrl: httpUrl, secret })).toBeGreaterThan(0)
    const digest = (await storage.listOutbox(10)).find((m) => m.to === cast.champion)
    expect(digest?.body).toContain('mentioned you: “Seen it live”')
    expect(digest?.body).not.toContain('Dana, who signs off?')
  })
})
