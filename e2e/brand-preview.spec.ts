import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { createRoom } from '../server/src/collaboration/rooms.ts'
import { ARTIFACTS } from './fixtures/browser.ts'
import { useDealRoom } from './fixtures/people.ts'
import { RoomView } from './fixtures/room-page.ts'

const SIZES = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const

const shot = (file: string) => join(ARTIFACTS, file)

/** Serious or critical accessibility violations on the page (axe), as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`)
}

describe('branding, view as buyer and the room list', { timeout: 120_000 }, () => {
  const room = useDealRoom()

  it('the room list filters from the address; the branding page refuses a low-contrast accent', async () => {
    const deal = await room.deal()
    const { storage } = room.server()
    const owner = (await storage.getRoom(deal.roomId))?.ownerId ?? ''
    const email = (await storage.getPerson(owner))?.email ?? ''
    for (const [title, buyerOrg, targetCloseDate] of [
      ['Globex — security pilot', 'Globex Industries', '2027-05-12'],
      ['Initech — expansion', 'Initech', '2027-06-30'],
    ] as const)
      await createRoom(storage, { ownerEmail: email, title, buyerOrg, targetCloseDate })

    for (const [name, viewport] of SIZES) {
      const { page } = await room.person(viewport)
      await page.goto(await deal.newSellerLink())
      await page.waitForURL((url) => url.pathname === '/')
      const list = page.getByRole('list', { name: 'Rooms' })
      await expect.poll(() => list.getByRole('link').count()).toBe(3)
      // Words in the buyer's name, answered by the server once summaries have it.
      await page.getByRole('searchbox', { name: 'Search' }).fill('globex')
      await expect
        .poll(() => list.getByRole('link').allInnerTexts(), { timeout: 30_000 })
        .toEqual([expect.stringContaining('Globex — security pilot')])
      expect(new URL(page.url()).searchParams.get('q')).toBe('globex')
      await page.screenshot({ path: shot(`room-list-${name}.png`), fullPage: true })
      expect(await seriousViolations(page)).toEqual([])
      // The address keeps the filters: a reload shows the same list.
      await page.reload()
      await expect
        .poll(() => page.getByRole('list', { name: 'Rooms' }).getByRole('link').count())
        .toBe(1)
      await page.getByRole('button', { name: 'Clear filters' }).click()
      await expect.poll(() => list.getByRole('link').count()).toBe(3)

      await page.getByRole('link', { name: 'Branding' }).click()
      await page.getByRole('textbox', { name: 'Accent colour', exact: true }).fill('#f5a623')
      await expect
        .poll(() => page.getByText(/contrast of 2\.0:1; WCAG AA needs 4\.5:1/).count())
        .toBeGreaterThan(0)
      expect(await page.getByRole('button', { name: 'Save brand' }).isDisabled()).toBe(true)
      await page.getByRole('button', { name: /^Use #/ }).click()
      await page.getByRole('textbox', { name: 'Name in e-mails' }).fill('Vendor Sales')
      const logo = await sharp({
        create: { width: 320, height: 80, channels: 3, background: '#0b6e4f' },
      })
        .png()
        .toBuffer()
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logo })
      await page.getByRole('img', { name: 'Current logo' }).waitFor()
      await page.getByRole('button', { name: 'Save brand' }).click()
      await page.getByText('Saved.').waitFor()
      await page.screenshot({ path: shot(`branding-${name}.png`), fullPage: true })
      expect(await seriousViolations(page)).toEqual([])
    }
  })

  it('the seller previews the room as a viewer, read-only and without seller-only parts, and goes back to the list', async () => {
    const deal = await room.deal()
    const { storage } = room.server()
    await storage.putRoomBrand(deal.roomId, { welcomeNote: 'Welcome! Start with the plan.' }, 1)
    for (const [name, viewport] of SIZES) {
      const seller = await room.enter(await deal.newSellerLink(), viewport)
      const { page } = seller
      const sections = page.getByRole('navigation', { name: 'Room sections' })
      await sections.getByRole('link', { name: /Insights/ }).waitFor()
      await page.getByRole('combobox', { name: 'View as buyer' }).selectOption('viewer')
      await page.getByText('Previewing as Viewer').waitFor()
      await page.getByRole('button', { name: 'Exit preview' }).waitFor()
      // What a viewer sees: the welcome note, no Insights, no editing.
      await page.getByText('Welcome! Start with the plan.').waitFor()
      expect(await sections.getByRole('link', { name: /Insights/ }).count()).toBe(0)
      await seller.open('Plan')
      expect(new URL(page.url()).searchParams.get('preview')).toBe('viewer')
      await page.screenshot({ path: shot(`preview-banner-${name}.png`), fullPage: false })
      // The room's own sections are checked by look.spec.ts; here the banner, once.
      if (name === 'desktop') expect(await seriousViolations(page)).toEqual([])
      await page.getByRole('button', { name: 'Exit preview' }).click()
      await sections.getByRole('link', { name: /Insights/ }).waitFor()
      expect(await page.getByText('Previewing as').count()).toBe(0)
      // The way back to the list, and to another room from the keyboard.
      await page.getByRole('button', { name: /Switch room/ }).click()
      await page.getByRole('combobox', { name: 'Find one of your rooms' }).waitFor()
      await page.screenshot({ path: shot(`room-switcher-${name}.png`) })
      await page.keyboard.press('Escape')
      await page.getByRole('link', { name: /All rooms/ }).click()
      await page.waitForURL((url) => url.pathname === '/')
    }
    // Nothing in preview counted as a visit.
    const events = await storage.listEvents({ roomId: deal.roomId, kinds: ['room.opened'] })
    expect(events.every((event) => event.side === 'seller')).toBe(true)
  })

  it('a buyer sees the welcome note once', async () => {
    const deal = await room.deal()
    await room.server().storage.putRoomBrand(deal.roomId, { welcomeNote: 'Welcome, Acme team.' }, 1)
    const champion = await room.enter(deal.links.champion)
    await champion.page.getByText('Welcome, Acme team.').waitFor()
    await champion.page.getByRole('button', { name: 'Dismiss' }).click()
    await champion.page.reload()
    await champion.page.getByRole('navigation', { name: 'Room sections' }).waitFor()
    await champion.page.locator('.room__main').waitFor()
    expect(await champion.page.getByText('Welcome, Acme team.').count()).toBe(0)
    void RoomView
  })
})
