import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import * as Y from 'yjs'
import { listStakeholders } from '../../../../shared/src/room/index.ts'
import { createMailer } from '../../access/mail.ts'
import { addSeller } from '../../access/people.ts'
import { createRoom } from '../../collaboration/rooms.ts'
import { SqliteStorage } from '../../storage/sqlite/sqlite-storage.ts'
import type { CrmProvider, NewOutboxEvent } from '../../storage/storage.ts'
import { hubspotServer, salesforceServer } from '../../testing/crm-servers.ts'
import { tempDir } from '../../testing/harness.ts'
import { DeliveryWorker } from '../delivery-worker.ts'
import type { CrmSettings } from './connectors.ts'
import { connectCrm, type EditRoom, linkRoom } from './link.ts'

const SELLER = { personId: '', name: 'Sam Seller', role: 'owner' as const }

/**
 * A store with a seller's room, a CRM connection to the local server, and the delivery worker on
 * a clock the test moves. `edit` applies server-side edits to a copy of the room's document.
 */
async function setup(settings: Omit<CrmSettings, 'timeoutMs'>) {
  const storage = new SqliteStorage(join(tempDir(), 'quorum.sqlite'))
  onTestFinished(() => storage.close())
  const { person: seller } = await addSeller(storage, 'https://rooms.example.com', {
    email: 'sam@vendor.test',
    name: 'Sam Seller',
  })
  const room = await createRoom(storage, { ownerEmail: seller.email, title: 'Acme' })
  const doc = new Y.Doc()
  const editRoom: EditRoom = async (_roomId, _author, edit) => edit(doc)
  const clock = { now: 1_800_000_000_000 }
  const worker = new DeliveryWorker(storage, {
    publicUrl: 'https://rooms.example.com',
    allowPrivate: false,
    timeoutMs: 2_000,
    firstRetryMs: 5_000,
    pollMs: 60_000,
    mailer: createMailer(storage, { smtpUrl: undefined, from: 'Quorum <q@localhost>' }),
    crm: settings,
    now: () => clock.now,
  })
  worker.start()
  onTestFinished(() => worker.stop())
  let counter = 0
  const record = (type: string, fields: Record<string, unknown>) => {
    const event: NewOutboxEvent = {
      id: `evt_${++counter}`,
      type,
      roomId: room.id,
      at: clock.now,
      data: {
        room: { id: room.id, title: 'Acme' },
        person: { id: 'p1', name: 'Cleo Park', email: 'cleo@acme.example' },
        at: new Date(clock.now).toISOString(),
        ...fields,
      },
    }
    return storage.recordOutboxEvents([event])
  }
  const tick = async () => {
    worker.wake()
    await worker.idle()
  }
  const author = { ...SELLER, personId: seller.id }
  const deliveries = async (provider: CrmProvider) => {
    const connection = (await storage.listSubscriptions()).find((each) => each.kind === provider)
    return connection ? storage.listDeliveries(connection.id, { limit: 50 }) : []
  }
  return { storage, seller, room, doc, editRoom, clock, record, tick, author, deliveries }
}

const settingsFor = (urls: Partial<CrmSettings>): CrmSettings => ({
  hubspotApiUrl: 'http://127.0.0.1:9',
  salesforceLoginUrl: 'http://127.0.0.1:9',
  timeoutMs: 2_000,
  ...urls,
})

