import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { changeAccess } from '../server/src/access/change-access.ts'
import { inviteBuyer } from '../server/src/access/invites.ts'
import { addTestDocument, makePdf } from '../server/src/testing/documents.ts'
import { ARTIFACTS } from './fixtures/browser.ts'
import { DocumentsView } from './fixtures/documents-page.ts'
import { useDealRoom } from './fixtures/people.ts'
import { RoomView } from './fixtures/room-page.ts'

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    )
}

describe('documents: who may read them, and reading offline', () => {
  const room = useDealRoom()

  /** A document added by the room's owner, as an upload would. */
  async function shareDocument(roomId: string, title: string, pages: number) {
    const { storage, server } = room.server()
    const owner = (await storage.listMembers(roomId)).find((member) => member.role === 'owner')
    if (!owner) throw new Error('no owner')
    return addTestDocument(server.files, {
      roomId,
      personId: owner.personId,
      bytes: await makePdf(pages),
      title,
    })
  }

  it('a colleague who joined by domain opens the pricing: “forwarded?” reaches the seller; once revoked, their page images are refused and the copies on their device are gone', async () => {
    const deal = await room.deal()
    const base = room.server().url
    const storage = room.server().storage
    await shareDocument(deal.roomId, 'Pricing', 3)
    await storage.setRoomAccess(deal.roomId, 'domain', ['buyer.test'])

    // Robin was not invited: she verifies her address at buyer.test.
    const { page } = await room.person()
    await page.goto(`${base}/r/${deal.roomId}`)
    await page.getByRole('textbox', { name: 'Work e-mail' }).fill('robin@buyer.test')
    await page.getByRole('button', { name: 'Send me a code' }).click()
    await page.getByRole('textbox', { name: '6-digit code' }).waitFor()
    await expect
      .poll(async () => (await storage.listOutbox(20)).some((m) => m.to === 'robin@buyer.test'))
      .toBe(true)
    const mail = (await storage.listOutbox(20)).find((m) => m.to === 'robin@buyer.test')
    const code = /\b(\d{6})\b/.exec(mail?.body ?? '')?.[1] ?? ''
    await page.getByRole('textbox', { name: '6-digit code' }).fill(code)
    await page.getByRole('button', { name: 'Open the room' }).click()
    await page.locator('output.sync', { hasText: 'Synced' }).waitFor()
    const robin = new DocumentsView(new RoomView(page))
    await robin.open()
    await robin.read('Pricing')
    const pageUrl = await robin.pageImage(1).evaluate(() => {
      const entries = performance.getEntriesByType('resource').map((entry) => entry.name)
      return entries.find((name) => name.includes('/pages/1')) ?? ''
    })
    expect(pageUrl).toContain(`/api/rooms/${deal.roomId}/documents/`)
    const keptPages = () =>
      page.evaluate(async () => {
        const names = await caches.keys()
        return names.filter((name) => name.startsWith('quorum-pages:')).length
      })
    expect(await keptPages()).toBe(1)

    // The seller's Insights says the document may have been forwarded.
    const seller = await room.enter(deal.sellerLink)
    await seller.page.getByRole('link', { name: /Insights/ }).click()
    const alerts = seller.page.getByRole('region', { name: 'Alerts' })
    await alerts.getByText(/Forwarded\? .*robin@buyer\.test.*“Pricing”/).waitFor({ timeout: 5000 })

    // Revoked: the room says so, page images are refused, and nothing of the room stays.
    const robinId = (await storage.findPersonByEmail('robin@buyer.test'))?.id ?? ''
    const owner = (await storage.listMembers(deal.roomId)).find((m) => m.role === 'owner')
    await changeAccess(
      storage,
      { id: owner?.personId ?? '', ip: null },
      { kind: 'revoke', roomId: deal.roomId, personId: robinId },
    )
    await page.getByRole('alert').filter({ hasText: 'Access revoked' }).waitFor({ timeout: 3000 })
    const statuses = await page.evaluate(async (url) => {
      const pages = [1, 2, 3].map((n) => url.replace('/pages/1', `/pages/${n}`))
      return Promise.all(pages.map(async (each) => (await fetch(each)).status))
    }, pageUrl)
    expect(statuses.every((status) => status === 401 || status === 403)).toBe(true)
    await expect.poll(keptPages).toBe(0)
  })

  it('pages already viewed stay readable offline, with the document list; others say they need the network', async () => {
    const deal = await room.deal()
    await shareDocument(deal.roomId, 'Security questionnaire', 4)
    const champion = await room.enter(deal.links.champion)
    const page = champion.page
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null)))
      await page.reload()
    await champion.syncBadge.filter({ hasText: 'Synced' }).waitFor()
    const docs = await new DocumentsView(champion).open()
    await docs.read('Security questionnaire')
    await docs.nextPage()
    await docs.pageImage(2).waitFor()
    await docs.backToList()

    await page.context().setOffline(true)
    await page.reload()
    await champion.syncBadge.filter({ hasText: 'Offline' }).waitFor({ timeout: 10_000 })
    await docs.link('Security questionnaire').waitFor()
    await docs.read('Security questionnaire')
    await page.getByText('Shown from this device (offline).').waitFor()
    await docs.nextPage()
    await docs.pageImage(2).waitFor()
    // Page 4 was never on screen (page 3 may have been loaded ahead while page 2 was read).
    await page.getByRole('spinbutton', { name: 'Page number' }).fill('4')
    expect(await page.getByRole('alert').innerText()).toContain(
      'has not been opened on this device before',
    )
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-offline-desktop.png') })
    // Back online, the page comes by itself.
    await page.context().setOffline(false)
    await docs.pageImage(4).waitFor({ timeout: 10_000 })
  })
})

