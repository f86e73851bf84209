import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { inviteBuyer } from '../server/src/access/invites.ts'
import { addTestDocument, makePdf } from '../server/src/testing/documents.ts'
import { ARTIFACTS } from './fixtures/browser.ts'
import { DocumentsView } from './fixtures/documents-page.ts'
import { useDealRoom } from './fixtures/people.ts'

const MARKER = 'ORIGINAL-BYTES-MARKER'
const pdf = async (name: string, pages: number) => ({
  name,
  mimeType: 'application/pdf',
  buffer: await makePdf(pages, MARKER),
})
const deck = () => ({
  name: 'Rollout plan.pptx',
  mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  buffer: readFileSync(join(process.cwd(), 'server/src/content/fixtures/deck.pptx')),
})

/** A row of a table as { column header: cell text }. */
async function rowByColumn(table: Locator, row: Locator): Promise<Record<string, string>> {
  const headers = await table.getByRole('columnheader').allInnerTexts()
  const cells = await row.getByRole('cell').allInnerTexts()
  // The first column is the row's header (the reader's name).
  return Object.fromEntries(headers.slice(1).map((header, index) => [header, cells[index] ?? '']))
}

describe('documents in the room', () => {
  const room = useDealRoom()

  it('a seller adds a PDF and a PPTX; the champion reads pages 1–3; the seller’s Insights shows her time on each page within 5 s', async () => {
    const deal = await room.deal()
    const seller = await room.enter(deal.sellerLink)
    const sellerDocs = await new DocumentsView(seller).open()
    expect(await seller.page.getByText('No documents yet.').isVisible()).toBe(true)
    await sellerDocs.add(await pdf('Proposal.pdf', 5), deck())
    await sellerDocs
      .upload('Proposal.pdf')
      .getByText(/Added as “Proposal”/)
      .waitFor()
    await sellerDocs
      .upload('Rollout plan.pptx')
      .getByText(/Added as “Rollout plan”/)
      .waitFor({ timeout: 60_000 })
    await sellerDocs.link('Proposal').waitFor()
    expect(await sellerDocs.row('Proposal').innerText()).toMatch(/v1\s+5 pages\s+View only/)
    expect(await sellerDocs.row('Rollout plan').innerText()).toMatch(/v1\s+\d+ pages?/)
    await seller.page.screenshot({
      path: join(ARTIFACTS, 'documents-desktop.png'),
      fullPage: true,
    })

    // The seller watches Insights while the champion reads.
    await seller.page.getByRole('link', { name: /Insights/ }).click()
    const table = seller.page.getByRole('table', { name: 'Time per page of Proposal' })

    const champion = await room.enter(deal.links.champion)
    const docs = await new DocumentsView(champion).open()
    await docs.link('Proposal').waitFor()
    // Buyers read; they do not manage.
    expect(await champion.page.getByRole('button', { name: 'Versions' }).count()).toBe(0)
    await docs.read('Proposal')
    expect(await champion.page.getByRole('link', { name: 'Download PDF' }).count()).toBe(0)
    // Reading takes a moment on each page (the scenario, not a wait for a condition).
    await champion.page.waitForTimeout(1500)
    await docs.nextPage()
    await docs.pageImage(2).waitFor()
    await champion.page.waitForTimeout(1500)
    await champion.page.keyboard.press('ArrowRight')
    await docs.pageImage(3).waitFor()
    await champion.page.waitForTimeout(1500)
    await champion.page.screenshot({ path: join(ARTIFACTS, 'viewer-desktop.png') })
    await docs.backToList()

    // Within 5 s of her leaving the viewer, every page she read shows her time on it.
    const danaRow = table.getByRole('row', { name: new RegExp(deal.names.champion) })
    const times = () => rowByColumn(table, danaRow)
    await expect
      .poll(async () => (await danaRow.count()) > 0 && (await times())['p. 3'], { timeout: 5000 })
      .toMatch(/^\d+ s$/)
    const read = await times()
    expect(read['p. 1']).toMatch(/^\d+ s$/)
    expect(read['p. 2']).toMatch(/^\d+ s$/)
    expect(read['p. 4']).toBe('—')
    expect(read.Read).toBe('60% (3/5)')
    await seller.page
      .getByRole('region', { name: 'Documents' })
      .screenshot({ path: join(ARTIFACTS, 'insights-documents-desktop.png') })
  })

  it('a view-only document’s original bytes reach no response the buyer’s page receives; an allowed download is stamped with the reader’s name', async () => {
    const deal = await room.deal()
    const seller = await room.enter(deal.sellerLink)
    const sellerDocs = await new DocumentsView(seller).open()
    await sellerDocs.add(await pdf('Pricing.pdf', 3))
    await sellerDocs.link('Pricing').waitFor({ timeout: 30_000 })

    const champion = await room.enter(deal.links.champion)
    const bodies: Buffer[] = []
    champion.page.on('response', (response) => {
      void response.body().then(
        (body) => bodies.push(body),
        () => undefined,
      )
    })
    const docs = await new DocumentsView(champion).open()
    await docs.read('Pricing')
    await docs.nextPage()
    await docs.pageImage(2).waitFor()
    await champion.page.getByRole('button', { name: 'Zoom in' }).click()
    await docs.nextPage()
    await docs.pageImage(3).waitFor()
    // Even asked for directly, the view-only file is not given out.
    const url = champion.page.url().split('?')[0]
    const refused = await champion.page.evaluate(
      async (path) => {
        const response = await fetch(`${path.replace('/r/', '/api/rooms/')}/download`)
        return response.status
      },
      new URL(url ?? '').pathname,
    )
    expect(refused).toBe(403)
    expect(bodies.length).toBeGreaterThan(3)
    for (const body of bodies) {
      expect(body.includes(MARKER)).toBe(false)
      expect(body.subarray(0, 5).toString()).not.toBe('%PDF-')
    }

    // The seller allows downloads: the champion's copy carries her name on every page.
    await sellerDocs
      .row('Pricing')
      .getByLabel('Download policy of Pricing')
      .selectOption('download')
    const download = champion.page.getByRole('link', { name: 'Download PDF' })
    await download.waitFor({ timeout: 5000 })
    const [file] = await Promise.all([champion.page.waitForEvent('download'), download.click()])
    const saved = join(tmpdir(), `quorum-e2e-${Date.now()}.pdf`)
    await file.saveAs(saved)
    const text = execFileSync('pdftotext', [saved, '-']).toString()
    expect(text).toContain(deal.names.champion)
    expect(text.split('\f').filter((page) => page.includes(deal.names.champion))).toHaveLength(3)
    writeFileSync(saved, '')
  })
})

