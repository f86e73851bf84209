import { describe, expect, it } from 'vitest'
import { useDealRoom } from './fixtures/people.ts'

describe('the business case, co-written live', () => {
  const room = useDealRoom()

  it('both type at once, end with the same text, and see each other’s named caret', async () => {
    const deal = await room.deal()
    const seller = await room.enter(deal.sellerLink)
    const champion = await room.enter(deal.links.champion)
    await Promise.all([seller.open('Business case'), champion.open('Business case')])
    await Promise.all([seller.editor().waitFor(), champion.editor().waitFor()])

    await seller.caretAfterSection('Problem')
    await champion.caretAfterSection('Cost')
    await Promise.all([
      seller.page.keyboard.type(' Reporting takes nine days a month.', { delay: 15 }),
      champion.page.keyboard.type(' Budget approved for Q2.', { delay: 15 }),
    ])

    const text = (view: typeof seller) => view.editorText()
    await expect
      .poll(async () => (await text(seller)) === (await text(champion)), { timeout: 3000 })
      .toBe(true)
    const final = await text(seller)
    expect(final).toContain('it as it is. Reporting takes nine days a month.')
    expect(final).toContain('each figure. Budget approved for Q2.')

    // Each sees the other's caret, labelled with their name.
    await seller.page
      .locator('.collaboration-carets__label', { hasText: deal.names.champion })
      .waitFor({ timeout: 3000 })
    await champion.page
      .locator('.collaboration-carets__label', { hasText: deal.names.seller })
      .waitFor({ timeout: 3000 })
  })
})
