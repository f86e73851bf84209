import { describe, expect, it } from 'vitest'
import { useDealRoom } from './fixtures/people.ts'

describe('access: joining by verified e-mail, and revocation', () => {
  const room = useDealRoom()

  it('a buyer joins with a code from the outbox; the seller revokes them and their page says so within a second', async () => {
    const deal = await room.deal()
    const base = room.server().url
    const storage = room.server().storage
    const seller = await room.enter(deal.sellerLink)
    await seller.open('Stakeholders')

    // The owner opens the room to verified addresses at buyer.test.
    await seller.page.getByRole('radio', { name: /Anyone with a verified e-mail/ }).check()
    await seller.page.getByRole('textbox', { name: 'Allowed domains' }).fill('buyer.test')
    await seller.page.getByRole('button', { name: 'Save access' }).click()
    await seller.page.getByRole('status').filter({ hasText: 'buyer.test' }).waitFor()

    // A colleague of the champion opens the plain room link, with no invitation.
    const { page } = await room.person()
    await page.goto(`${base}/r/${deal.roomId}`)
    await page.getByRole('heading', { name: 'Join the deal room' }).waitFor()
    await page.getByRole('textbox', { name: 'Work e-mail' }).fill('someone@elsewhere.test')
    await page.getByRole('button', { name: 'Send me a code' }).click()
    expect(await page.getByRole('alert').innerText()).toContain(
      'not open to addresses at elsewhere.test',
    )
    await page.getByRole('textbox', { name: 'Work e-mail' }).fill('robin@buyer.test')
    await page.getByRole('button', { name: 'Send me a code' }).click()
    await page.getByRole('textbox', { name: '6-digit code' }).waitFor()
    // Mail leaves after the answer (the answer must not tell who has an account).
    const mailTo = async (to: string, containing: string) => {
      await expect
        .poll(async () =>
          (await storage.listOutbox(20)).some((m) => m.to === to && m.body.includes(containing)),
        )
        .toBe(true)
      return (await storage.listOutbox(20)).find((m) => m.to === to && m.body.includes(containing))
    }
    const mail = await mailTo('robin@buyer.test', 'Your code')
    const code = /\b(\d{6})\b/.exec(mail?.body ?? '')?.[1] ?? ''
    await page.getByRole('textbox', { name: '6-digit code' }).fill(code)
    await page.getByRole('button', { name: 'Open the room' }).click()
    await page.locator('output.sync', { hasText: 'Synced' }).waitFor()
    await page.getByRole('link', { name: 'Plan' }).click()
    await page.getByRole('textbox', { name: 'Task title' }).first().waitFor()

    // The seller sees the newcomer and removes their access.
    await seller.page.reload()
    await seller.syncBadge.filter({ hasText: 'Synced' }).waitFor()
    seller.page.once('dialog', (dialog) => void dialog.accept())
    const remove = seller.page.getByRole('button', { name: 'Remove access for robin' })
    await remove.click()
    const removedAt = Date.now()
    await page.getByRole('alert').filter({ hasText: 'Access revoked' }).waitFor({ timeout: 3000 })
    expect(Date.now() - removedAt).toBeLessThan(1500)
    expect(await page.getByRole('alert').innerText()).toContain(
      'Your access to this room was revoked.',
    )

    // A reload does not get them back in, and neither does a new code.
    await page.reload()
    await page.getByRole('heading', { name: 'Join the deal room' }).waitFor()
    await page.getByRole('textbox', { name: 'Work e-mail' }).fill('robin@buyer.test')
    await page.getByRole('button', { name: 'Send me a code' }).click()
    // The page answers as for anyone; only the mailbox's owner reads that access was withdrawn,
    // and no code comes.
    await page.getByRole('textbox', { name: '6-digit code' }).waitFor()
    const told = await mailTo('robin@buyer.test', 'Your access to this room was withdrawn')
    expect(told?.body).toContain('no code was sent')
  })
})