describe('adding files', () => {
  const room = useDealRoom()

  it('a file of another type is refused with a clear message; an upload in flight can be cancelled and leaves nothing', async () => {
    const deal = await room.deal()
    const champion = await room.enter(deal.links.champion)
    const docs = await new DocumentsView(champion).open()
    // The champion adds files too (the seller team manages them).
    await docs.add({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Just text') })
    const refused = docs.upload('notes.txt').getByRole('alert')
    await refused.waitFor({ timeout: 10_000 })
    expect(await refused.innerText()).toMatch(/PDF/)

    // A slow uplink, so the upload is still on its way when Cancel is pressed.
    const network = await champion.page.context().newCDPSession(champion.page)
    await network.send('Network.enable')
    await network.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 256 * 1024,
    })
    await docs.add({
      name: 'Big deck.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([await makePdf(2), Buffer.alloc(8 * 1024 * 1024, 32)]),
    })
    const row = docs.upload('Big deck.pdf')
    const bar = row.getByRole('progressbar', { name: 'Upload of Big deck.pdf' })
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 10_000 })
      .toBeGreaterThan(0)
    await row.getByRole('button', { name: 'Cancel upload of Big deck.pdf' }).click()
    await row.getByText('Cancelled').waitFor()
    await network.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    })
    expect(await docs.list().count()).toBe(0)
    expect(await room.server().storage.listFiles(deal.roomId)).toEqual([])
    await row.getByRole('button', { name: 'Dismiss Big deck.pdf' }).click()
    expect(await row.count()).toBe(0)
  })
})

