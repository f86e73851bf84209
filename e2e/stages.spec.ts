import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useDealRoom } from './fixtures/people.ts'

const SHOTS = join(process.cwd(), 'test-results', 'stages')

describe('deal stages and templates in the browser', () => {
  const room = useDealRoom()

  it('the seller archives the room from the deal menu: the buyer’s open page says the room has ended within a second', async () => {
    mkdirSync(SHOTS, { recursive: true })
    const deal = await room.deal()
    const buyer = await room.enter(deal.links.champion)
    const seller = await room.enter(deal.sellerLink)

    // The deal menu: a disclosure in the top bar, worked by keyboard.
    const menu = seller.page.locator('summary', { hasText: 'Deal' })
    await menu.focus()
    await seller.page.keyboard.press('Enter')
    const stages = seller.page.getByRole('group', { name: 'Deal stage' })
    await stages.getByRole('radio', { name: /^Lost/ }).check()
    // Lost asks why before it saves.
    const reason = seller.page.getByRole('textbox', { name: /Why was it lost/ })
    expect(await reason.getAttribute('required')).not.toBeNull()
    await reason.fill('Chose to build it in-house')
    await seller.page.getByRole('button', { name: 'Save stage' }).click()
    await seller.page.getByRole('status').filter({ hasText: 'The deal is lost.' }).waitFor()
    await seller.page.screenshot({ path: join(SHOTS, 'stage-control.png') })

    await stages.getByRole('radio', { name: /^Archived/ }).check()
    seller.page.once('dialog', (dialog) => void dialog.accept())
    await seller.page.getByRole('button', { name: 'Save stage' }).click()
    const archivedAt = Date.now()
    await buyer.page
      .getByRole('heading', { name: 'This room has ended' })
      .waitFor({ timeout: 3000 })
    expect(Date.now() - archivedAt).toBeLessThan(1500)
    await buyer.page.screenshot({ path: join(SHOTS, 'buyer-room-ended.png') })

    // The seller team keeps reading, and is told why it cannot edit.
    await seller.page.getByRole('note').filter({ hasText: 'This room is archived' }).waitFor()
    await seller.page.keyboard.press('Escape')
    await seller.page.screenshot({ path: join(SHOTS, 'seller-archived.png') })

    // A reload of the buyer's page says the same.
    await buyer.page.reload()
    await buyer.page.getByRole('heading', { name: 'This room has ended' }).waitFor()

    // Saved as a template, it is offered when creating a room.
    const templateName = seller.page.getByRole('textbox', { name: 'Save as a team template' })
    if (!(await templateName.isVisible()))
      await seller.page.locator('summary', { hasText: 'Deal' }).click()
    await templateName.fill('Analytics rollout')
    await seller.page.getByRole('button', { name: 'Save template' }).click()
    await seller.page
      .getByRole('status')
      .filter({ hasText: 'Template “Analytics rollout” saved' })
      .waitFor()
    await seller.page.goto(`${room.server().url}/`)
    const picker = seller.page.getByRole('combobox', { name: 'Template' })
    await picker.selectOption('Analytics rollout')
    await seller.page.getByRole('region', { name: 'Team templates' }).waitFor()
    await seller.page.screenshot({ path: join(SHOTS, 'template-picker.png'), fullPage: true })

    // The template is edited in the room editor, which says it is a template.
    await seller.page.getByRole('button', { name: 'Edit template Analytics rollout' }).click()
    await seller.page
      .getByRole('note')
      .filter({ hasText: 'Template “Analytics rollout”' })
      .waitFor()
    await seller.syncBadge.filter({ hasText: 'Synced' }).waitFor()
    await seller.open('Plan')
    await seller.page.screenshot({ path: join(SHOTS, 'template-editing.png') })
  })
})
