import { describe, expect, it } from 'vitest'
import { useDealRoom } from './fixtures/people.ts'

describe('working offline', () => {
  const room = useDealRoom()

  it('edits made offline survive a reload and merge with what others did meanwhile', async () => {
    const deal = await room.deal()
    const seller = await room.enter(deal.sellerLink)
    const champion = await room.enter(deal.links.champion)
    const page = champion.page
    // Offline support needs the service worker in control and the editor code on this device.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null)))
      await page.reload()
    await champion.syncBadge.filter({ hasText: 'Synced' }).waitFor()
    await champion.open('Business case')
    await champion.editor().waitFor()
    await champion.open('Plan')

    await page.context().setOffline(true)
    await champion.syncBadge
      .filter({ hasText: 'Offline — changes saved on this device' })
      .waitFor({ timeout: 5000 })
    await champion.addTask('Evaluation', 'Book the IT review (offline)')
    await champion.open('Business case')
    await champion.caretAfterSection('Impact')
    await page.keyboard.type(' Written on the plane.')

    // Meanwhile, the seller keeps working online.
    await seller.open('Plan')
    await seller.addTask('Evaluation', 'Send the security pack')
    await seller.open('Business case')
    await seller.editor().waitFor()
    await seller.caretAfterSection('Solution')
    await seller.page.keyboard.type(' Rollout in two waves.')

    // A reload with no network still shows the room and the local edits.
    await page.reload()
    await champion.syncBadge.filter({ hasText: 'Offline' }).waitFor({ timeout: 10_000 })
    await champion.editor().waitFor()
    expect(await champion.editorText()).toContain('Written on the plane.')
    expect(await champion.editorText()).not.toContain('Rollout in two waves.')
    await champion.open('Plan')
    await champion.task('Book the IT review (offline)').waitFor()
    expect(await champion.task('Send the security pack').count()).toBe(0)

    // Back online: both converge, nothing lost on either side.
    await page.context().setOffline(false)
    await champion.syncBadge.filter({ hasText: 'Synced' }).waitFor({ timeout: 15_000 })
    await champion.task('Send the security pack').waitFor({ timeout: 5000 })
    await seller.open('Plan')
    await seller.task('Book the IT review (offline)').waitFor({ timeout: 5000 })
    await champion.open('Business case')
    await seller.open('Business case')
    await expect
      .poll(async () => (await seller.editorText()) === (await champion.editorText()), {
        timeout: 5000,
      })
      .toBe(true)
    const text = await seller.editorText()
    expect(text).toContain('Written on the plane.')
    expect(text).toContain('Rollout in two waves.')
  })
})
