import { describe, expect, it } from 'vitest'
import { addSeller } from '../access/people.ts'
import { createRoom } from '../collaboration/rooms.ts'
import {
  connect,
  eventually,
  httpSession,
  secretOf,
  seedCast,
  startTestServer,
  tokenFor,
} from '../testing/harness.ts'

interface ListedRoom {
  id: string
  title: string
  health: { score: number; reasons: string[] } | null
  summary: {
    openAlerts: number
    buyersEngaged: number
    buyersInvited: number
    buyerVisits: number
    tasksDone: number
    tasksTotal: number
    lastBuyerActivity: number | null
  } | null
}
interface RoomPage {
  rooms: ListedRoom[]
  total: number
  nextOffset: number | null
}

describe('the room list, notifications and digest read room summaries', () => {
  it('pages and sorts in the query; health equals Insights; a buyer visit and an invite show up', async () => {
    const { storage, httpUrl, wsUrl } = await startTestServer()
    const signIn = await addSeller(storage, httpUrl, {
      email: 'seller@vendor.test',
      name: 'Sam Seller',
    })
    const cast = await seedCast(storage)
    for (const title of ['Beta pilot', 'Zeta expansion'])
      await createRoom(storage, { ownerEmail: 'seller@vendor.test', title })
    const seller = httpSession(httpUrl)
    expect(
      (await seller('POST', '/api/links/redeem', { secret: secretOf(signIn.signIn.url) })).status,
    ).toBe(200)
    const list = async (query: string) => {
      const reply = await seller('GET', `/api/rooms${query}`)
      expect(reply.status).toBe(200)
      return reply.json as unknown as RoomPage
    }
    const insightsHealth = async (roomId: string) =>
      (await seller('GET', `/api/rooms/${roomId}/insights`)).json.health

    // Sorted by title in the query, two at a time.
    const first = await list('?sort=title&limit=2')
    expect(first.rooms.map((room) => room.title)).toEqual(['Acme rollout', 'Beta pilot'])
    expect([first.total, first.nextOffset]).toEqual([3, 2])
    const last = await list('?sort=title&limit=2&offset=2')
    expect([last.rooms.map((room) => room.title), last.nextOffset]).toEqual([
      ['Zeta expansion'],
      null,
    ])
    // Weakest first; each health is the one its Insights tab shows.
    const byHealth = await list('?sort=health')
    const scores = byHealth.rooms.map((room) => room.health?.score ?? 101)
    expect(scores).toEqual([...scores].sort((a, b) => a - b))
    for (const room of byHealth.rooms) expect(room.health).toEqual(await insightsHealth(room.id))
    const acme = () => list('').then((page) => page.rooms.find((room) => room.id === cast.roomId))
    expect((await acme())?.summary).toMatchObject({
      buyersEngaged: 0,
      buyersInvited: 3,
      lastBuyerActivity: null,
    })
    expect((await acme())?.health?.reasons).toContain('No buyer has opened the room yet')

    // The champion opens the room: their visit reaches the list, with the same health as Insights.
    const champion = connect(
      wsUrl,
      cast.roomId,
      await tokenFor(storage, cast.roomId, cast.champion),
    )
    await champion.synced
    const visited = await eventually(async () => {
      const room = await acme()
      expect(room?.summary?.buyersEngaged).toBe(1)
      expect(room?.summary?.lastBuyerActivity).toBeTypeOf('number')
      return room
    })
    expect(visited?.health?.reasons).not.toContain('No buyer has opened the room yet')
    expect(visited?.health).toEqual(await insightsHealth(cast.roomId))
    // Their first visit is an alert, in the seller's notifications.
    await eventually(async () => {
      const { notifications } = (await seller('GET', '/api/notifications')).json as {
        notifications: Array<{ roomId: string; kind: string }>
      }
      expect(notifications).toContainEqual(
        expect.objectContaining({ roomId: cast.roomId, kind: 'stakeholder-joined' }),
      )
    })

    // A new member changes who could engage.
    const invited = await seller('POST', `/api/rooms/${cast.roomId}/invites`, {
      email: 'cfo@acme.test',
      name: 'Casey CFO',
      role: 'stakeholder',
    })
    expect(invited.status).toBe(201)
    await eventually(async () => expect((await acme())?.summary?.buyersInvited).toBe(4))
    champion.destroy()
  })

  it('answers 400 naming the parameter for a bad sort, limit or offset; a buyer sees no health', async () => {
    const { storage, httpUrl } = await startTestServer()
    const signIn = await addSeller(storage, httpUrl, { email: 's@vendor.test', name: 'S' })
    const seller = httpSession(httpUrl)
    await seller('POST', '/api/links/redeem', { secret: secretOf(signIn.signIn.url) })
    for (const [query, field] of [
      ['?sort=loudest', 'sort'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?offset=-1', 'offset'],
      ['?page=2', 'page'],
    ] as const) {
      const reply = await seller('GET', `/api/rooms${query}`)
      expect([query, reply.status]).toEqual([query, 400])
      expect(JSON.stringify(reply.json)).toContain(field)
    }

    const cast = await seedCast(storage)
    const { inviteBuyer } = await import('../access/invites.ts')
    const { invite } = await inviteBuyer(storage, httpUrl, {
      roomId: cast.roomId,
      email: 'buyer@acme.test',
      name: 'Bo Buyer',
      role: 'champion',
      ttlMs: null,
    })
    const buyer = httpSession(httpUrl)
    expect(
      (await buyer('POST', '/api/links/redeem', { secret: secretOf(invite.url) })).status,
    ).toBe(200)
    const page = (await buyer('GET', '/api/rooms?sort=health')).json as unknown as RoomPage
    expect(page.rooms.map((room) => [room.id, room.health, room.summary])).toEqual([
      [cast.roomId, null, null],
    ])
  })
})
