import { describe, expect, it } from 'vitest'
import type { ApiScope } from '../../../shared/src/api/apikeys.ts'
import { WEBHOOK_EVENT_TYPES } from '../../../shared/src/api/webhooks.ts'
import {
  addThread,
  consensusKeys,
  listMilestones,
  listStakeholders,
  listTasks,
  markConsensus,
  setTaskDone,
  updateMilestone,
} from '../../../shared/src/room/index.ts'
import { OPERATOR } from '../access/change-access.ts'
import { closeRoom } from '../access/revocation.ts'
import { summarizeRoom } from '../signals/summary.ts'
import {
  connect,
  eventually,
  httpSession,
  seedCast,
  startTestServer,
  tokenFor,
} from '../testing/harness.ts'
import { webhookReceiver } from '../testing/webhook-receiver.ts'
import { createApiKey } from './api-keys.ts'
import { subscribe } from './subscriptions.ts'
import { recordWeeklySummaries } from './weekly.ts'

const DAY = 86_400_000
const ALLOW = { WEBHOOK_ALLOW_PRIVATE: '1', PUBLIC_URL: 'https://rooms.example.com' }

async function personId(
  storage: { findPersonByEmail(email: string): Promise<{ id: string } | null> },
  email: string,
) {
  const person = await storage.findPersonByEmail(email)
  if (!person) throw new Error(`no ${email}`)
  return person.id
}

