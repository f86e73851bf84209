import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createRoom } from '../collaboration/rooms.ts'
import { readConfig } from '../config.ts'
import { CookieBrowser } from '../testing/browser.ts'
import {
  httpSession,
  secretOf,
  startTestServer,
  type TestServer,
  tempDir,
} from '../testing/harness.ts'
import { startOidcProvider, type TestOidcProvider } from '../testing/oidc.ts'
import { inviteBuyer } from './invites.ts'
import { addSeller, sellerSignInLink } from './people.ts'
import { SSO_CALLBACK_PATH } from './sso.ts'

/** A port free a moment ago: Quorum's PUBLIC_URL must be known before the provider registers it. */
async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const address = probe.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

interface Bench {
  test: TestServer
  provider: TestOidcProvider
  base: string
}

/** Quorum on a real port with SSO set up as an admin would, and a real provider beside it. */
async function bench(options: { required?: boolean } = {}): Promise<Bench> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const test = await startTestServer(tempDir(), { PORT: String(port), PUBLIC_URL: base })
  // The team's admin, who set up SSO (the first seller account).
  await addSeller(test.storage, base, { email: 'admin@vendor.test', name: 'Admin' })
  const provider = await startOidcProvider(`${base}${SSO_CALLBACK_PATH}`)
  await test.storage.putSsoSettings({
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    domains: ['vendor.test'],
    required: options.required ?? false,
    updatedAt: Date.now(),
    updatedBy: null,
  })
  return { test, provider, base }
}

/** "Sign in with SSO" in a browser: through the provider and back; where it ended. */
async function signInWithSso(browser: CookieBrowser, base: string) {
  const { url } = await browser.follow(`${base}/api/sso/start`)
  const landed = new URL(url)
  const callback = browser.visited.find((each) => each.startsWith(`${base}${SSO_CALLBACK_PATH}`))
  return {
    landed,
    callback,
    error: landed.searchParams.get('sso_error'),
    session: browser.cookies(base).get('quorum_session'),
  }
}

async function sessionOf(base: string, cookie: string | undefined) {
  const answer = await fetch(`${base}/api/session`, {
    headers: { cookie: `quorum_session=${cookie}` },
  })
  return {
    status: answer.status,
    body: (await answer.json()) as { person?: { email: string; kind: string } },
  }
}

async function refusals(test: TestServer) {
  const entries = await test.storage.listAudit({ limit: 1000 })
  return entries
    .filter((entry) => entry.action === 'signin.sso-refused')
    .map((entry) => entry.detail.reason)
}

