import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { changeAccess } from '../server/src/access/change-access.ts'
import { addTestDocument, makePdf } from '../server/src/testing/documents.ts'
import { ARTIFACTS } from './fixtures/browser.ts'
import { DocumentsView } from './fixtures/documents-page.ts'
import { useDealRoom } from './fixtures/people.ts'
import { RoomView } from './fixtures/room-page.ts'

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
    await docs.nextPage()
    expect(await page.getByRole('alert').innerText()).toContain(
      'has not been opened on this device before',
    )
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-offline-desktop.png') })
    // Back online, the page comes by itself.
    await page.context().setOffline(false)
    await docs.pageImage(3).waitFor({ timeout: 10_000 })
  })
})