describe('versions and places in the plan', () => {
  const room = useDealRoom()

  it('a new version with a note reaches the timeline and “what changed”; the seller restores an older one; a document placed on a milestone opens from the plan', async () => {
    const deal = await room.deal()
    const champion = await room.enter(deal.links.champion)
    // Her visit ends, so "what changed" has something to compare with.
    await champion.page.close()

    const seller = await room.enter(deal.sellerLink)
    const docs = await new DocumentsView(seller).open()
    await docs.add(await pdf('Pricing.pdf', 2))
    await docs.link('Pricing').waitFor({ timeout: 30_000 })
    const row = docs.row('Pricing')
    await row.getByRole('button', { name: 'New version' }).click()
    await row.getByRole('textbox', { name: 'What changed in this version' }).fill('Volume discount')
    await row
      .getByLabel('File for the new version of Pricing')
      .setInputFiles(await pdf('Pricing v2.pdf', 4))
    await docs
      .upload('Pricing v2.pdf')
      .getByText(/version 2 · 4 pages/)
      .waitFor({ timeout: 30_000 })
    expect(await row.innerText()).toMatch(/v2\s+4 pages/)

    await row.getByRole('button', { name: 'Versions' }).click()
    const versions = seller.page.getByRole('region', { name: 'Versions of Pricing' })
    await versions.getByText('Volume discount').waitFor()
    await versions.getByRole('button', { name: 'Restore version 1 of Pricing' }).click()
    await row.getByText('v3').waitFor()
    await expect.poll(() => versions.getByRole('listitem').count()).toBe(3)

    // Placed next to a milestone: the plan shows it, and it opens from there.
    await row.getByLabel('Place Pricing next to').selectOption({ label: 'Milestone: Evaluation' })
    await row.getByText('Next to Evaluation').waitFor()
    await seller.open('Plan')
    await seller.milestone('Evaluation').getByRole('link', { name: 'Pricing' }).click()
    await new DocumentsView(seller).pageImage(1).waitFor()
    expect(await seller.page.getByRole('spinbutton', { name: 'Page number' }).inputValue()).toBe(
      '1',
    )
    expect(await seller.page.getByText('of 2', { exact: true }).count()).toBe(1)

    // The champion comes back: what changed, and the timeline, say so in words.
    const back = await room.enter(await reinvite(deal.roomId, 'champion'))
    const changed = back.page.getByRole('list', { name: 'Changes since your last visit' })
    await changed.getByText(/Sam Seller updated “Pricing” to v3/).waitFor({ timeout: 5000 })
    expect(await changed.innerText()).toMatch(/Sam Seller added the document “Pricing”/)
    await back.page.getByRole('link', { name: 'Activity' }).click()
    await back.page
      .getByRole('list', { name: 'Activity' })
      .getByText('updated “Pricing” to v2')
      .waitFor()
  })

  it('a document’s link pasted into the business case opens it in the viewer', async () => {
    const deal = await room.deal()
    const { storage, server } = room.server()
    const owner = (await storage.listMembers(deal.roomId)).find((member) => member.role === 'owner')
    await addTestDocument(server.files, {
      roomId: deal.roomId,
      personId: owner?.personId ?? '',
      bytes: await makePdf(2),
      title: 'Security questionnaire',
    })
    const seller = await room.enter(deal.sellerLink)
    await seller.page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    const docs = await new DocumentsView(seller).open()
    await docs
      .row('Security questionnaire')
      .getByRole('button', { name: 'Copy link to Security questionnaire' })
      .click()
    await docs.row('Security questionnaire').getByRole('status').waitFor()
    const link = await seller.page.evaluate(() => navigator.clipboard.readText())
    expect(link).toMatch(new RegExp(`/r/${deal.roomId}/documents/[A-Za-z0-9_-]+$`))

    await seller.open('Business case')
    await seller.caretAfterSection('Impact')
    await seller.page.keyboard.type(` The answers: ${link} `)
    await seller.editor().getByRole('link', { name: link }).click()
    await docs.pageImage(1).waitFor()
    expect(seller.page.url()).toContain('/documents/')
  })

  /** A fresh personal link for a buyer already in the room (links are single use). */
  async function reinvite(roomId: string, role: 'champion') {
    const { storage, url } = room.server()
    const members = await storage.listMembers(roomId)
    const member = members.find((each) => each.role === role)
    const { invite } = await inviteBuyer(storage, url, {
      roomId,
      email: member?.email ?? '',
      name: member?.name ?? '',
      role,
      ttlMs: null,
    })
    return `${url}${new URL(invite.url).pathname}`
  }
})
