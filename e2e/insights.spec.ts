import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS } from './fixtures/browser.ts'
import { useDealRoom } from './fixtures/people.ts'

describe('insights for the seller team', () => {
  const room = useDealRoom()

  it('a buyer reads the business case; the seller’s insights show it within a few seconds', async () => {
    const deal = await room.deal()
    const seller = await room.enter(deal.sellerLink)
    await seller.page.getByRole('link', { name: /Insights/ }).click()
    await seller.page.getByRole('heading', { name: 'Time per person and section' }).waitFor()
    const coverage = seller.page.getByRole('region', { name: 'Coverage' })
    expect(await coverage.innerText()).toContain('0 of 3 invited buyers engaged')

    const champion = await room.enter(deal.links.champion)
    // Buyers do not get the Insights tab at all.
    expect(await champion.page.getByRole('link', { name: /Insights/ }).count()).toBe(0)
    await champion.open('Business case')
    await champion.editor().waitFor()
    // Reading takes a moment; then she moves on, which closes the reading interval.
    await champion.page.waitForTimeout(1500)
    await champion.open('Plan')

    // Her row in the time-per-section table (the reminders table lists her too).
    const row = seller.page
      .getByRole('region', { name: 'Time per person and section' })
      .getByRole('row', { name: new RegExp(deal.names.champion) })
    await row.waitFor({ timeout: 5000 })
    await expect
      .poll(async () => (await row.getByRole('cell').nth(4).innerText()).trim(), { timeout: 5000 })
      .toMatch(/^\d+ s$/)
    await expect
      .poll(() => coverage.innerText(), { timeout: 5000 })
      .toContain('1 of 3 invited buyers engaged')
    await seller.page.screenshot({ path: join(ARTIFACTS, 'insights-desktop.png'), fullPage: true })

    // The seller's room list shows the deal's health, explained.
    await seller.page.goto(room.server().url)
    const listed = seller.page
      .locator('.room-list')
      .getByRole('link', { name: /Acme — analytics rollout/ })
    await listed.waitFor()
    expect(await listed.innerText()).toMatch(/^\d{1,3}\s/)
    await seller.page.screenshot({
      path: join(ARTIFACTS, 'rooms-with-health-desktop.png'),
      fullPage: true,
    })
  })
})
