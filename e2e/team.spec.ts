import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addSeller, sellerSignInLink } from '../server/src/access/people.ts'
import { SSO_CALLBACK_PATH } from '../server/src/access/sso.ts'
import { createRoom } from '../server/src/collaboration/rooms.ts'
import { startOidcProvider } from '../server/src/testing/oidc.ts'
import { ARTIFACTS, useBrowser } from './fixtures/browser.ts'
import { usePublicServer } from './fixtures/public-server.ts'

describe('the seller team in the browser', { timeout: 120_000 }, () => {
  const { person } = useBrowser()
  const running = usePublicServer()

  it('an admin invites a teammate and sets up SSO on the Team page; the teammate signs in with SSO', async () => {
    const { storage, base } = running()
    const provider = await startOidcProvider(`${base}${SSO_CALLBACK_PATH}`)
    const admin = await addSeller(storage, base, { email: 'ana@vendor.test', name: 'Ana Admin' })
    await addSeller(storage, base, { email: 'max@vendor.test', name: 'Max Member' })

    const { page } = await person()
    await page.goto(admin.signIn.url)
    await page.getByRole('heading', { name: 'Your rooms' }).waitFor()
    await page.getByRole('link', { name: 'Team' }).click()
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor()

    // Invite by e-mail, with the keyboard as much as a person would.
    const invite = page.getByRole('form', { name: 'Invite a teammate' })
    await invite.getByLabel('Name').fill('Sena Engineer')
    await invite.getByLabel('Work e-mail').fill('sena@vendor.test')
    await invite.getByLabel('Work e-mail').press('Enter')
    await page.getByRole('status').filter({ hasText: 'Sena Engineer is on the team' }).waitFor()
    const rows = page.getByRole('table', { name: 'The seller team' }).getByRole('row')
    await expect.poll(() => rows.count()).toBe(4)

    // Single sign-on: checked against the provider before it is saved.
    const sso = page.getByRole('form', { name: 'Single sign-on settings' })
    await sso.getByLabel('Issuer URL').fill(provider.issuer)
    await sso.getByLabel('Client ID').fill(provider.clientId)
    await sso.getByLabel('Client secret').fill(provider.clientSecret)
    await sso.getByLabel('Allowed e-mail domains').fill('vendor.test')
    await sso.getByRole('button', { name: 'Check and save' }).click()
    await page.getByText('Saved: the provider answered.').waitFor()
    expect((await storage.getSsoSettings())?.issuer).toBe(provider.issuer)

    await page.screenshot({ path: join(ARTIFACTS, 'team-desktop.png'), fullPage: true })
    const phone = await person({ width: 390, height: 844 })
    await phone.page.goto((await sellerSignInLink(storage, base, 'ana@vendor.test')).signIn.url)
    await phone.page.getByRole('heading', { name: 'Your rooms' }).waitFor()
    await phone.page.goto(`${base}/settings/team`)
    await phone.page.getByRole('heading', { name: 'Team', level: 1 }).waitFor()
    await phone.page.getByRole('button', { name: 'Remove Max Member from the team' }).click()
    await phone.page.getByRole('form', { name: 'Remove Max Member' }).waitFor()
    await phone.page.screenshot({ path: join(ARTIFACTS, 'team-phone.png'), fullPage: true })

    // Sena signs in through the provider from the start page.
    provider.user = { sub: 'sena', email: 'sena@vendor.test', emailVerified: true, name: 'Sena' }
    const sena = await person()
    await sena.page.goto(base)
    await sena.page.getByRole('link', { name: 'Sign in with SSO' }).waitFor()
    await sena.page.screenshot({ path: join(ARTIFACTS, 'signin-sso-desktop.png') })
    await sena.page.getByRole('link', { name: 'Sign in with SSO' }).click()
    await sena.page.getByRole('heading', { name: 'Your rooms' }).waitFor()
    expect(sena.page.url()).toBe(`${base}/`)

    // In a room, the owner makes Sena a co-owner, then hands her the room.
    const room = await createRoom(storage, { ownerEmail: 'ana@vendor.test', title: 'Acme rollout' })
    const senaId = (await storage.findPersonByEmail('sena@vendor.test'))?.id ?? ''
    await storage.putMember(room.id, senaId, 'seller')
    await page.goto(`${base}/r/${room.id}/stakeholders`)
    const members = page.getByRole('table', { name: 'Room members' })
    await page.getByRole('button', { name: 'Make Sena Engineer a co-owner' }).click()
    await members
      .getByRole('row', { name: /Sena Engineer/ })
      .getByText('Co-owner')
      .waitFor()
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Make Sena Engineer the owner' }).click()
    await members
      .getByRole('row', { name: /Ana Admin/ })
      .getByText('Co-owner')
      .waitFor()
    expect((await storage.getRoom(room.id))?.ownerId).toBe(senaId)
    await members.screenshot({ path: join(ARTIFACTS, 'room-co-owners-desktop.png') })

    // Someone outside the team's domains is sent back with the reason.
    provider.user = { sub: 'eve', email: 'eve@elsewhere.test', emailVerified: true, name: 'Eve' }
    const eve = await person({ width: 390, height: 844 })
    await eve.page.goto(base)
    await eve.page.getByRole('link', { name: 'Sign in with SSO' }).click()
    await eve.page
      .getByRole('alert')
      .filter({ hasText: 'not at one of the team’s domains' })
      .waitFor()
    await eve.page.screenshot({
      path: join(ARTIFACTS, 'signin-sso-refused-phone.png'),
      fullPage: true,
    })
  })
})
