import { describe, expect, it } from 'vitest'
import { useDealRoom } from './fixtures/people.ts'

describe('the mutual action plan, live for seller and champion', () => {
  const room = useDealRoom()

  it('a task added, assigned, dated and completed by one appears for the other within a second', async () => {
    const deal = await room.deal()
    const seller = await room.enter(deal.sellerLink)
    const champion = await room.enter(deal.links.champion)
    await Promise.all([seller.open('Plan'), champion.open('Plan')])

    const row = await seller.addTask('Discovery', 'Share the pricing model')
    const theirs = champion.task('Share the pricing model')
    await theirs.waitFor({ timeout: 1000 })

    // The champion is on the stakeholder map (the server added her when she joined): assign her.
    await row.getByRole('combobox', { name: 'Owner' }).selectOption({ label: deal.names.champion })
    await expect
      .poll(() => theirs.getByRole('combobox', { name: 'Owner' }).inputValue(), { timeout: 1000 })
      .not.toBe('')
    expect(
      await theirs.getByRole('combobox', { name: 'Owner' }).locator('option:checked').textContent(),
    ).toBe(deal.names.champion)

    await row.getByRole('textbox', { name: 'Due date' }).fill('2027-03-15')
    await expect
      .poll(() => theirs.getByRole('textbox', { name: 'Due date' }).inputValue(), { timeout: 1000 })
      .toBe('2027-03-15')

    const before = await champion.planProgress().getAttribute('aria-valuetext')
    expect(before).toBe('0 of 16 tasks done')
    await row.getByRole('checkbox', { name: 'Done: Share the pricing model' }).check()
    await expect.poll(() => theirs.getByRole('checkbox').isChecked(), { timeout: 1000 }).toBe(true)
    for (const view of [seller, champion]) {
      await expect
        .poll(() => view.planProgress().getAttribute('aria-valuetext'), { timeout: 1000 })
        .toBe('1 of 16 tasks done')
    }

    // "My tasks" shows the champion what she owns.
    await champion.page.getByRole('button', { name: 'My tasks' }).click()
    const mine = champion.page.locator('input[aria-label="Task title"]')
    await expect
      .poll(async () =>
        mine.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
      )
      .toEqual(['Share the pricing model'])
  })

  it('reorders with the keyboard and the other side sees the new order', async () => {
    const deal = await room.deal()
    const seller = await room.enter(deal.sellerLink)
    const champion = await room.enter(deal.links.champion)
    await Promise.all([seller.open('Plan'), champion.open('Plan')])
    const titles = (view: typeof seller) =>
      view
        .milestone('Discovery')
        .locator('input[aria-label="Task title"]')
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))
    const initial = await titles(seller)
    const third = initial[2] ?? ''
    const handle = seller.page.getByRole('button', { name: `Move "${third}"` })
    await handle.focus()
    await seller.page.keyboard.press('ArrowUp')
    await seller.page.keyboard.press('ArrowUp')
    const expected = [third, initial[0], initial[1]]
    await expect.poll(() => titles(seller)).toEqual(expected)
    await expect.poll(() => titles(champion), { timeout: 1000 }).toEqual(expected)
    // Focus stays on the moved task, so a keyboard user can keep going.
    expect(
      await seller.page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
    ).toBe(`Move "${third}"`)
  })
})