describe('webhooks', () => {
  it('delivers every event type, signed, to a receiver that verifies each signature', async () => {
    const test = await startTestServer(undefined, ALLOW)
    const receiver = await webhookReceiver()
    const { secret } = await subscribe(
      test.storage,
      { webhookAllowPrivate: true },
      { url: receiver.url, events: [...WEBHOOK_EVENT_TYPES], createdBy: OPERATOR },
    )
    receiver.trust(secret)

    // room.created, member.invited ×3
    const cast = await seedCast(test.storage)
    const champion = await personId(test.storage, cast.champion)
    const seller = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(test.storage, cast.roomId, cast.seller),
    )
    // member.joined, stakeholder.first_seen
    const buyer = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(test.storage, cast.roomId, cast.champion),
    )
    await Promise.all([seller.synced, buyer.synced])
    const sellerId = await personId(test.storage, cast.seller)

    // task.completed
    const task = listTasks(seller.doc)[0]
    if (!task) throw new Error('no task')
    setTaskDone(seller.doc, task.id, true, sellerId)
    // comment.created, consensus.marked
    addThread(buyer.doc, { kind: 'task', id: task.id }, { authorId: champion, body: 'Done?' })
    markConsensus(buyer.doc, consensusKeys.businessCase, champion, 'concern', 'Price is high')
    // milestone.signed_off: the champion signs off, once they are on the stakeholder map.
    const stakeholder = await eventually(() => {
      const found = listStakeholders(seller.doc).find((person) => person.memberId === champion)
      expect(found).toBeDefined()
      return found
    })
    const milestone = listMilestones(seller.doc)[0]
    if (!milestone || !stakeholder) throw new Error('no milestone')
    updateMilestone(seller.doc, milestone.id, { signoffBy: [stakeholder.id] })
    await eventually(() =>
      expect(listMilestones(buyer.doc)[0]?.signoffBy).toEqual([stakeholder.id]),
    )
    markConsensus(buyer.doc, consensusKeys.milestone(milestone.id), champion, 'agree')
    // document.viewed and document.downloaded, as the documents layer publishes them.
    for (const kind of ['document.viewed', 'document.downloaded'] as const)
      test.server.bus.publish({
        roomId: cast.roomId,
        personId: champion,
        side: 'buyer',
        kind,
        section: null,
        durationMs: null,
        detail: { documentId: 'doc1', version: 2, title: 'Pricing' },
        at: Date.now(),
      })
    // deal.health_changed and alert.raised: three weeks of silence later.
    await eventually(async () =>
      expect(await test.storage.getRoomDigest(cast.roomId)).not.toBeNull(),
    )
    await summarizeRoom(test.storage, cast.roomId, Date.now() + 21 * DAY)
    // room.weekly_summary: the first look of the next week records it, once.
    expect(await recordWeeklySummaries(test.storage, Date.now() + 7 * DAY)).toBe(1)
    expect(await recordWeeklySummaries(test.storage, Date.now() + 7 * DAY + 3_600_000)).toBe(0)
    // room.closed
    await closeRoom(test.storage, cast.roomId, { id: OPERATOR, ip: null })

    await eventually(() => {
      expect(new Set(receiver.received.map((r) => r.type))).toEqual(new Set(WEBHOOK_EVENT_TYPES))
    }, 15_000)
    expect(receiver.refused).toEqual([])
    for (const { payload, headers } of receiver.received) {
      expect(payload.data.room).toMatchObject({
        id: cast.roomId,
        title: 'Acme rollout',
        url: `https://rooms.example.com/r/${cast.roomId}`,
      })
      expect(Date.parse(payload.timestamp)).not.toBeNaN()
      expect(headers['content-type']).toBe('application/json')
    }
    const one = (type: string) => receiver.received.find((r) => r.type === type)?.payload.data
    expect(one('task.completed')).toMatchObject({
      person: { id: sellerId, email: cast.seller },
      task: { id: task.id, title: task.title },
    })
    expect(one('consensus.marked')).toMatchObject({
      person: { id: champion },
      item: 'businessCase',
      stance: 'concern',
      note: 'Price is high',
    })
    expect(one('milestone.signed_off')).toMatchObject({
      milestone: { id: milestone.id, title: milestone.title },
    })
    expect(one('member.invited')).toMatchObject({
      role: 'champion',
      person: { email: cast.champion },
    })
    expect(one('stakeholder.first_seen')).toMatchObject({
      person: { id: champion },
      role: 'champion',
    })
    expect(one('comment.created')).toMatchObject({ comment: { excerpt: 'Done?', reply: false } })
    expect(one('document.downloaded')).toMatchObject({ document: { id: 'doc1', version: 2 } })
    expect(one('alert.raised')).toMatchObject({ alert: { kind: expect.any(String) } })
    expect(one('deal.health_changed')).toMatchObject({ health: { score: expect.any(Number) } })
    // The log says the same, delivery by delivery.
    // (Written once the receiver's answer is back, just after the receiver has the event.)
    const [subscription] = await test.storage.listSubscriptions()
    await eventually(async () => {
      const log = await test.storage.listDeliveries(subscription?.id ?? '', { limit: 100 })
      expect(log.every((delivery) => delivery.status === 'delivered')).toBe(true)
      expect(log.every((delivery) => delivery.responseCode === 204)).toBe(true)
    })
  })

  it('a receiver that is down gets every event once it is back, in order per room', async () => {
    const test = await startTestServer(undefined, { ...ALLOW, WEBHOOK_FIRST_RETRY_MS: '40' })
    const receiver = await webhookReceiver()
    receiver.setFailing(true)
    const { id, secret } = await subscribe(
      test.storage,
      { webhookAllowPrivate: true },
      { url: receiver.url, events: ['task.completed', 'room.created'], createdBy: OPERATOR },
    )
    receiver.trust(secret)
    const rooms = [await seedCast(test.storage, '1'), await seedCast(test.storage, '2')]
    const completed = new Map<string, string[]>()
    for (const [index, cast] of rooms.entries()) {
      const seller = connect(
        test.wsUrl,
        cast.roomId,
        await tokenFor(test.storage, cast.roomId, cast.seller),
      )
      await seller.synced
      const sellerId = await personId(test.storage, cast.seller)
      const tasks = listTasks(seller.doc).slice(0, 4)
      for (const task of tasks) setTaskDone(seller.doc, task.id, true, sellerId)
      completed.set(
        cast.roomId,
        tasks.map((task) => task.id),
      )
      expect(tasks.length, `room ${index}`).toBe(4)
    }
    // Down: each room's first event is tried again and again, the rest wait behind it.
    await eventually(async () => {
      const log = await test.storage.listDeliveries(id, { limit: 100 })
      expect(log).toHaveLength(10)
      expect(log.filter((delivery) => delivery.attempts >= 2).length).toBeGreaterThan(0)
      expect(log.every((delivery) => delivery.status === 'pending')).toBe(true)
    })
    expect(receiver.received).toEqual([])
    receiver.setFailing(false)

    await eventually(
      () => expect(new Set(receiver.received.map((r) => r.id)).size).toBe(10),
      15_000,
    )
    for (const cast of rooms) {
      const ofRoom = receiver.received.filter(
        (r) => (r.payload.data.room as { id: string }).id === cast.roomId,
      )
      expect(ofRoom.map((r) => r.type)).toEqual([
        'room.created',
        ...Array(4).fill('task.completed'),
      ])
      expect(ofRoom.slice(1).map((r) => (r.payload.data.task as { id: string }).id)).toEqual(
        completed.get(cast.roomId),
      )
    }
    // The log is written once the receiver's answer is back, just after it has the event.
    await eventually(async () => {
      const log = await test.storage.listDeliveries(id, { limit: 100 })
      expect(log.every((delivery) => delivery.status === 'delivered')).toBe(true)
      expect(log.some((delivery) => delivery.attempts > 1)).toBe(true)
    })
  })

  it('refuses targets on loopback or private addresses unless WEBHOOK_ALLOW_PRIVATE=1', async () => {
    const test = await startTestServer(undefined, { PUBLIC_URL: 'https://rooms.example.com' })
    const cast = await seedCast(test.storage)
    const http = httpSession(test.httpUrl)
    const { sellerSignInLink } = await import('../access/people.ts')
    const { signIn } = await sellerSignInLink(test.storage, test.httpUrl, cast.seller)
    await http('POST', '/api/links/redeem', {
      secret: new URL(signIn.url).pathname.split('/').pop(),
    })
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://localhost/hook',
      'http://10.1.2.3/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/hook',
      'http://[::ffff:192.168.0.1]/hook',
    ]) {
      const answer = await http('POST', '/api/webhooks', { url, events: ['room.created'] })
      expect(answer.status, url).toBe(400)
      expect(JSON.stringify(answer.json.error), url).toMatch(/internal address/)
    }
    const made = await http('POST', '/api/webhooks', {
      url: 'https://203.0.113.7/hook',
      events: ['room.created'],
    })
    expect(made.status).toBe(201)
    expect(String(made.json.secret)).toMatch(/^whsec_/)
    const listed = await http('GET', '/api/webhooks')
    expect(listed.json.subscriptions).toEqual([
      expect.objectContaining({
        id: made.json.id,
        url: 'https://203.0.113.7/hook',
        events: ['room.created'],
      }),
    ])
    // With an API key: the same under /api/v1, for keys holding webhooks:write only.
    const seller = await test.storage.findPersonByEmail(cast.seller)
    const key = async (scopes: ApiScope[]) =>
      (
        await createApiKey(test.storage, {
          name: 'CI',
          scopes,
          createdBy: seller?.id ?? null,
          ip: null,
        })
      ).secret
    const withKey = async (secret: string) =>
      fetch(`${test.httpUrl}/api/v1/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'https://203.0.113.8/hook', events: ['task.completed'] }),
      })
    expect((await withKey(await key(['rooms:read']))).status).toBe(403)
    const byKey = await withKey(await key(['webhooks:write']))
    expect(byKey.status).toBe(201)
    const keyed = (await byKey.json()) as { id: string }
    expect((await test.storage.getSubscription(keyed.id))?.createdBy).toBe(seller?.id)

    // A target that later points inward is refused at delivery too.
    const stored = await test.storage.createSubscription({
      id: 'inward',
      kind: 'webhook',
      url: 'http://127.0.0.1:9/hook',
      events: ['room.closed'],
      secret: 'whsec_dGVzdA==',
      createdBy: 'cli',
    })
    await closeRoom(test.storage, cast.roomId, { id: OPERATOR, ip: null })
    await eventually(async () => {
      const [delivery] = await test.storage.listDeliveries(stored.id, { limit: 1 })
      expect(delivery?.attempts).toBeGreaterThan(0)
      expect(delivery?.error).toMatch(/internal address/)
    })
  })
})
