import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { editRoomDocument } from '../server/src/collaboration/server-edit.ts'
import { addStakeholder, addTask, listMilestones } from '../shared/src/room/index.ts'
import { ARTIFACTS } from './fixtures/browser.ts'
import { useDealRoom } from './fixtures/people.ts'

/** Serious or critical axe findings in the parts this feature draws. */
async function violations(page: Page, selectors: string[]): Promise<string[]> {
  let builder = new AxeBuilder({ page })
  for (const selector of selectors) builder = builder.include(selector)
  const results = await builder.analyze()
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help}`)
}

describe('next best actions and reminders for the seller team', () => {
  const room = useDealRoom()

  it('the seller sees what to do with its reason, lands where to act, dismisses by keyboard, and manages reminders', async () => {
    const deal = await room.deal()
    const { server, storage } = room.server()
    const seller = await storage.findPersonByEmail('sam1@vendor.test')
    if (!seller) throw new Error('no seller')
    // The buyer's map has their general counsel, not invited; a buyer task is overdue.
    await editRoomDocument(
      server.collaboration.hocuspocus,
      deal.roomId,
      { personId: seller.id, name: seller.name, role: 'owner' },
      (doc) => {
        addStakeholder(doc, { name: 'Morgan Reyes', title: 'General counsel', buyingRole: 'legal' })
        addTask(doc, {
          milestoneId: listMilestones(doc)[0]?.id ?? '',
          title: 'Security review',
          side: 'buyer',
          dueDate: '2026-01-05',
        })
      },
    )

    const view = await room.enter(deal.sellerLink)
    const { page } = view
    await page.getByRole('link', { name: /Insights/ }).click()
    const actions = page.getByRole('region', { name: 'Next best actions' })
    const invite = actions.getByRole('link', { name: 'Invite Morgan Reyes' })
    await invite.waitFor()
    expect(await actions.innerText()).toContain(
      'Morgan Reyes (General counsel) is on the stakeholder map but not invited',
    )
    expect(await actions.innerText()).toMatch(/“Security review” is \d+ days overdue/)
    const reminders = page.getByRole('region', { name: 'Reminders' })
    await reminders
      .getByRole('row', { name: new RegExp(deal.names.viewer) })
      .first()
      .waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'next-actions-desktop.png'), fullPage: true })
    expect(await violations(page, ['.next-actions', '.nudges'])).toEqual([])

    // The link lands on the invite form, its first field focused.
    await invite.click()
    await page.waitForURL(/\/stakeholders\/invite$/)
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('.access form') !== null))
      .toBe(true)
    await page.goBack()
    await actions.getByRole('link', { name: 'Invite Morgan Reyes' }).waitFor()

    // Dismissed with the keyboard; it stays dismissed after a reload.
    await actions.getByRole('button', { name: 'Dismiss: Invite Morgan Reyes' }).focus()
    await page.keyboard.press('Enter')
    await expect
      .poll(() => actions.getByRole('link', { name: 'Invite Morgan Reyes' }).count())
      .toBe(0)
    await page.reload()
    await actions.getByRole('link', { name: /Ask the buyer about it/ }).waitFor()
    expect(await actions.getByRole('link', { name: 'Invite Morgan Reyes' }).count()).toBe(0)

    // Reminders: the viewer's turned off with the keyboard.
    const viewerSwitch = reminders.getByRole('checkbox', { name: deal.names.viewer })
    await viewerSwitch.focus()
    await page.keyboard.press('Space')
    await expect.poll(() => viewerSwitch.isChecked()).toBe(false)
    await expect
      .poll(async () =>
        reminders
          .getByRole('row', { name: new RegExp(deal.names.viewer) })
          .first()
          .innerText(),
      )
      .toContain('Turned off')

    // Phone width: the same, readable.
    const phone = await room.enter(await deal.newSellerLink(), { width: 390, height: 844 })
    await phone.page.goto(`${room.server().url}/r/${deal.roomId}/insights`)
    await phone.page
      .getByRole('region', { name: 'Next best actions' })
      .getByRole('link')
      .first()
      .waitFor()
    await phone.page.screenshot({ path: join(ARTIFACTS, 'next-actions-phone.png'), fullPage: true })

    // Across rooms, on the home page.
    await page.goto(room.server().url)
    const home = page.getByRole('region', { name: 'Next best actions' })
    await home.getByRole('link', { name: /Ask the buyer about it/ }).waitFor()
    expect(await home.innerText()).toContain('Acme — analytics rollout')
    await page.screenshot({ path: join(ARTIFACTS, 'next-actions-home-desktop.png') })
    expect(await violations(page, ['.next-actions'])).toEqual([])
    await phone.page.goto(room.server().url)
    await phone.page
      .getByRole('region', { name: 'Next best actions' })
      .getByRole('link')
      .first()
      .waitFor()
    await phone.page.screenshot({ path: join(ARTIFACTS, 'next-actions-home-phone.png') })

    // Dismissed from the home page too: nothing left to do, said in words.
    await home.getByRole('button', { name: /^Dismiss: Ask the buyer about it/ }).click()
    await home.getByText('Nothing to do — your rooms need nothing from you right now.').waitFor()
    await page.goto(`${room.server().url}/r/${deal.roomId}/insights`)
    await actions.getByText(/^Nothing to do — /).waitFor()
  }, 120_000)
})