describe('how the documents look and read', () => {
  const room = useDealRoom()

  it('has no serious accessibility violations and saves screenshots of the list and the viewer at desktop and phone widths', async () => {
    const deal = await room.deal()
    const { storage, server } = room.server()
    const owner = (await storage.listMembers(deal.roomId)).find((member) => member.role === 'owner')
    const add = async (title: string, pages: number, policy: 'view' | 'download') =>
      addTestDocument(server.files, {
        roomId: deal.roomId,
        personId: owner?.personId ?? '',
        bytes: await makePdf(pages),
        title,
        policy,
      })
    await add('Security questionnaire', 12, 'view')
    await add('Pricing — 2027 renewal', 3, 'download')
    await add('Proposal', 8, 'view')
    const sizes = [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 390, height: 844 }],
    ] as const
    for (const [name, viewport] of sizes) {
      const seller = await room.enter(await deal.newSellerLink(), viewport)
      const docs = await new DocumentsView(seller).open()
      await docs.link('Proposal').waitFor()
      expect(await seriousViolations(seller.page), `documents ${name}`).toEqual([])
      await seller.page.screenshot({
        path: join(ARTIFACTS, `documents-list-${name}.png`),
        fullPage: true,
      })
      await docs.read('Pricing — 2027 renewal')
      expect(await seriousViolations(seller.page), `viewer ${name}`).toEqual([])
      await seller.page.screenshot({ path: join(ARTIFACTS, `viewer-seller-${name}.png`) })

      // A buyer of her own at each width (personal links are single use).
      const { invite } = await inviteBuyer(storage, room.server().url, {
        roomId: deal.roomId,
        email: `reader-${name}@acme.test`,
        name: `Casey ${name === 'phone' ? 'Mobile' : 'Desk'}`,
        role: 'stakeholder',
        ttlMs: null,
      })
      const buyer = await room.enter(
        `${room.server().url}${new URL(invite.url).pathname}`,
        viewport,
      )
      const read = await new DocumentsView(buyer).open()
      await read.link('Proposal').waitFor()
      expect(await seriousViolations(buyer.page), `buyer documents ${name}`).toEqual([])
      await buyer.page.screenshot({
        path: join(ARTIFACTS, `documents-buyer-${name}.png`),
        fullPage: true,
      })
      await read.read('Proposal')
      await buyer.page.screenshot({ path: join(ARTIFACTS, `viewer-buyer-${name}.png`) })
    }
  }, 120_000) // Four people, two widths, four accessibility scans.
})
