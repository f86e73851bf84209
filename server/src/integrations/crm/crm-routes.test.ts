import { expect, it } from 'vitest'
import {
  consensusKeys,
  listStakeholders,
  markConsensus,
} from '../../../../shared/src/room/index.ts'
import { inviteBuyer } from '../../access/invites.ts'
import { sellerSignInLink } from '../../access/people.ts'
import { loadRoomDoc } from '../../collaboration/room-doc.ts'
import { hubspotServer } from '../../testing/crm-servers.ts'
import {
  connect,
  eventually,
  httpSession,
  seedCast,
  startTestServer,
  tokenFor,
} from '../../testing/harness.ts'

it('a seller connects HubSpot, creates a room from a deal with its contacts, and a buyer’s block reaches the deal as a note', async () => {
  const hubspot = await hubspotServer()
  const test = await startTestServer(undefined, {
    PUBLIC_URL: 'https://rooms.example.com',
    HUBSPOT_API_URL: hubspot.url,
  })
  const cast = await seedCast(test.storage)
  const http = httpSession(test.httpUrl)
  const { signIn } = await sellerSignInLink(test.storage, test.httpUrl, cast.seller)
  await http('POST', '/api/links/redeem', { secret: new URL(signIn.url).pathname.split('/').pop() })

  const wrong = await http('POST', '/api/crm/hubspot', { token: 'pat-wrong' })
  expect(wrong.status).toBe(422)
  expect(JSON.stringify(wrong.json)).toMatch(/HubSpot refused the credentials/)
  const missing = await http('POST', '/api/crm/salesforce', { token: 'x' })
  expect(missing.status).toBe(400)
  expect(JSON.stringify(missing.json)).toMatch(/clientId/)

  const connected = await http('POST', '/api/crm/hubspot', { token: 'pat-test' })
  expect(connected.status).toBe(201)
  expect(connected.json).toMatchObject({
    provider: 'hubspot',
    url: hubspot.url,
    failingSince: null,
  })
  expect((await http('POST', '/api/crm/hubspot', { token: 'pat-test' })).status).toBe(409)
  // The token is never shown again.
  expect(JSON.stringify((await http('GET', '/api/crm')).json)).not.toContain('pat-test')

  const made = await http('POST', '/api/crm/hubspot/rooms', { externalId: '1001' })
  expect(made.status).toBe(201)
  expect(made.json).toMatchObject({ imported: 2 })
  const roomId = String(made.json.id)
  expect(await test.storage.getRoom(roomId)).toMatchObject({ title: 'Acme rollout' })
  const doc = await loadRoomDoc(test.storage, roomId)
  expect(listStakeholders(doc).map((person) => [person.id, person.name])).toEqual([
    ['crm-hubspot-501', 'Cleo Park'],
    ['crm-hubspot-502', 'Dev Rao'],
  ])

  expect((await http('GET', `/api/rooms/${roomId}/crm`)).json).toEqual({
    links: [
      expect.objectContaining({
        provider: 'hubspot',
        externalId: '1001',
        name: 'Acme rollout',
        contacts: [
          expect.objectContaining({ stakeholderId: 'crm-hubspot-501', email: 'cleo@acme.example' }),
          expect.objectContaining({ stakeholderId: 'crm-hubspot-502', email: 'dev@acme.example' }),
        ],
      }),
    ],
    connected: ['hubspot'],
  })
  // A deal id that cannot be one is refused before HubSpot is asked.
  const bad = await http('POST', `/api/rooms/${cast.roomId}/crm/hubspot`, { externalId: '../x' })
  expect(bad.status).toBe(400)

  // The invited buyer opens the room and blocks the business case: a note on the deal.
  await inviteBuyer(test.storage, 'https://rooms.example.com', {
    roomId,
    email: 'cleo@acme.example',
    name: 'Cleo Park',
    role: 'champion',
    ttlMs: null,
  })
  const cleo = await test.storage.findPersonByEmail('cleo@acme.example')
  if (!cleo) throw new Error('no buyer')
  const buyer = connect(
    test.wsUrl,
    roomId,
    await tokenFor(test.storage, roomId, 'cleo@acme.example'),
  )
  await buyer.synced
  // The imported contact is linked to her membership, not added to the map a second time.
  await eventually(() =>
    expect(listStakeholders(buyer.doc).map((person) => [person.id, person.memberId])).toEqual([
      ['crm-hubspot-501', cleo.id],
      ['crm-hubspot-502', null],
    ]),
  )
  markConsensus(buyer.doc, consensusKeys.businessCase, cleo.id, 'block', 'No budget until Q3')
  const notes = await eventually(() => {
    const subjects = hubspot.notes.map((note) => note.body)
    expect(subjects.some((body) => body.includes('Cleo Park blocked the business case'))).toBe(true)
    return hubspot.notes
  }, 15_000)
  expect(notes.every((note) => note.dealId === '1001' && note.associationTypeId === 214)).toBe(true)
  expect(notes.some((note) => note.body.includes('First visit: Cleo Park'))).toBe(true)
  expect(hubspot.dealPatches.at(-1)?.properties.quorum_room_url).toBe(
    `https://rooms.example.com/r/${roomId}`,
  )

  // Unlinked, the room reports no more.
  expect((await http('POST', `/api/rooms/${roomId}/crm/hubspot/unlink`)).json).toEqual({
    unlinked: true,
  })
  expect((await http('POST', '/api/crm/hubspot/disconnect')).json).toEqual({ disconnected: true })
  expect((await http('GET', '/api/crm')).json.connections).toEqual([
    expect.objectContaining({ provider: 'hubspot', id: null }),
    expect.objectContaining({ provider: 'salesforce', id: null }),
  ])
}, 120_000)
