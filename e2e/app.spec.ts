import { describe, expect, it } from 'vitest'
import { useBrowser } from './fixtures/browser.ts'
import { useServer } from './fixtures/server.ts'

describe('the web app', () => {
  const server = useServer()
  const { person } = useBrowser()

  it('is served with its scripts under a strict content security policy', async () => {
    const { page } = await person()
    const violations: string[] = []
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text())
    })
    const response = await page.goto(`${server().url}/`)
    expect(response?.status()).toBe(200)
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'")
    await page.getByRole('heading', { name: 'Quorum' }).waitFor()
    // Signed out, the start page explains how people get in.
    expect(await page.getByText('open the personal link you were sent').count()).toBe(1)
    await page.getByRole('button', { name: 'Send me a sign-in link' }).waitFor()
    expect(violations).toEqual([])
  })
})
