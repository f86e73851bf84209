import { describe, expect, it } from 'vitest'
import { documentName } from '../../../shared/src/protocol.ts'
import { ROOM_ENDED } from '../../../shared/src/stages.ts'
import { connect, eventually, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'
import { RawClient } from '../testing/raw.ts'
import { buyerBrowser, sellerBrowser } from './testing.ts'

describe('deal stages', { timeout: 120_000 }, () => {
  it('archiving ends a connected buyer’s access within a second, kindly; the seller team keeps reading; reopening gives it back', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const { roomId } = cast
    const seller = await sellerBrowser(test, cast.seller)
    const buyer = await buyerBrowser(test, roomId, 'dana@acme.test', 'champion')
    await test.storage.createSubscription({
      id: 'sub1',
      kind: 'webhook',
      url: 'https://203.0.113.10/hook',
      events: ['room.closed'],
      secret: 'whsec_dGVzdA==',
      createdBy: 'cli',
    })

    const buyerSocket = connect(
      test.wsUrl,
      roomId,
      await tokenFor(test.storage, roomId, cast.champion),
    )
    const sellerSocket = connect(
      test.wsUrl,
      roomId,
      await tokenFor(test.storage, roomId, cast.seller),
    )
    await Promise.all([buyerSocket.synced, sellerSocket.synced])
    const buyerCloses: number[] = []
    buyerSocket.provider.on('close', ({ event }: { event: { code: number } }) =>
      buyerCloses.push(event.code),
    )

    // Lost needs a reason; won and lost leave the buyers in.
    const noReason = await seller('POST', `/api/rooms/${roomId}/stage`, { stage: 'lost' })
    expect(noReason.status).toBe(400)
    expect(JSON.stringify(noReason.json)).toContain('reason is required')
    const lost = await seller('POST', `/api/rooms/${roomId}/stage`, {
      stage: 'lost',
      reason: 'Budget moved to next year',
    })
    expect(lost).toMatchObject({
      status: 200,
      json: { id: roomId, stage: 'lost', reason: 'Budget moved to next year' },
    })
    expect((await buyer('GET', `/api/rooms/${roomId}`)).status).toBe(200)
    // A buyer cannot move the deal.
    expect((await buyer('POST', `/api/rooms/${roomId}/stage`, { stage: 'won' })).status).toBe(403)

    const archivedAt = Date.now()
    const archived = await seller('POST', `/api/rooms/${roomId}/stage`, { stage: 'archived' })
    expect(archived).toMatchObject({ status: 200, json: { stage: 'archived', reason: null } })
    await eventually(() => expect(buyerCloses).toContain(4403), 2000)
    expect(Date.now() - archivedAt).toBeLessThan(1000)

    // The buyer's page and API say the room has ended; no new token, no new socket.
    const page = await buyer('GET', `/api/rooms/${roomId}`)
    expect(page.status).toBe(410)
    expect(page.json).toMatchObject({ error: { message: ROOM_ENDED } })
    expect((await buyer('POST', `/api/rooms/${roomId}/token`)).status).toBe(410)
    const raw = await RawClient.open(test.wsUrl)
    const buyerToken = await tokenFor(test.storage, roomId, cast.champion).catch(() => 'stale')
    expect((await raw.authenticate(documentName(roomId), buyerToken)).ok).toBe(false)

    // The seller team reads everything, changes nothing.
    const details = await seller('GET', `/api/rooms/${roomId}`)
    expect(details).toMatchObject({ status: 200, json: { room: { stage: 'archived' } } })
    expect((await seller('POST', `/api/rooms/${roomId}/token`)).status).toBe(200)
    expect((await seller('GET', `/api/rooms/${roomId}/insights`)).status).toBe(200)
    expect(
      (
        await seller('POST', `/api/rooms/${roomId}/invites`, {
          email: 'new@acme.test',
          name: 'New',
          role: 'viewer',
        })
      ).status,
    ).toBe(409)
    const team = await RawClient.open(test.wsUrl)
    expect(
      await team.authenticate(
        documentName(roomId),
        await tokenFor(test.storage, roomId, cast.seller).catch(() => 'x'),
      ),
    ).toMatchObject({ ok: true, detail: 'readonly' })

    // On the room list, with its stage, and by the stage filter.
    const list = await seller('GET', '/api/rooms?stage=archived')
    expect(list.json).toMatchObject({
      total: 1,
      rooms: [{ id: roomId, stage: 'archived', closed: true }],
    })
    expect((await seller('GET', '/api/rooms?stage=open')).json).toMatchObject({ total: 0 })

    // The audit trail and the room.closed webhook.
    const audit = await test.storage.listAudit({ roomId, limit: 100 })
    expect(
      audit.filter((entry) => entry.action === 'room.stage-changed').map((entry) => entry.detail),
    ).toEqual([
      { from: 'open', to: 'lost', reason: 'Budget moved to next year' },
      { from: 'lost', to: 'archived' },
    ])
    const deliveries = await test.storage.listDeliveries('sub1', { limit: 10 })
    expect(deliveries.map((delivery) => [delivery.type, delivery.roomId])).toEqual([
      ['room.closed', roomId],
    ])

    // Reopened: the buyer is back in.
    expect(await seller('POST', `/api/rooms/${roomId}/stage`, { stage: 'open' })).toMatchObject({
      status: 200,
      json: { stage: 'open' },
    })
    expect((await buyer('GET', `/api/rooms/${roomId}`)).status).toBe(200)
    expect((await buyer('POST', `/api/rooms/${roomId}/token`)).status).toBe(200)
    const back = connect(test.wsUrl, roomId, await tokenFor(test.storage, roomId, cast.champion))
    await back.synced
  })
})
