import { expect, it } from 'vitest'
import type { SsoLogin } from '../sso.ts'
import type { ContractRun } from './harness.ts'

const login = (stateHash: string, createdAt: number): SsoLogin => ({
  stateHash,
  browserHash: `browser-${stateHash}`,
  nonce: `nonce-${stateHash}`,
  codeVerifier: `verifier-${stateHash}`,
  createdAt,
  expiresAt: createdAt + 600_000,
})

export function ssoContract(run: ContractRun): void {
  it('single sign-on settings are set, replaced and turned off', () =>
    run.with('sso', async (storage) => {
      expect(await storage.getSsoSettings()).toBeNull()
      const settings = {
        issuer: 'https://login.example',
        clientId: 'quorum',
        clientSecret: 's3cret',
        domains: ['vendor.example', 'vendor.test'],
        required: false,
        updatedAt: 1_000,
        updatedBy: 'p1',
      }
      await storage.putSsoSettings(settings)
      expect(await storage.getSsoSettings()).toEqual(settings)
      await storage.putSsoSettings({ ...settings, required: true, domains: [], updatedBy: null })
      expect(await storage.getSsoSettings()).toEqual({
        ...settings,
        required: true,
        domains: [],
        updatedBy: null,
      })
      await storage.putSsoSettings(null)
      expect(await storage.getSsoSettings()).toBeNull()
    }))

  it('a sign-in under way is taken once, never after it expired, and one of two racers wins', () =>
    run.with('sso', async (storage) => {
      await storage.createSsoLogin(login('a', 1_000))
      await storage.createSsoLogin(login('b', 1_000))
      await storage.createSsoLogin(login('c', 1_000))
      expect(await storage.consumeSsoLogin('a', 2_000)).toEqual(login('a', 1_000))
      expect(await storage.consumeSsoLogin('a', 2_000)).toBeNull()
      expect(await storage.consumeSsoLogin('unknown', 2_000)).toBeNull()
      expect(await storage.consumeSsoLogin('b', 601_000)).toBeNull()
      const raced = await Promise.all([
        storage.consumeSsoLogin('c', 3_000),
        storage.consumeSsoLogin('c', 3_000),
      ])
      expect(raced.filter((taken) => taken !== null)).toHaveLength(1)
      // Starting a sign-in a day after others expired forgets them.
      await storage.createSsoLogin(login('d', 200_000_000))
      await storage.createSsoLogin(login('b', 200_000_000))
      expect((await storage.consumeSsoLogin('b', 200_000_001))?.createdAt).toBe(200_000_000)
    }))
}
