import { describe, expect, it } from 'vitest'
import { useDealRoom } from './fixtures/people.ts'

describe('a viewer', () => {
  const room = useDealRoom()

  it('sees everything and can change nothing', async () => {
    const deal = await room.deal()
    const viewer = await room.enter(deal.links.viewer)
    const page = viewer.page
    await page.getByRole('note').filter({ hasText: 'You are viewing this room' }).waitFor()

    await viewer.open('Plan')
    const titles = page.getByRole('textbox', { name: 'Task title' })
    expect(await titles.count()).toBe(15)
    for (const title of await titles.all())
      expect(await title.getAttribute('readonly')).not.toBeNull()
    for (const box of await page.getByRole('checkbox').all())
      expect(await box.isDisabled()).toBe(true)
    for (const select of await page.getByRole('combobox').all())
      expect(await select.isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: 'Add task' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Move / }).count()).toBe(0)

    await viewer.open('Business case')
    const editor = viewer.editor()
    await editor.waitFor()
    expect(await editor.getAttribute('contenteditable')).toBe('false')
    await page.getByRole('note').filter({ hasText: 'View only' }).waitFor()
    const before = await editor.innerText()
    await editor.click()
    await page.keyboard.type('should not appear')
    expect(await editor.innerText()).toBe(before)

    await viewer.open('Stakeholders')
    expect(await page.getByRole('button', { name: 'Add stakeholder' }).count()).toBe(0)
  })
})