describe('HubSpot', () => {
  it('connects with a private app token, links a deal and imports its contacts into the stakeholder map', async () => {
    const hubspot = await hubspotServer()
    const settings = settingsFor({ hubspotApiUrl: hubspot.url })
    const { storage, seller, room, doc, editRoom, author } = await setup(settings)

    await expect(
      connectCrm(storage, settings, {
        provider: 'hubspot',
        credentials: { type: 'token', token: 'pat-wrong' },
        createdBy: seller.id,
      }),
    ).rejects.toThrow(/HubSpot refused the credentials/)
    await connectCrm(storage, settings, {
      provider: 'hubspot',
      credentials: { type: 'token', token: 'pat-test' },
      createdBy: seller.id,
    })
    expect([...hubspot.properties].sort()).toEqual([
      'quorum_deal_health',
      'quorum_last_buyer_activity',
      'quorum_room_url',
    ])
    await expect(
      linkRoom(storage, settings, editRoom, {
        roomId: room.id,
        provider: 'hubspot',
        externalId: '404',
        author,
      }),
    ).rejects.toThrow('HubSpot has no such deal.')

    const { link, imported } = await linkRoom(storage, settings, editRoom, {
      roomId: room.id,
      provider: 'hubspot',
      externalId: '1001',
      author,
    })
    expect(link).toMatchObject({ externalId: '1001', name: 'Acme rollout' })
    expect(imported).toBe(2)
    expect(
      listStakeholders(doc).map(({ id, name, title, buyingRole }) => ({
        id,
        name,
        title,
        buyingRole,
      })),
    ).toEqual([
      { id: 'crm-hubspot-501', name: 'Cleo Park', title: 'CFO', buyingRole: 'economic-buyer' },
      {
        id: 'crm-hubspot-502',
        name: 'Dev Rao',
        title: 'Security architect',
        buyingRole: 'technical',
      },
    ])
    // Their addresses stay with the link on the server (buyers read the map).
    expect(link.contacts.map((contact) => contact.email)).toEqual([
      'cleo@acme.example',
      'dev@acme.example',
    ])
    // Linking again adds nobody twice.
    const again = await linkRoom(storage, settings, editRoom, {
      roomId: room.id,
      provider: 'hubspot',
      externalId: '1001',
      author,
    })
    expect(again.imported).toBe(0)
    expect(listStakeholders(doc)).toHaveLength(2)
  })

  it('writes key moments as notes on the deal and keeps its properties, through a 429 and a 503', async () => {
    const hubspot = await hubspotServer()
    const settings = settingsFor({ hubspotApiUrl: hubspot.url })
    const { storage, seller, room, editRoom, author, record, tick, clock, deliveries } =
      await setup(settings)
    await connectCrm(storage, settings, {
      provider: 'hubspot',
      credentials: { type: 'token', token: 'pat-test' },
      createdBy: seller.id,
    })
    await storage.putRoomDigest({
      roomId: room.id,
      buyerOrg: 'Acme Corp',
      closeDate: null,
      health: { score: 64, reasons: [] },
      alerts: [],
      buyersEngaged: 1,
      buyersInvited: 2,
      buyerVisits: 3,
      tasksDone: 1,
      tasksTotal: 5,
      milestonesDone: 0,
      milestonesTotal: 2,
      lastBuyerActivityAt: Date.UTC(2027, 0, 4, 9),
      computedAt: 1,
      activitySeenAt: 1,
      validUntil: Number.MAX_SAFE_INTEGER,
    })
    // Not linked yet: nothing is queued for HubSpot.
    expect(await record('stakeholder.first_seen', { role: 'champion', side: 'buyer' })).toBe(0)
    await linkRoom(storage, settings, editRoom, {
      roomId: room.id,
      provider: 'hubspot',
      externalId: '1001',
      author,
    })

    hubspot.fail({
      status: 429,
      retryAfter: '20',
      body: { status: 'error', errorType: 'RATE_LIMIT' },
    })
    await record('consensus.marked', {
      item: 'milestone:m2',
      itemTitle: 'Security review',
      stance: 'block',
      note: 'DPA missing',
    })
    await record('consensus.marked', { item: 'businessCase', stance: 'agree', note: null })
    await tick()
    const limited = (await deliveries('hubspot')).at(-1)
    expect(limited).toMatchObject({ status: 'pending', attempts: 1, responseCode: 429 })
    // Retry-After (20 s) wins over the first back-off step (5 s); the room's next event waits.
    expect(limited?.nextAttemptAt).toBe(clock.now + 20_000)
    expect(hubspot.notes).toHaveLength(0)

    clock.now += 20_000
    hubspot.fail({ status: 503, body: { status: 'error' } })
    await tick()
    expect(hubspot.notes).toHaveLength(0)
    clock.now += 30_000
    await tick()
    await tick()
    expect(hubspot.notes).toEqual([
      {
        dealId: '1001',
        associationTypeId: 214,
        body: expect.stringContaining('Cleo Park blocked “Security review”'),
      },
    ])
    expect(hubspot.notes[0]?.body).toContain('DPA missing')
    // The agreement is not a key moment: properties only, in order after the block.
    expect(hubspot.dealPatches.map((patch) => patch.properties)).toEqual([
      {
        quorum_room_url: `https://rooms.example.com/r/${room.id}`,
        quorum_deal_health: '64',
        quorum_last_buyer_activity: '2027-01-04T09:00:00.000Z',
      },
      expect.objectContaining({ quorum_deal_health: '64' }),
    ])
    // Latest first: the agreement went once, the block on its third attempt.
    expect((await deliveries('hubspot')).map((each) => [each.status, each.attempts])).toEqual([
      ['delivered', 1],
      ['delivered', 3],
    ])
  })

  it('connects an OAuth app with its refresh token, asking for an access token once', async () => {
    const hubspot = await hubspotServer()
    const settings = settingsFor({ hubspotApiUrl: hubspot.url })
    const { storage, seller, room, editRoom, author } = await setup(settings)
    const oauth = { type: 'oauth' as const, clientId: 'hub-client', clientSecret: 'hub-secret' }
    await expect(
      connectCrm(storage, settings, {
        provider: 'hubspot',
        credentials: { ...oauth, refreshToken: 'stale' },
        createdBy: seller.id,
      }),
    ).rejects.toThrow(/HubSpot refused the credentials/)
    await connectCrm(storage, settings, {
      provider: 'hubspot',
      credentials: { ...oauth, refreshToken: 'refresh-1' },
      createdBy: seller.id,
    })
    // One token for the connecting calls (a check and three properties).
    expect(hubspot.refreshes).toEqual(['refresh_token'])
    const { imported } = await linkRoom(storage, settings, editRoom, {
      roomId: room.id,
      provider: 'hubspot',
      externalId: '1001',
      author,
    })
    expect(imported).toBe(2)
  })

  it('a deal that no longer exists fails the delivery at once, not for 24 hours', async () => {
    const hubspot = await hubspotServer()
    const settings = settingsFor({ hubspotApiUrl: hubspot.url })
    const { storage, seller, room, record, tick, deliveries } = await setup(settings)
    const connection = await connectCrm(storage, settings, {
      provider: 'hubspot',
      credentials: { type: 'token', token: 'pat-test' },
      createdBy: seller.id,
    })
    await storage.putCrmLink({
      roomId: room.id,
      provider: 'hubspot',
      externalId: '2002',
      name: 'Deleted deal',
      contacts: [],
      linkedBy: seller.id,
      linkedAt: 1,
    })
    await record('milestone.signed_off', { milestone: { id: 'm1', title: 'Pilot', signoffBy: [] } })
    await tick()
    expect(await deliveries('hubspot')).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 1, responseCode: 404 }),
    ])
    // The connection itself is fine: it is not counted as failing.
    expect((await storage.getSubscription(connection.id))?.failingSince).toBeNull()
  })
})

