import { describe, expect, it } from 'vitest'
import { useDealRoom } from './fixtures/people.ts'

describe('links that do not work explain themselves', () => {
  const room = useDealRoom()

  it('shows a clear page for a bad link, a used link and an unknown address', async () => {
    const deal = await room.deal()
    const base = room.server().url
    const { page } = await room.person()

    await page.goto(`${base}/i/this-is-not-a-real-link`)
    await page.getByRole('heading', { name: 'This link doesn’t work' }).waitFor()
    expect(await page.getByRole('alert').innerText()).toContain('This link is not valid')

    // Dana opens her link; someone else trying the same link is told it was used.
    const dana = await room.enter(deal.links.champion)
    expect(dana.page.url()).toContain(`/r/${deal.roomId}`)
    await page.goto(deal.links.champion)
    await page.getByRole('heading', { name: 'This link doesn’t work' }).waitFor()
    expect(await page.getByRole('alert').innerText()).toContain('already been used')

    // Opening the room without a session asks for the personal link, not a stack trace.
    await page.goto(`${base}/r/${deal.roomId}`)
    await page.getByRole('heading', { name: 'Please open your personal link' }).waitFor()

    await page.goto(`${base}/no/such/page`)
    await page.getByRole('heading', { name: 'Nothing here' }).waitFor()
  })
})
