import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS } from './fixtures/browser.ts'
import { useDealRoom } from './fixtures/people.ts'
import { RoomView } from './fixtures/room-page.ts'

describe('conversation and consensus', () => {
  const room = useDealRoom()

  it('the CFO raises a concern and mentions the champion; a reply later the CFO agrees and the milestone is signed off', async () => {
    const deal = await room.deal()
    const cfoName = deal.names.stakeholder
    const championName = deal.names.champion
    const champion = await room.enter(deal.links.champion)
    const cfo = await room.enter(deal.links.stakeholder)
    const seller = await room.enter(deal.sellerLink)

    // The seller maps the CFO as the economic buyer and makes the business-case milestone need
    // the CFO's sign-off.
    await seller.open('Stakeholders')
    await seller.page
      .getByRole('combobox', { name: `Buying role of ${cfoName}` })
      .selectOption('economic-buyer')
    await seller.open('Plan')
    const milestone = seller.milestone('Business case')
    await milestone.getByRole('button', { name: 'Require sign-off' }).click()
    await milestone.getByRole('checkbox', { name: new RegExp(cfoName) }).check()
    await milestone.getByRole('button', { name: 'Done choosing' }).click()
    await milestone.getByText('Awaiting sign-off · 0 of 1').waitFor()

    // The CFO raises a concern on the cost section, with a note…
    await cfo.open('Business case')
    const outline = cfo.page.getByRole('complementary', {
      name: 'Sections, comments and agreement',
    })
    const costConsensus = outline.getByRole('region', { name: 'Consensus on Cost' })
    await costConsensus.getByRole('button', { name: 'Concern', exact: true }).click()
    await costConsensus
      .getByRole('textbox', { name: 'What is your concern?' })
      .fill('Services are 40% of year one. Can we phase them?')
    await costConsensus.getByRole('button', { name: 'Raise concern' }).click()
    expect(
      await costConsensus
        .getByRole('button', { name: 'Concern', exact: true })
        .getAttribute('aria-pressed'),
    ).toBe('true')

    // …and asks the champion about it in a thread on that section, with an @mention.
    await outline.getByRole('button', { name: 'Comments on Cost' }).click()
    const panel = cfo.page.getByRole('complementary', { name: 'Comments on Cost' })
    const box = panel.getByRole('combobox', { name: 'New comment on Cost' })
    await box.pressSequentially('Can you check this with procurement, @Dan')
    await panel.getByRole('option', { name: new RegExp(championName) }).waitFor()
    await box.press('Enter')
    await box.pressSequentially('?')
    expect(await box.inputValue()).toBe(`Can you check this with procurement, @${championName} ?`)
    await panel.getByRole('button', { name: 'Comment', exact: true }).click()
    await panel.getByRole('article').getByText('Can you check this with procurement').waitFor()

    // The champion, on another page of the room, is told at once.
    await champion.page.getByRole('button', { name: 'Mentions, 1 unread' }).waitFor()
    expect(
      await champion.page.getByRole('status').filter({ hasText: 'mentioned you' }).innerText(),
    ).toContain(`${cfoName} mentioned you`)

    // The seller sees the concern on the overview's consensus meter.
    await seller.open('Overview')
    const meter = seller.page.getByRole('region', { name: 'Consensus' })
    await meter.getByText('Services are 40% of year one').waitFor()
    expect(await meter.innerText()).toMatch(
      new RegExp(`${cfoName}\\s*Concern\\s*on\\s*Business case: Cost`),
    )
    await seller.page.screenshot({
      path: join(ARTIFACTS, 'overview-consensus-meter.png'),
      fullPage: true,
    })

    // The champion opens the mention and replies in the thread.
    await champion.page.getByRole('button', { name: 'Mentions, 1 unread' }).click()
    await champion.page
      .getByRole('region', { name: 'Mentions of you' })
      .getByRole('button', { name: /Can you check this with procurement/ })
      .click()
    const championPanel = champion.page.getByRole('complementary', { name: /Comments on/ })
    await championPanel.getByRole('button', { name: 'Reply' }).click()
    await championPanel
      .getByRole('combobox', { name: 'Reply' })
      .fill('Procurement agreed: services are phased over two years.')
    await championPanel.getByRole('button', { name: 'Reply', exact: true }).click()
    await champion.page.getByRole('button', { name: 'Mentions', exact: true }).waitFor()

    // The CFO sees the reply live in the open thread, and changes to agree.
    await panel.getByText('Procurement agreed: services are phased over two years.').waitFor()
    await cfo.page.screenshot({ path: join(ARTIFACTS, 'thread-on-cost-section.png') })
    await cfo.page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
    await costConsensus.getByRole('button', { name: 'Agree', exact: true }).click()
    await meter.getByText('Services are 40% of year one').waitFor({ state: 'detached' })

    // The milestone needs the CFO's agreement on it: given, it turns done for everyone.
    await cfo.open('Plan')
    await cfo
      .milestone('Business case')
      .getByRole('region', { name: 'Consensus on Business case' })
      .getByRole('button', { name: 'Agree', exact: true })
      .click()
    await seller.open('Plan')
    await milestone.getByText('Done · signed off').waitFor()
    expect(
      await milestone.getByRole('list', { name: 'Sign-off for Business case' }).innerText(),
    ).toContain(`${cfoName}: agreed`)
  })

  it('the CFO comes back to exactly the two sections the champion edited while they were away', async () => {
    const deal = await room.deal()
    const { context, page } = await room.person()
    const cfo = await new RoomView(page).enter(deal.links.stakeholder)
    const roomUrl = cfo.page.url()
    // A first visit has nothing to compare with.
    await cfo.page.getByText('this is your first visit').waitFor()
    await cfo.page.close()

    const champion = await room.enter(deal.links.champion)
    await champion.open('Business case')
    await champion.caretAfterSection('Problem')
    await champion.page.keyboard.type(' Month-end reporting takes six analysts four days.')
    await champion.caretAfterSection('Cost')
    await champion.page.keyboard.type(' Year one: 120k licences, 45k services.')
    await champion.syncBadge.filter({ hasText: 'Synced' }).waitFor()
    await champion.page.close()

    const again = new RoomView(await context.newPage())
    await again.page.goto(roomUrl)
    await again.syncBadge.filter({ hasText: 'Synced' }).waitFor()
    const changes = again.page.getByRole('list', { name: 'Changes since your last visit' })
    await changes.waitFor()
    const items = await changes.getByRole('listitem').allInnerTexts()
    expect(items).toHaveLength(2)
    expect(items.map((item) => item.replace(/\s+/g, ' ').trim()).sort()).toEqual([
      `BUSINESS CASE Cost edited by ${deal.names.champion}`,
      `BUSINESS CASE Problem edited by ${deal.names.champion}`,
    ])

    await again.page.screenshot({ path: join(ARTIFACTS, 'overview-what-changed.png') })

    // Each change jumps to its section.
    await changes.getByRole('link', { name: 'Cost' }).click()
    await again.page.waitForURL(/business-case#section-cost/)
    await again.editor().waitFor()

    // The timeline has the champion's edits, and filters by person.
    await again.page
      .getByRole('navigation', { name: 'Room sections' })
      .getByRole('link', { name: 'Activity' })
      .click()
    const timeline = again.page.getByRole('list', { name: 'Activity' })
    await timeline.getByText(/edited the business case: Cost/).waitFor()
    await again.page
      .getByRole('combobox', { name: 'Person' })
      .selectOption({ label: deal.names.stakeholder })
    await again.page.getByText('Nothing matches these filters yet.').waitFor()
    await again.page
      .getByRole('combobox', { name: 'Person' })
      .selectOption({ label: deal.names.champion })
    await expect.poll(() => timeline.getByRole('listitem').count()).toBe(2)
    await again.page.screenshot({ path: join(ARTIFACTS, 'activity-timeline.png') })
  })
})

describe('comments on words of the business case', () => {
  const room = useDealRoom()

  it('a comment on a few words keeps pointing at them while someone types before them; @ mentions a member in the text', async () => {
    const deal = await room.deal()
    const champion = await room.enter(deal.links.champion)
    const seller = await room.enter(deal.sellerLink)
    await champion.open('Business case')
    await seller.open('Business case')

    // Select "approvers care about" at the end of the Impact prompt and comment on it.
    const words = 'approvers care about'
    await champion.caretAfterSection('Impact')
    await champion.page.keyboard.press('ArrowLeft')
    for (let i = 0; i < words.length; i++) await champion.page.keyboard.press('Shift+ArrowLeft')
    await champion.page.getByRole('button', { name: 'Comment on selection' }).click()
    const panel = champion.page.getByRole('complementary', {
      name: 'Comments on the selected text',
    })
    expect(await panel.locator('blockquote').innerText()).toBe(words)
    await panel.getByRole('combobox', { name: /New comment/ }).fill('Which approvers? Name them.')
    await panel.getByRole('button', { name: 'Comment', exact: true }).click()
    await champion.page
      .getByRole('complementary', { name: /Comments on/ })
      .getByText('Which approvers?')
      .waitFor()

    const highlight = (view: typeof champion) => view.editor().locator('.comment-range')
    await expect.poll(() => highlight(seller).allInnerTexts()).toEqual([words])

    // The seller types at the start of that paragraph; the highlight stays on the same words.
    await seller.caretAfterSection('Impact')
    await seller.page.keyboard.press('Home')
    await seller.page.keyboard.type('In short: ')
    await expect
      .poll(() => champion.editorText())
      .toContain('In short: What changes when this is solved')
    // (Highlights are rebuilt from the anchors just after each change arrives.)
    await expect.poll(() => highlight(champion).allInnerTexts()).toEqual([words])
    await expect.poll(() => highlight(seller).allInnerTexts()).toEqual([words])

    // Typing right after the words stays outside the comment.
    await champion.caretAfterSection('Impact')
    await champion.page.keyboard.press('ArrowLeft')
    await champion.page.keyboard.type(' today')
    await expect.poll(() => seller.editorText()).toContain('approvers care about today.')
    await expect.poll(() => highlight(seller).allInnerTexts()).toEqual([words])

    // Clicking the highlight opens its thread.
    await champion.page.getByRole('button', { name: 'Close comments' }).click()
    await highlight(champion).click()
    await champion.page
      .getByRole('complementary', { name: /Comments on/ })
      .getByText('Which approvers?')
      .waitFor()
    await champion.page.getByRole('button', { name: 'Close comments' }).click()

    // "@" in the text offers the room's members; the mention shows for everyone.
    await champion.caretAfterSection('Decision')
    await champion.page.keyboard.type(' Owner: @Sa')
    await champion.page
      .getByRole('listbox', { name: 'People to mention' })
      .getByRole('option', { name: deal.names.seller })
      .waitFor()
    await champion.page.keyboard.press('Enter')
    await seller
      .editor()
      .locator('.mention')
      .filter({ hasText: `@${deal.names.seller}` })
      .waitFor()
    // …and the person mentioned is told, with where.
    await seller.page.getByRole('button', { name: 'Mentions, 1 unread' }).waitFor()
    expect(
      await seller.page.getByRole('status').filter({ hasText: 'mentioned you' }).innerText(),
    ).toBe(`${deal.names.champion} mentioned you in the business case, Decision`)
  })
})

describe('who has read the latest version (seller team)', () => {
  const room = useDealRoom()

  it('the seller stars the cost section and sees who has not read its latest version, until they do', async () => {
    const deal = await room.deal()
    const champion = await room.enter(deal.links.champion)
    const seller = await room.enter(deal.sellerLink)
    await seller.open('Business case')
    await seller.caretAfterSection('Cost')
    await seller.page.keyboard.type(' Year one: 120k.')
    const outline = seller.page.getByRole('complementary', {
      name: 'Sections, comments and agreement',
    })
    await outline.getByRole('button', { name: 'Important: Cost' }).click()
    const cost = outline.locator('[data-outline-section="cost"]')
    await cost
      .getByText(`Not seen the latest version: ${deal.names.champion}`)
      .waitFor({ timeout: 15_000 })
    // Buyers never see the seller team's stars.
    await champion.open('Business case')
    expect(await champion.page.getByRole('button', { name: 'Important: Cost' }).count()).toBe(0)
    // The champion reads the cost section (on screen for a few seconds).
    await champion.editor().locator('h2', { hasText: 'Cost' }).scrollIntoViewIfNeeded()
    await cost
      .getByText('Every buyer in the room has seen the latest version.')
      .waitFor({ timeout: 20_000 })
    await seller.page.screenshot({ path: join(ARTIFACTS, 'business-case-outline-seller.png') })
  })
})