describe('Salesforce', () => {
  it('links an Opportunity with its contact roles and writes Tasks for the moments, logging in again when the session ends', async () => {
    const salesforce = await salesforceServer()
    const settings = settingsFor({ salesforceLoginUrl: salesforce.url })
    const { storage, seller, room, doc, editRoom, author, record, tick, clock, deliveries } =
      await setup(settings)
    await expect(
      connectCrm(storage, settings, {
        provider: 'salesforce',
        credentials: { type: 'client', clientId: 'client-1', clientSecret: 'nope' },
        createdBy: seller.id,
      }),
    ).rejects.toThrow(/Salesforce refused the credentials/)
    await connectCrm(storage, settings, {
      provider: 'salesforce',
      credentials: { type: 'client', clientId: 'client-1', clientSecret: 'secret-1' },
      createdBy: seller.id,
    })
    await expect(
      linkRoom(storage, settings, editRoom, {
        roomId: room.id,
        provider: 'salesforce',
        externalId: "0' OR Name != '",
        author,
      }),
    ).rejects.toThrow('is not a Salesforce Opportunity id')
    const { imported } = await linkRoom(storage, settings, editRoom, {
      roomId: room.id,
      provider: 'salesforce',
      externalId: salesforce.opportunity,
      author,
    })
    expect(imported).toBe(2)
    expect(listStakeholders(doc).map(({ name, buyingRole }) => [name, buyingRole])).toEqual([
      ['Hana Ito', 'economic-buyer'],
      ['Omar Diaz', 'technical'],
    ])

    salesforce.expireSessions()
    salesforce.fail({
      status: 403,
      body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }],
    })
    await storage.recordOutboxEvents([
      {
        id: 'evt_first_visit',
        type: 'stakeholder.first_seen',
        roomId: room.id,
        at: clock.now,
        data: {
          room: { id: room.id, title: 'Globex expansion' },
          person: { id: 'p2', name: 'Hana Ito', email: 'hana@globex.example' },
          role: 'champion',
          side: 'buyer',
        },
      },
    ])
    await record('deal.health_changed', { health: { score: 40, reasons: [] }, previousScore: 70 })
    await tick()
    expect((await deliveries('salesforce')).at(-1)).toMatchObject({
      status: 'pending',
      responseCode: 403,
    })
    clock.now += 5_000
    await tick()
    await tick()
    expect(salesforce.tasks).toEqual([
      {
        Subject: 'Deal room: First visit: Hana Ito',
        Description: expect.stringContaining(
          'Hana Ito (champion) opened Globex expansion for the first time.',
        ),
        WhatId: salesforce.opportunity,
        WhoId: '003000000000001AAA',
        ActivityDate: new Date(clock.now - 5_000).toISOString().slice(0, 10),
        Status: 'Completed',
        Priority: 'Normal',
      },
    ])
    // The expired session was replaced by logging in again (client credentials each time).
    expect(salesforce.logins).toEqual([
      'client_credentials',
      'client_credentials',
      'client_credentials',
    ])
    // A health change is not a Task in Salesforce: delivered with nothing written.
    expect((await deliveries('salesforce')).map((each) => [each.type, each.status])).toEqual([
      ['deal.health_changed', 'delivered'],
      ['stakeholder.first_seen', 'delivered'],
    ])
  })
})
