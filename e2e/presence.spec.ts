import { describe, expect, it } from 'vitest'
import { useDealRoom } from './fixtures/people.ts'

describe('presence', () => {
  const room = useDealRoom()

  it('each sees the other and the section they are on; a person who leaves disappears', async () => {
    const deal = await room.deal()
    const seller = await room.enter(deal.sellerLink)
    const champion = await room.enter(deal.links.champion)
    await seller.open('Plan')
    await champion.open('Business case')

    const sellerSeesDana = seller
      .presence()
      .getByRole('img', { name: `${deal.names.champion}, on Business case` })
    const danaSeesSeller = champion
      .presence()
      .getByRole('img', { name: `${deal.names.seller}, on Plan` })
    await sellerSeesDana.waitFor({ timeout: 3000 })
    await danaSeesSeller.waitFor({ timeout: 3000 })

    await champion.open('Stakeholders')
    await seller
      .presence()
      .getByRole('img', { name: `${deal.names.champion}, on Stakeholders` })
      .waitFor({ timeout: 3000 })

    await champion.page.close()
    await expect.poll(() => seller.presence().getByRole('img').count(), { timeout: 5000 }).toBe(0)
  })
})
