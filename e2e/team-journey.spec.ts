import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { inviteBuyer } from '../server/src/access/invites.ts'
import { addSeller } from '../server/src/access/people.ts'
import { SSO_CALLBACK_PATH } from '../server/src/access/sso.ts'
import { createRoom } from '../server/src/collaboration/rooms.ts'
import { startOidcProvider } from '../server/src/testing/oidc.ts'
import { ARTIFACTS, useBrowser } from './fixtures/browser.ts'
import { usePublicServer } from './fixtures/public-server.ts'
import { RoomView } from './fixtures/room-page.ts'

/**
 * Issue 15's journey end to end: a team's admin brings a teammate in, she signs in with the
 * team's single sign-on, turns a room into a template, starts a new deal from it, checks it as a
 * buyer would, and archives a deal while its buyer has it open.
 */
describe('a new teammate, from sign-in to archiving a deal', { timeout: 180_000 }, () => {
  const { person } = useBrowser()
  const running = usePublicServer()

  it('invited, signed in through the provider, she saves a template, starts a room from it, previews it as a viewer and archives a deal', async () => {
    const { storage, base } = running()
    const provider = await startOidcProvider(`${base}${SSO_CALLBACK_PATH}`)
    const admin = await addSeller(storage, base, { email: 'ana@vendor.test', name: 'Ana Admin' })

    // The admin invites Sena and turns on single sign-on for the team's domain.
    const { page } = await person()
    await page.goto(admin.signIn.url)
    await page.getByRole('heading', { name: 'Your rooms' }).waitFor()
    await page.goto(`${base}/settings/team`)
    const invite = page.getByRole('form', { name: 'Invite a teammate' })
    await invite.getByLabel('Name').fill('Sena Engineer')
    await invite.getByLabel('Work e-mail').fill('sena@vendor.test')
    await invite.getByLabel('Work e-mail').press('Enter')
    await page.getByRole('status').filter({ hasText: 'Sena Engineer is on the team' }).waitFor()
    const sso = page.getByRole('form', { name: 'Single sign-on settings' })
    await sso.getByLabel('Issuer URL').fill(provider.issuer)
    await sso.getByLabel('Client ID').fill(provider.clientId)
    await sso.getByLabel('Client secret').fill(provider.clientSecret)
    await sso.getByLabel('Allowed e-mail domains').fill('vendor.test')
    await sso.getByRole('button', { name: 'Check and save' }).click()
    await page.getByText('Saved: the provider answered.').waitFor()

    // Sena signs in through the provider.
    provider.user = { sub: 'sena', email: 'sena@vendor.test', emailVerified: true, name: 'Sena' }
    const sena = await person()
    await sena.page.goto(base)
    await sena.page.getByRole('link', { name: 'Sign in with SSO' }).click()
    await sena.page.getByRole('heading', { name: 'Your rooms' }).waitFor()

    // Two deals of hers: one to become the template, one with a buyer in it.
    const model = await createRoom(storage, {
      ownerEmail: 'sena@vendor.test',
      title: 'Globex pilot',
    })
    const live = await createRoom(storage, {
      ownerEmail: 'sena@vendor.test',
      title: 'Initech rollout',
    })
    const { invite: buyerInvite } = await inviteBuyer(storage, base, {
      roomId: live.id,
      email: 'cleo@initech.example',
      name: 'Cleo Park',
      role: 'champion',
      ttlMs: null,
    })

    // She saves the first as a team template from its Deal menu.
    const seller = new RoomView(sena.page)
    await sena.page.goto(`${base}/r/${model.id}`)
    await seller.syncBadge.filter({ hasText: 'Synced' }).waitFor()
    await sena.page.locator('summary', { hasText: 'Deal' }).click()
    await sena.page.getByRole('textbox', { name: 'Save as a team template' }).fill('Pilot, our way')
    await sena.page.getByRole('button', { name: 'Save template' }).click()
    await sena.page
      .getByRole('status')
      .filter({ hasText: 'Template “Pilot, our way” saved' })
      .waitFor()

    // A new deal from it.
    await sena.page.goto(`${base}/`)
    const form = sena.page.getByRole('form', { name: 'New room' })
    await form.getByRole('textbox', { name: 'Room title' }).fill('Umbrella pilot')
    await form.getByRole('combobox', { name: 'Template' }).selectOption('Pilot, our way')
    await form.getByRole('button', { name: 'Create room' }).click()
    await sena.page.waitForURL(/\/r\/[A-Za-z0-9_-]+/)
    await seller.syncBadge.filter({ hasText: 'Synced' }).waitFor()
    const made = await storage.getRoom(new URL(sena.page.url()).pathname.split('/')[2] ?? '')
    expect(made?.title).toBe('Umbrella pilot')
    await seller.open('Plan')
    expect(await sena.page.getByRole('navigation', { name: 'Room sections' }).innerText()).toMatch(
      /Plan\s*\d+/,
    )

    // She checks it as a viewer would see it: no Insights, nothing to edit.
    await sena.page.getByRole('combobox', { name: 'View as buyer' }).selectOption('viewer')
    await sena.page.getByText('Previewing as Viewer').waitFor()
    const sections = sena.page.getByRole('navigation', { name: 'Room sections' })
    expect(await sections.getByRole('link', { name: /Insights/ }).count()).toBe(0)
    await sena.page.screenshot({ path: join(ARTIFACTS, 'journey-preview.png') })
    await sena.page.getByRole('button', { name: 'Exit preview' }).click()

    // The buyer of the other deal has it open; Sena archives it.
    const buyer = await new RoomView((await person()).page).enter(
      `${base}${new URL(buyerInvite.url).pathname}`,
      'Initech rollout',
    )
    await sena.page.goto(`${base}/r/${live.id}`)
    await seller.syncBadge.filter({ hasText: 'Synced' }).waitFor()
    await sena.page.locator('summary', { hasText: 'Deal' }).click()
    await sena.page
      .getByRole('group', { name: 'Deal stage' })
      .getByRole('radio', { name: /^Archived/ })
      .check()
    sena.page.once('dialog', (dialog) => void dialog.accept())
    await sena.page.getByRole('button', { name: 'Save stage' }).click()
    const archivedAt = Date.now()
    await buyer.page
      .getByRole('heading', { name: 'This room has ended' })
      .waitFor({ timeout: 3000 })
    expect(Date.now() - archivedAt).toBeLessThan(1500)
    await buyer.page.screenshot({ path: join(ARTIFACTS, 'journey-room-ended.png') })
  })
})
