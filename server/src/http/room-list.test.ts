import { describe, expect, it } from 'vitest'
import { addSeller } from '../access/people.ts'
import { createRoom } from '../collaboration/rooms.ts'
import { eventually, httpSession, secretOf, startTestServer } from '../testing/harness.ts'

interface Listed {
  rooms: Array<{ title: string; buyerOrg: string; closeDate: string | null; ownerId: string }>
  owners: Array<{ id: string; name: string }>
  total: number
}

describe('the room list for a team', { timeout: 120_000 }, () => {
  it('filters by owner, close date and words in the title or buyer, from the summaries', async () => {
    const { storage, httpUrl } = await startTestServer()
    const me = await addSeller(storage, httpUrl, { email: 'me@vendor.test', name: 'Mo Seller' })
    const mate = await addSeller(storage, httpUrl, { email: 'mate@vendor.test', name: 'Al Mate' })
    const rooms = [
      { owner: me, title: 'Rollout 2027', buyerOrg: 'Acme Corp', targetCloseDate: '2027-03-10' },
      { owner: me, title: 'Pilot', buyerOrg: 'Globex Industries', targetCloseDate: '2027-04-20' },
      { owner: mate, title: 'Expansion', buyerOrg: 'Initech', targetCloseDate: '2027-03-30' },
    ]
    for (const room of rooms) {
      const { id } = await createRoom(storage, {
        ownerEmail: room.owner.person.email,
        title: room.title,
        buyerOrg: room.buyerOrg,
        targetCloseDate: room.targetCloseDate,
      })
      if (room.owner === mate) await storage.putMember(id, me.person.id, 'seller')
    }
    const http = httpSession(httpUrl)
    expect(
      (await http('POST', '/api/links/redeem', { secret: secretOf(me.signIn.url) })).status,
    ).toBe(200)
    const titles = async (query: string) => {
      const reply = await http('GET', `/api/rooms?sort=title&${query}`)
      expect(reply.status).toBe(200)
      return (reply.json as unknown as Listed).rooms.map((room) => room.title)
    }
    // The summaries are computed in the background; the buyer's name is in them once they are.
    await eventually(async () => expect(await titles('q=globex')).toEqual(['Pilot']), 30_000)
    await eventually(async () => expect(await titles('q=INITECH')).toEqual(['Expansion']), 30_000)
    expect(await titles('q=roll')).toEqual(['Rollout 2027'])
    expect(await titles('owner=me')).toEqual(['Pilot', 'Rollout 2027'])
    expect(await titles(`owner=${mate.person.id}`)).toEqual(['Expansion'])
    // "Closing this month" is a range the web app sends.
    expect(await titles('closeFrom=2027-03-01&closeTo=2027-03-31')).toEqual([
      'Expansion',
      'Rollout 2027',
    ])
    const all = (await http('GET', '/api/rooms?sort=close-date')).json as unknown as Listed
    expect(all.rooms.map((room) => [room.title, room.buyerOrg, room.closeDate])).toEqual([
      ['Rollout 2027', 'Acme Corp', '2027-03-10'],
      ['Expansion', 'Initech', '2027-03-30'],
      ['Pilot', 'Globex Industries', '2027-04-20'],
    ])
    expect(all.owners).toEqual([
      { id: mate.person.id, name: 'Al Mate' },
      { id: me.person.id, name: 'Mo Seller' },
    ])
    // A filter the server does not know is refused, naming it.
    const bad = await http('GET', '/api/rooms?health=great')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.json)).toContain('health')
    expect((await http('GET', '/api/rooms?closeFrom=2027-02-30')).status).toBe(400)
  })
})
