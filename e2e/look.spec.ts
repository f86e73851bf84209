import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS } from './fixtures/browser.ts'
import { useDealRoom } from './fixtures/people.ts'
import type { SectionName } from './fixtures/room-page.ts'

const SECTIONS: SectionName[] = ['Overview', 'Plan', 'Business case', 'Stakeholders']

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    )
}

describe('how the room looks and reads', () => {
  const room = useDealRoom()

  it('has no serious or critical accessibility violations on any section (axe)', async () => {
    const deal = await room.deal()
    const champion = await room.enter(deal.links.champion)
    await champion.open('Plan')
    const seller = await room.enter(deal.sellerLink)
    for (const section of SECTIONS) {
      await seller.open(section)
      if (section === 'Business case') await seller.editor().waitFor()
      expect(await seriousViolations(seller.page), section).toEqual([])
    }
  })

  it('saves screenshots of the room at desktop and phone widths', async () => {
    const deal = await room.deal()
    // Someone else in the room, so presence shows.
    const champion = await room.enter(deal.links.champion)
    await champion.open('Plan')
    const sizes = [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 390, height: 844 }],
    ] as const
    for (const [name, viewport] of sizes) {
      const seller = await room.enter(await deal.newSellerLink(), viewport)
      for (const section of SECTIONS) {
        await seller.open(section)
        if (section === 'Business case') await seller.editor().waitFor()
        const file = `room-${section.toLowerCase().replace(' ', '-')}-${name}.png`
        await seller.page.screenshot({
          path: join(ARTIFACTS, file),
          fullPage: section !== 'Business case',
        })
      }
    }
  })
})
