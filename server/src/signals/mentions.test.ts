import { describe, expect, it } from 'vitest'
import { documentName } from '../../../shared/src/protocol.ts'
import { addThread } from '../../../shared/src/room/index.ts'
import { createMailer } from '../access/mail.ts'
import { addSeller } from '../access/people.ts'
import { tokenSecret } from '../access/tokens.ts'
import { SignalBus } from '../collaboration/bus.ts'
import type { EngagementEvent, Person, Storage } from '../storage/storage.ts'
import {
  connect,
  eventually,
  seedCast,
  startTestServer,
  type TestServer,
  tokenFor,
} from '../testing/harness.ts'
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

async function personOf(storage: Storage, email: string): Promise<Person> {
  const person = await storage.findPersonByEmail(email)
  if (!person) throw new Error(`no ${email}`)
  return person
}

/** Someone with the room open in a browser: connected, with presence the server can see. */
async function inRoom(test: TestServer, roomId: string, email: string) {
  const client = connect(test.wsUrl, roomId, await tokenFor(test.storage, roomId, email))
  await client.synced
  client.provider.awareness?.setLocalStateField('section', 'overview')
  const person = await test.storage.findPersonByEmail(email)
  await eventually(() =>
    expect(
      [
        ...(test.server.collaboration.hocuspocus.documents
          .get(documentName(roomId))
          ?.awareness.getStates()
          .values() ?? []),
      ].some((state) => (state.user as { id?: string } | undefined)?.id === person?.id),
    ).toBe(true),
  )
  return client
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

  it('a mention written while the person is away reaches their inbox; one they saw live goes to their digest', async () => {
    const test = await startTestServer()
    const { storage, httpUrl } = test
    const cast = await seedCast(storage)
    const cfo = await personOf(storage, cast.stakeholder)
    const champion = await personOf(storage, cast.champion)
    const seller = await personOf(storage, cast.seller)
    // The server's mail waits 30 s for more mentions; this one, on the same events, 50 ms.
    const mailer = createMailer(storage, { smtpUrl: undefined, from: 'q@test' })
    const mail = mailMentions(storage, mailer, test.server.bus, { publicUrl: httpUrl, groupMs: 50 })
    await inRoom(test, cast.roomId, cast.seller)
    const writer = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(storage, cast.roomId, cast.stakeholder),
    )
    await writer.synced

    // The CFO mentions the champion (away) and the seller (in the room).
    addThread(
      writer.doc,
      { kind: 'section', id: 'cost' },
      { authorId: cfo.id, body: 'Dana, Sam: who signs off?', mentions: [champion.id, seller.id] },
    )
    const mailTo = async (email: string) =>
      (await storage.listOutbox(50)).filter((m) => m.to === email)
    await eventually(async () => expect(await mailTo(cast.champion)).toHaveLength(1))
    const [sent] = await mailTo(cast.champion)
    expect(sent?.subject).toBe(`${cfo.name} mentioned you in Acme rollout`)
    expect(sent?.body).toContain('in a comment: “Dana, Sam: who signs off?”')
    expect(sent?.body).toContain(`${httpUrl}/r/${cast.roomId}`)
    await mail.stop()
    // The seller saw it live: no e-mail now…
    expect(await mailTo(cast.seller)).toEqual([])

    // …but it is in their daily digest; the champion's digest does not repeat what was mailed.
    const secret = await tokenSecret(storage)
    expect(await sendDigests(storage, mailer, { publicUrl: httpUrl, secret })).toBeGreaterThan(0)
    const [digest] = await mailTo(cast.seller)
    expect(digest?.subject).toBe('Your deal rooms today')
    expect(digest?.body).toContain(
      `${cfo.name} mentioned you in a comment: “Dana, Sam: who signs off?”`,
    )
    expect(await mailTo(cast.champion)).toHaveLength(1)
  })

  it('a buyer mentioned in a seller-team thread is never told; a teammate is, and presence is the room’s', async () => {
    const test = await startTestServer()
    const { storage, httpUrl } = test
    const cast = await seedCast(storage)
    const { person: teammate } = await addSeller(storage, httpUrl, {
      email: 'se@vendor.test',
      name: 'Sol Engineer',
    })
    await storage.putMember(cast.roomId, teammate.id, 'seller')
    const champion = await personOf(storage, cast.champion)
    const seller = await personOf(storage, cast.seller)
    const mailer = createMailer(storage, { smtpUrl: undefined, from: 'q@test' })
    const mail = mailMentions(storage, mailer, test.server.bus, { publicUrl: httpUrl, groupMs: 50 })
    // The teammate has the room open (presence is in the shared document, not the internal one).
    await inRoom(test, cast.roomId, 'se@vendor.test')
    const writer = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(storage, cast.roomId, cast.seller),
      'internal',
    )
    await writer.synced
    addThread(
      writer.doc,
      { kind: 'section', id: 'cost' },
      {
        authorId: seller.id,
        body: 'Floor is 90k. Dana must not see this.',
        mentions: [champion.id, teammate.id, seller.id],
      },
    )
    const mentions = async () =>
      (await storage.listEvents({ roomId: cast.roomId, kinds: ['person.mentioned'] })).map(
        (event) => [event.detail.mentioned, event.detail.present, event.detail.internal],
      )
    // Nobody is told about mentioning themselves.
    await eventually(async () =>
      expect((await mentions()).sort()).toEqual(
        [
          [champion.id, false, true],
          [teammate.id, true, true],
        ].sort(),
      ),
    )
    await mail.stop()
    const secret = await tokenSecret(storage)
    await sendDigests(storage, mailer, { publicUrl: httpUrl, secret })
    const outbox = await storage.listOutbox(50)
    expect(outbox.filter((m) => m.to === cast.champion)).toEqual([])
    expect(outbox.find((m) => m.to === 'se@vendor.test')?.body).toContain(
      'mentioned you in a seller-team comment: “Floor is 90k. Dana must not see this.”',
    )
  })
})
