import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { Webhook } from 'standardwebhooks'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createMailer } from '../access/mail.ts'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts'
import { tempDir } from '../testing/harness.ts'
import { DeliveryWorker } from './delivery-worker.ts'
import { signedHeaders } from './signing.ts'
import { rotateSecret, subscribe } from './subscriptions.ts'

const HOUR = 3_600_000

/** A receiver answering each request with the next of `answers` (the last one repeats). */
async function scriptedReceiver(
  answers: Array<{ status: number; headers?: Record<string, string> }>,
) {
  const seen: Array<{ at: number; id: string }> = []
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      seen.push({ at: Date.now(), id: String(request.headers['webhook-id']) })
      const answer = answers[Math.min(seen.length - 1, answers.length - 1)] ?? { status: 200 }
      response.writeHead(answer.status, answer.headers).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen }
}

async function setup(url: string, clock: { now: number }) {
  const storage = new SqliteStorage(join(tempDir(), 'quorum.sqlite'))
  onTestFinished(() => storage.close())
  const owner = await storage.createPerson({
    email: 'owner@vendor.test',
    name: 'Owner',
    kind: 'seller',
  })
  const { id } = await subscribe(
    storage,
    { webhookAllowPrivate: true },
    { url, events: ['room.closed'], createdBy: owner.id },
  )
  const worker = new DeliveryWorker(storage, {
    publicUrl: 'https://rooms.example.com',
    allowPrivate: true,
    timeoutMs: 2_000,
    firstRetryMs: 5_000,
    pollMs: 60_000,
    mailer: createMailer(storage, { smtpUrl: undefined, from: 'Quorum <q@localhost>' }),
    crm: {
      hubspotApiUrl: 'https://api.hubapi.com',
      salesforceLoginUrl: 'https://login.salesforce.com',
    },
    now: () => clock.now,
  })
  worker.start()
  onTestFinished(() => worker.stop())
  const record = (eventId: string) =>
    storage.recordOutboxEvents([
      {
        id: eventId,
        type: 'room.closed',
        roomId: 'room1',
        data: { room: { id: 'room1' } },
        at: clock.now,
      },
    ])
  /** Runs the worker once at the clock's time, to the end. */
  const tick = async () => {
    worker.wake()
    await worker.idle()
  }
  return { storage, id, record, tick }
}

