import { expect, it } from 'vitest'
import type { Storage } from '../storage.ts'
import type { NewOutboxEvent, NewSubscription } from '../webhooks.ts'
import { type ContractRun, fakeClock } from './harness.ts'

const subscription = (id: string, events: string[]): NewSubscription => ({
  id,
  kind: 'webhook',
  url: `https://hooks.example/${id}`,
  events,
  secret: `whsec_${id}`,
  createdBy: 'seller1',
})

let counter = 0
const event = (type: string, roomId: string, at: number): NewOutboxEvent => ({
  id: `msg_${type}_${roomId}_${at}_${++counter}`,
  type,
  roomId,
  data: { room: { id: roomId }, nested: [1, 'two'] },
  at,
})

/** Claims everything due, answering each with `status`; the ids of what was claimed, in order. */
async function drain(storage: Storage, now: number): Promise<string[]> {
  const claimed = await storage.claimDeliveries(now, 100, 30_000)
  for (const { delivery } of claimed)
    await storage.finishAttempt(delivery.id, {
      at: now,
      status: 'delivered',
      responseCode: 200,
      latencyMs: 3,
      error: null,
      nextAttemptAt: now,
    })
  return claimed.map(({ event }) => event.id)
}

export function webhooksContract(run: ContractRun): void {
  it('subscriptions: created, read, listed, changed, rotated, disabled, deleted', () =>
    run.with('webhooks', async (storage) => {
      fakeClock(1_000)
      const created = await storage.createSubscription(
        subscription('sub1', ['task.completed', 'room.created']),
      )
      expect(created).toEqual({
        id: 'sub1',
        kind: 'webhook',
        url: 'https://hooks.example/sub1',
        events: ['room.created', 'task.completed'],
        secret: 'whsec_sub1',
        previousSecret: null,
        previousSecretUntil: null,
        createdBy: 'seller1',
        createdAt: 1_000,
        disabledAt: null,
        failingSince: null,
      })
      expect(await storage.getSubscription('sub1')).toEqual(created)
      expect(await storage.getSubscription('nope')).toBeNull()
      await storage.createSubscription({ ...subscription('sub2', ['alert.raised']), kind: 'slack' })
      expect((await storage.listSubscriptions()).map((s) => [s.id, s.kind, s.events])).toEqual([
        ['sub1', 'webhook', ['room.created', 'task.completed']],
        ['sub2', 'slack', ['alert.raised']],
      ])

      const rotated = await storage.updateSubscription('sub1', {
        secret: 'whsec_new',
        previousSecret: 'whsec_sub1',
        previousSecretUntil: 5_000,
        events: ['comment.created'],
      })
      expect(rotated).toEqual({
        ...created,
        secret: 'whsec_new',
        previousSecret: 'whsec_sub1',
        previousSecretUntil: 5_000,
        events: ['comment.created'],
      })
      const disabled = await storage.updateSubscription('sub1', {
        disabledAt: 9_000,
        failingSince: 8_000,
      })
      expect(disabled?.disabledAt).toBe(9_000)
      expect(disabled?.failingSince).toBe(8_000)
      expect(disabled?.events).toEqual(['comment.created'])
      expect(await storage.updateSubscription('nope', { url: 'https://x.example' })).toBeNull()

      expect(await storage.deleteSubscription('sub1')).toBe(true)
      expect(await storage.deleteSubscription('sub1')).toBe(false)
      expect((await storage.listSubscriptions()).map((s) => s.id)).toEqual(['sub2'])
    }))

  it('events fan out to enabled subscriptions of their type, once per event id', () =>
    run.with('webhooks', async (storage) => {
      await storage.createSubscription(subscription('all', ['task.completed', 'room.created']))
      await storage.createSubscription(subscription('tasks', ['task.completed']))
      await storage.createSubscription(subscription('off', ['task.completed']))
      await storage.updateSubscription('off', { disabledAt: 1 })
      const completed = event('task.completed', 'room1', 100)
      const created = event('room.created', 'room1', 101)
      const ignored = event('comment.created', 'room1', 102)
      expect(await storage.recordOutboxEvents([completed, created, ignored])).toBe(3)
      // The same event again (recorded twice by a retry) makes nothing new.
      expect(await storage.recordOutboxEvents([completed])).toBe(0)
      expect(await storage.recordOutboxEvents([])).toBe(0)

      const claimed = await storage.claimDeliveries(200, 10, 30_000)
      expect(
        claimed.map(({ subscription, event }) => `${subscription.id} ${event.type}`).sort(),
      ).toEqual(['all task.completed', 'tasks task.completed'])
      const first = claimed.find(({ subscription }) => subscription.id === 'all')
      expect(first?.event).toEqual({ ...completed, seq: first?.event.seq })
      expect(first?.delivery).toMatchObject({
        subscriptionId: 'all',
        eventId: completed.id,
        type: 'task.completed',
        roomId: 'room1',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: 0,
        lastAttemptAt: null,
        responseCode: null,
        deliveredAt: null,
        createdAt: 100,
      })
      expect(first?.subscription.secret).toBe('whsec_all')
    }))

  it('claims: per room in order, one at a time; other rooms alongside; claims expire', () =>
    run.with('webhooks', async (storage) => {
      await storage.createSubscription(subscription('sub', ['task.completed']))
      const a1 = event('task.completed', 'roomA', 10)
      const a2 = event('task.completed', 'roomA', 11)
      const b1 = event('task.completed', 'roomB', 12)
      await storage.recordOutboxEvents([a1, a2, b1])

      const first = await storage.claimDeliveries(100, 10, 1_000)
      expect(first.map(({ event }) => event.id)).toEqual([a1.id, b1.id])
      // Claimed: nobody else gets them, and roomA's second waits for its first.
      expect(await storage.claimDeliveries(100, 10, 1_000)).toEqual([])
      // A worker that died: its claim runs out and the delivery is claimed again.
      expect(
        (await storage.claimDeliveries(1_100, 10, 1_000)).map(({ event }) => event.id),
      ).toEqual([a1.id, b1.id])
      const a1Delivery = first[0]?.delivery.id ?? ''
      // A failed attempt keeps the room's order: a2 waits until a1 is delivered.
      await storage.finishAttempt(a1Delivery, {
        at: 1_200,
        status: 'pending',
        responseCode: 503,
        latencyMs: 12,
        error: 'Service Unavailable',
        nextAttemptAt: 5_000,
      })
      expect(await storage.claimDeliveries(2_000, 10, 1_000)).toEqual([])
      expect(await drain(storage, 5_000)).toEqual([b1.id, a1.id])
      expect(await drain(storage, 5_000)).toEqual([a2.id])
      expect(await drain(storage, 5_000)).toEqual([])

      const log = await storage.listDeliveries('sub', { limit: 10 })
      expect(log.map((delivery) => delivery.eventId)).toEqual([b1.id, a2.id, a1.id])
      expect(log[2]).toMatchObject({
        status: 'delivered',
        attempts: 2,
        responseCode: 200,
        latencyMs: 3,
        error: null,
        lastAttemptAt: 5_000,
        deliveredAt: 5_000,
      })
      expect(
        (await storage.listDeliveries('sub', { limit: 1, beforeSeq: log[0]?.eventSeq })).map(
          (delivery) => delivery.eventId,
        ),
      ).toEqual([a2.id])
    }))

  it('a given-up delivery no longer holds its room back; replay sends one again', () =>
    run.with('webhooks', async (storage) => {
      await storage.createSubscription(subscription('sub', ['task.completed']))
      const first = event('task.completed', 'room1', 10)
      const second = event('task.completed', 'room1', 11)
      await storage.recordOutboxEvents([first, second])
      const [claimed] = await storage.claimDeliveries(20, 10, 1_000)
      await storage.finishAttempt(claimed?.delivery.id ?? '', {
        at: 20,
        status: 'failed',
        responseCode: null,
        latencyMs: null,
        error: 'connect ECONNREFUSED',
        nextAttemptAt: 20,
      })
      expect(await drain(storage, 30)).toEqual([second.id])
      const replayed = await storage.replayDelivery(claimed?.delivery.id ?? '', 40)
      expect(replayed).toMatchObject({ status: 'pending', nextAttemptAt: 40, attempts: 1 })
      expect(await storage.claimDeliveries(39, 10, 1_000)).toEqual([])
      expect(await drain(storage, 40)).toEqual([first.id])
      expect(await storage.replayDelivery('nope', 40)).toBeNull()
      // Disabled: nothing of it is claimed, until it is enabled again.
      await storage.replayDelivery(claimed?.delivery.id ?? '', 50)
      await storage.updateSubscription('sub', { disabledAt: 50 })
      expect(await storage.claimDeliveries(60, 10, 1_000)).toEqual([])
      await storage.updateSubscription('sub', { disabledAt: null })
      expect(await drain(storage, 60)).toEqual([first.id])
    }))

  it('workers claiming at once never get the same delivery', () =>
    run.with('webhooks', async (storage) => {
      await storage.createSubscription(subscription('sub', ['task.completed']))
      const events = Array.from({ length: 40 }, (_, index) =>
        event('task.completed', `room${index}`, index),
      )
      await storage.recordOutboxEvents(events)
      const claims = await Promise.all(
        Array.from({ length: 6 }, () => storage.claimDeliveries(1_000, 10, 30_000)),
      )
      const ids = claims.flat().map(({ delivery }) => delivery.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids.length).toBe(40)
    }))
}