// A real provider, real HTTP, a dozen redirects per sign-in: give a loaded machine room.
describe('single sign-on with OpenID Connect, against a real provider', {
  timeout: 120_000,
}, () => {
  it('a verified address at the team’s domain signs in and gets a seller account on the team', async () => {
    const { test, provider, base } = await bench()
    expect(await test.storage.findPersonByEmail('ada@vendor.test')).toBeNull()
    const browser = new CookieBrowser()
    const result = await signInWithSso(browser, base)
    expect(result.error).toBeNull()
    expect(result.landed.pathname).toBe('/')
    // The browser went to the provider and came back with a code and the state.
    expect(browser.visited.some((url) => url.startsWith(`${provider.issuer}/auth`))).toBe(true)
    expect(new URL(result.callback ?? base).searchParams.get('code')).toBeTruthy()
    const session = await sessionOf(base, result.session)
    expect(session.status).toBe(200)
    expect(session.body.person).toMatchObject({ email: 'ada@vendor.test', kind: 'seller' })
    const person = await test.storage.findPersonByEmail('ada@vendor.test')
    expect(person?.name).toBe('Ada Lovelace')
    expect((await test.storage.getTeammate(person?.id ?? ''))?.role).toBe('member')

    // The same person again: the same account, no second one.
    const again = await signInWithSso(new CookieBrowser(), base)
    expect(again.error).toBeNull()
    expect((await test.storage.listTeammates()).map((each) => each.email)).toEqual([
      'admin@vendor.test',
      'ada@vendor.test',
    ])
  })

  it('an address outside the team’s domains, or one the provider has not verified, is refused', async () => {
    const { test, provider, base } = await bench()
    provider.user = { sub: 'u2', email: 'eve@elsewhere.test', emailVerified: true, name: 'Eve' }
    const outside = await signInWithSso(new CookieBrowser(), base)
    expect(outside.error).toContain('not at one of the team’s domains')
    expect(outside.session).toBeUndefined()
    expect(await test.storage.findPersonByEmail('eve@elsewhere.test')).toBeNull()

    provider.user = { sub: 'u3', email: 'mallory@vendor.test', emailVerified: false, name: 'M' }
    const unverified = await signInWithSso(new CookieBrowser(), base)
    expect(unverified.error).toContain('did not confirm an e-mail address')
    expect(unverified.session).toBeUndefined()
    expect(await test.storage.findPersonByEmail('mallory@vendor.test')).toBeNull()
    expect(await refusals(test)).toEqual(['domain', 'unverified'])
  })

  it('an ID token for another client (wrong audience) is refused', async () => {
    const { test, provider, base } = await bench()
    // Signed with the provider's own key: only the audience is wrong.
    provider.tamper = (claims) => ({ ...claims, aud: 'another-client' })
    const result = await signInWithSso(new CookieBrowser(), base)
    expect(result.error).toContain('did not pass the checks')
    expect(result.session).toBeUndefined()
    expect(await test.storage.findPersonByEmail('ada@vendor.test')).toBeNull()
    const [entry] = (await test.storage.listAudit({ limit: 1000 })).filter(
      (row) => row.action === 'signin.sso-refused',
    )
    expect(entry?.detail.claim).toBe('aud')
  })

  it('an expired ID token is refused', async () => {
    const { test, provider, base } = await bench()
    const hourAgo = Math.floor(Date.now() / 1000) - 3600
    provider.tamper = (claims) => ({ ...claims, iat: hourAgo - 300, exp: hourAgo })
    const result = await signInWithSso(new CookieBrowser(), base)
    expect(result.error).toContain('did not pass the checks')
    expect(result.session).toBeUndefined()
    const [entry] = (await test.storage.listAudit({ limit: 1000 })).filter(
      (row) => row.action === 'signin.sso-refused',
    )
    expect(entry?.detail.claim).toBe('exp')
  })

  it('a callback used twice (a replayed state) is refused the second time', async () => {
    const { test, base } = await bench()
    const browser = new CookieBrowser()
    const first = await signInWithSso(browser, base)
    expect(first.error).toBeNull()
    if (!first.callback) throw new Error('no callback seen')
    // The same browser, and a stranger who got hold of the address: neither gets a session.
    for (const replayer of [browser, new CookieBrowser()]) {
      replayer.cookies(base).delete('quorum_session')
      const { url } = await replayer.follow(first.callback)
      expect(new URL(url).searchParams.get('sso_error')).toContain('already been used')
      expect(replayer.cookies(base).get('quorum_session')).toBeUndefined()
    }
    expect(await refusals(test)).toEqual(['state', 'state'])
  })

  it('OIDC_* settings from the environment win over the Team page, and are checked at start', async () => {
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const provider = await startOidcProvider(`${base}${SSO_CALLBACK_PATH}`)
    const env = {
      PORT: String(port),
      PUBLIC_URL: base,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_DOMAINS: 'Vendor.test, @other.test',
    }
    expect(() => readConfig({ ...env, OIDC_DOMAINS: '' })).toThrow(/OIDC_DOMAINS/)
    expect(() => readConfig({ ...env, OIDC_CLIENT_SECRET: '' })).toThrow(/OIDC_CLIENT_SECRET/)
    expect(readConfig(env).oidc?.domains).toEqual(['vendor.test', 'other.test'])
    const test = await startTestServer(tempDir(), env)
    const admin = await addSeller(test.storage, base, { email: 'admin@vendor.test', name: 'A' })
    const http = httpSession(base)
    await http('POST', '/api/links/redeem', { secret: secretOf(admin.signIn.url) })
    const shown = await http('GET', '/api/team/sso')
    expect(shown.json).toMatchObject({
      source: 'environment',
      issuer: provider.issuer,
      hasSecret: true,
    })
    expect(JSON.stringify(shown.json)).not.toContain(provider.clientSecret)
    const change = await http('POST', '/api/team/sso', {
      issuer: provider.issuer,
      clientId: 'other',
      clientSecret: 'x',
      domains: ['vendor.test'],
      required: true,
    })
    expect(change.status).toBe(409)
    const result = await signInWithSso(new CookieBrowser(), base)
    expect((await sessionOf(base, result.session)).body.person?.email).toBe('ada@vendor.test')
  })

  it('SSO required: no e-mailed sign-in link for sellers, the same answer for every address; a buyer’s invite still opens the room', async () => {
    const { test, base } = await bench({ required: true })
    const { storage } = test
    const seller = await addSeller(storage, base, { email: 'sam@vendor.test', name: 'Sam' })
    const status = await (await fetch(`${base}/api/sso`)).json()
    expect(status).toEqual({ enabled: true, required: true })

    const ask = async (email: string) => {
      const answer = await fetch(`${base}/api/signin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-quorum-csrf': '1' },
        body: JSON.stringify({ email }),
      })
      return { status: answer.status, body: (await answer.json()) as { message: string } }
    }
    const known = await ask('sam@vendor.test')
    const unknown = await ask('nobody@vendor.test')
    expect(known).toEqual(unknown)
    expect(known.body.message).toContain('single sign-on')
    expect((await storage.listOutbox(100)).filter((mail) => mail.to === 'sam@vendor.test')).toEqual(
      [],
    )

    // Buyers are never asked for SSO: an invitation opens the room as before.
    const room = await createRoom(storage, { ownerEmail: seller.person.email, title: 'Acme' })
    const { invite } = await inviteBuyer(storage, base, {
      roomId: room.id,
      email: 'bea@buyer.test',
      name: 'Bea',
      role: 'champion',
      ttlMs: null,
    })
    const redeemed = await fetch(`${base}/api/links/redeem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-quorum-csrf': '1' },
      body: JSON.stringify({ secret: secretOf(invite.url) }),
    })
    expect(redeemed.status).toBe(200)
    // And the sellers sign in through the provider.
    const viaSso = await signInWithSso(new CookieBrowser(), base)
    expect((await sessionOf(base, viaSso.session)).body.person?.email).toBe('ada@vendor.test')
    // The operator's own link (the CLI) still works: the way in when the provider is down.
    expect((await sellerSignInLink(storage, base, 'sam@vendor.test')).signIn.url).toContain(
      '/signin/',
    )
  })
})
