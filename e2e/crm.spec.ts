import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hubspotServer } from '../server/src/testing/crm-servers.ts'
import { ARTIFACTS } from './fixtures/browser.ts'
import { useDealRoom } from './fixtures/people.ts'
import { RoomView } from './fixtures/room-page.ts'

describe('HubSpot, as a seller connects it', () => {
  let hubspot: Awaited<ReturnType<typeof hubspotServer>> | undefined
  beforeAll(async () => {
    hubspot = await hubspotServer({ closeAfterTest: false })
  })
  afterAll(() => hubspot?.close())
  const room = useDealRoom(() => ({ HUBSPOT_API_URL: hubspot?.url ?? '' }))

  it('connects HubSpot, creates a room from a deal, and invites a contact from the stakeholder map', async () => {
    const deal = await room.deal()
    const { page } = await room.person()
    await page.goto(await deal.newSellerLink())
    await page.waitForURL((url) => url.pathname === '/')
    await page.goto(`${room.server().url}/settings/integrations`)

    const card = page.getByRole('list', { name: 'CRM connections' }).getByRole('listitem').first()
    await card.getByLabel('Private app access token').fill('pat-wrong')
    await card.getByRole('button', { name: 'Connect HubSpot' }).click()
    await page.getByRole('alert').filter({ hasText: 'HubSpot refused the credentials' }).waitFor()
    await card.getByLabel('Private app access token').fill('pat-test')
    await card.getByRole('button', { name: 'Connect HubSpot' }).click()
    await card.getByText(/^Connected /).waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'crm-integrations.png'), fullPage: true })

    await card.getByLabel('New room from a deal (id)').fill('1001')
    await card.getByRole('button', { name: 'Create room' }).click()
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]+/)
    const seller = new RoomView(page)
    await seller.syncBadge.filter({ hasText: 'Synced' }).waitFor()
    await seller.open('Stakeholders')
    const map = page.getByRole('table')
    await map.getByRole('row', { name: /Cleo Park/ }).waitFor()
    await map
      .getByRole('row', { name: /Dev Rao/ })
      .getByRole('button', { name: 'Invite dev@acme.example' })
      .click()
    await map
      .getByRole('row', { name: /Dev Rao/ })
      .getByText('Invited, not joined')
      .waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'crm-stakeholders.png'), fullPage: true })

    // Insights says which deal the room reports to.
    await page.getByRole('link', { name: /Insights/ }).click()
    const crm = page.getByRole('region', { name: 'CRM' })
    await crm.getByText('Acme rollout').waitFor()
    expect(await crm.innerText()).toContain('HubSpot deal')
    await crm.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(ARTIFACTS, 'crm-insights.png') })
  }, 120_000)
})