describe('delivery worker', () => {
  it('backs off about 5 s, 30 s, 2 min…; after 24 hours of failures disables the subscription and mails its creator', async () => {
    const receiver = await scriptedReceiver([{ status: 500 }])
    const clock = { now: 1_000_000 }
    const { storage, id, record, tick } = await setup(receiver.url, clock)
    await record('evt_1')
    await tick()
    const first = (await storage.listDeliveries(id, { limit: 1 }))[0]
    expect(first).toMatchObject({ status: 'pending', attempts: 1, responseCode: 500 })
    expect(first?.nextAttemptAt).toBe(clock.now + 5_000)
    // Not due yet: nothing is sent.
    clock.now += 4_000
    await tick()
    expect(receiver.seen).toHaveLength(1)
    clock.now += 1_000
    await tick()
    expect((await storage.listDeliveries(id, { limit: 1 }))[0]?.nextAttemptAt).toBe(
      clock.now + 30_000,
    )
    clock.now += 30_000
    await tick()
    expect((await storage.listDeliveries(id, { limit: 1 }))[0]?.nextAttemptAt).toBe(
      clock.now + 120_000,
    )
    expect((await storage.getSubscription(id))?.failingSince).toBe(1_000_000)

    // A day of failures later: disabled, its creator told, its events kept.
    clock.now = 1_000_000 + 25 * HOUR
    await tick()
    const disabled = await storage.getSubscription(id)
    expect(disabled?.disabledAt).toBe(clock.now)
    const [mail] = await storage.listOutbox(10)
    expect(mail).toMatchObject({ to: 'owner@vendor.test' })
    expect(mail?.subject).toMatch(/disabled/)
    expect(mail?.body).toContain(receiver.url)
    expect((await storage.listDeliveries(id, { limit: 1 }))[0]?.status).toBe('failed')
    // Disabled: new events wait, unsent.
    const sent = receiver.seen.length
    await record('evt_2')
    await tick()
    expect(receiver.seen).toHaveLength(sent)
  })

  it('waits as long as a 429 or 503 asks (Retry-After), and forgets failures once one succeeds', async () => {
    const receiver = await scriptedReceiver([
      { status: 429, headers: { 'retry-after': '120' } },
      { status: 204 },
    ])
    const clock = { now: 5_000_000 }
    const { storage, id, record, tick } = await setup(receiver.url, clock)
    await record('evt_1')
    await tick()
    expect((await storage.listDeliveries(id, { limit: 1 }))[0]).toMatchObject({
      responseCode: 429,
      nextAttemptAt: clock.now + 120_000,
    })
    clock.now += 120_000
    await tick()
    expect((await storage.listDeliveries(id, { limit: 1 }))[0]).toMatchObject({
      status: 'delivered',
      attempts: 2,
      responseCode: 204,
      deliveredAt: clock.now,
    })
    expect((await storage.getSubscription(id))?.failingSince).toBeNull()
  })

  it('a Slack incoming webhook gets a readable line with a link into the room', async () => {
    const bodies: string[] = []
    const slack = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      request.on('end', () => {
        bodies.push(body)
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
      })
    })
    await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve))
    onTestFinished(() => new Promise<void>((resolve) => slack.close(() => resolve())))
    const clock = { now: Date.now() }
    const { storage, tick } = await setup('https://203.0.113.9/unused', clock)
    await subscribe(
      storage,
      { webhookAllowPrivate: true },
      {
        url: `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T0/B0/x`,
        events: [],
        kind: 'slack',
        createdBy: 'cli',
      },
    )
    const data = (fields: Record<string, unknown>) => ({
      room: { id: 'room1', title: 'Acme <rollout>' },
      person: { id: 'p1', name: 'Cleo CFO', email: 'cfo@acme.test' },
      at: new Date(clock.now).toISOString(),
      ...fields,
    })
    await storage.recordOutboxEvents([
      {
        id: 'evt_alert',
        type: 'alert.raised',
        roomId: 'room1',
        at: clock.now,
        data: data({ alert: { kind: 'champion-quiet', message: 'The champion has gone quiet' } }),
      },
      {
        id: 'evt_signoff',
        type: 'milestone.signed_off',
        roomId: 'room1',
        at: clock.now,
        data: data({ milestone: { id: 'm1', title: 'Security review' } }),
      },
      // Not one of Slack's types (alerts and sign-offs unless chosen): not sent there.
      { id: 'evt_task', type: 'task.completed', roomId: 'room1', at: clock.now, data: data({}) },
    ])
    await tick()
    await tick()
    expect(bodies.map((body) => JSON.parse(body))).toEqual([
      {
        text: ':warning: *Acme &lt;rollout&gt;*: The champion has gone quiet — <https://rooms.example.com/r/room1|Open the room>',
      },
      {
        text: ':white_check_mark: *Acme &lt;rollout&gt;*: “Security review” is signed off — <https://rooms.example.com/r/room1|Open the room>',
      },
    ])
  })

  it('after a rotation both secrets sign for 24 hours, then only the new one', async () => {
    const receiver = await scriptedReceiver([{ status: 204 }])
    const clock = { now: Date.now() }
    const { storage, id } = await setup(receiver.url, clock)
    const before = await storage.getSubscription(id)
    const rotated = await rotateSecret(storage, id, clock.now)
    const after = await storage.getSubscription(id)
    if (!before || !after) throw new Error('no subscription')
    const body = '{"type":"room.closed"}'
    const headers = signedHeaders(after, 'evt_1', body, clock.now)
    const verify = (secret: string, signed: Record<string, string>) =>
      new Webhook(secret).verify(body, signed)
    expect(() => verify(before.secret, headers)).not.toThrow()
    expect(() => verify(rotated.secret, headers)).not.toThrow()
    const later = signedHeaders(after, 'evt_1', body, rotated.previousSecretUntil + 1)
    expect(later['webhook-signature']?.split(' ')).toHaveLength(1)
    expect(later['webhook-signature']).toMatch(/^v1,/)
  })
})
