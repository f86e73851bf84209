import { createHash, randomBytes } from 'node:crypto'
import * as oidc from 'openid-client'
import type { Config } from '../config.ts'
import { Problem } from '../errors.ts'
import type { Person, Storage } from '../storage/storage.ts'
import { audit } from './audit.ts'
import { addSellerAccount } from './people.ts'

/** Where the provider sends the browser back, under PUBLIC_URL: register it at the provider. */
export const SSO_CALLBACK_PATH = '/api/sso/callback'
/** How long a sign-in started at the provider may take to come back. */
const SSO_LOGIN_TTL_MS = 10 * 60 * 1000
/** How long a provider's discovery document is kept before it is read again. */
const DISCOVERY_TTL_MS = 10 * 60 * 1000

/** Single sign-on in force: from the environment (`OIDC_*`), else as an admin set it. */
export interface SsoProvider {
  issuer: string
  clientId: string
  clientSecret: string
  domains: string[]
  required: boolean
  source: 'environment' | 'team page'
}

export async function ssoProvider(
  storage: Storage,
  config: Pick<Config, 'oidc'>,
): Promise<SsoProvider | null> {
  if (config.oidc) return { ...config.oidc, source: 'environment' }
  const stored = await storage.getSsoSettings()
  return stored ? { ...stored, source: 'team page' } : null
}

/** Whether sellers must sign in with SSO (e-mailed sign-in links are off for them). */
export async function ssoRequired(
  storage: Storage,
  config: Pick<Config, 'oidc'>,
): Promise<boolean> {
  return (await ssoProvider(storage, config))?.required ?? false
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

/** Plain http only to a provider on this machine (a test, a local Keycloak); https otherwise. */
function loopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
}

const discovered = new Map<string, { at: number; configuration: Promise<oidc.Configuration> }>()

/** The provider's configuration from its discovery document (issuer checked), kept a while. */
export async function discover(provider: SsoProvider): Promise<oidc.Configuration> {
  const key = JSON.stringify([provider.issuer, provider.clientId, provider.clientSecret])
  const cached = discovered.get(key)
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.configuration
  let issuer: URL
  try {
    issuer = new URL(provider.issuer)
  } catch {
    throw new Problem('invalid', `The issuer "${provider.issuer}" is not a URL.`)
  }
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && loopback(issuer)))
    throw new Problem('invalid', 'The issuer must be an https:// address.')
  const configuration = oidc
    .discovery(
      issuer,
      provider.clientId,
      { client_secret: provider.clientSecret },
      oidc.ClientSecretBasic(provider.clientSecret),
      issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {},
    )
    .then((found) => {
      // The ID token's signature is checked against the provider's published keys too, not
      // only its claims (issuer, audience, expiry, nonce).
      oidc.enableNonRepudiationChecks(found)
      return found
    })
  discovered.set(key, { at: Date.now(), configuration })
  try {
    return await configuration
  } catch (error) {
    discovered.delete(key)
    throw new Problem(
      'unavailable',
      `The identity provider at ${provider.issuer} could not be reached or is not an OpenID provider (${error instanceof Error ? error.message : String(error)}).`,
    )
  }
}

/**
 * Starts a sign-in at the provider: authorization code flow with PKCE, a state and a nonce, kept
 * in storage under a hash of the state and bound to this browser by a secret in a cookie.
 */
export async function startSsoSignIn(
  storage: Storage,
  config: Pick<Config, 'oidc' | 'publicUrl'>,
): Promise<{ url: string; browserSecret: string }> {
  const provider = await ssoProvider(storage, config)
  if (!provider) throw new Problem('not-found', 'Single sign-on is not set up on this Quorum.')
  const configuration = await discover(provider)
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const codeVerifier = oidc.randomPKCECodeVerifier()
  const browserSecret = randomBytes(32).toString('base64url')
  const now = Date.now()
  await storage.createSsoLogin({
    stateHash: sha256(state),
    browserHash: sha256(browserSecret),
    nonce,
    codeVerifier,
    createdAt: now,
    expiresAt: now + SSO_LOGIN_TTL_MS,
  })
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: `${config.publicUrl}${SSO_CALLBACK_PATH}`,
    scope: 'openid email profile',
    response_type: 'code',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  })
  return { url: url.href, browserSecret }
}

/** Why a sign-in was refused: said to the person, and written to the audit log. */
class SsoRefusal extends Problem {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super('forbidden', message)
  }
}

/**
 * Finishes a sign-in when the provider sends the browser back. Refused: an unknown, expired or
 * already used state (a replayed callback), another browser than the one that started, an
 * answer the provider's checks reject (wrong issuer or audience, expired or badly signed ID
 * token, wrong nonce, PKCE), an address not verified by the provider or not at the team's
 * domains, a buyer's address, and a seller taken off the team. A verified address at the
 * domains with no account gets a seller account on the team (member).
 */
export async function finishSsoSignIn(
  storage: Storage,
  config: Pick<Config, 'oidc' | 'publicUrl'>,
  input: { callbackUrl: URL; browserSecret: string | undefined; ip: string | null },
): Promise<Person> {
  try {
    const person = await checkCallback(storage, config, input)
    await audit(storage, {
      roomId: null,
      actor: person.id,
      action: 'signin.sso',
      subject: person.email,
      detail: {},
      ip: input.ip,
    })
    return person
  } catch (error) {
    const reason = error instanceof SsoRefusal ? error.reason : 'provider-refused'
    await audit(storage, {
      roomId: null,
      actor: 'anonymous',
      action: 'signin.sso-refused',
      subject: null,
      detail: {
        reason,
        error: error instanceof Error ? error.message : String(error),
        // Which check failed (the ID token's `aud`, `exp`…), as the OpenID library tells it.
        claim: claimOf(error),
      },
      ip: input.ip,
    })
    if (error instanceof Problem) throw error
    throw new SsoRefusal(
      'provider-refused',
      'Single sign-on did not complete: the identity provider’s answer did not pass the checks. Try again.',
    )
  }
}

function claimOf(error: unknown): string | null {
  // openid-client wraps the checking library's error, whose cause names the claim.
  for (let cause: unknown = error; cause instanceof Error || isObject(cause); ) {
    if (isObject(cause) && typeof cause.claim === 'string') return cause.claim
    cause = cause instanceof Error ? cause.cause : isObject(cause) ? cause.cause : undefined
  }
  return null
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !(value instanceof Error)

async function checkCallback(
  storage: Storage,
  config: Pick<Config, 'oidc' | 'publicUrl'>,
  input: { callbackUrl: URL; browserSecret: string | undefined },
): Promise<Person> {
  const provider = await ssoProvider(storage, config)
  if (!provider) throw new SsoRefusal('not-configured', 'Single sign-on is not set up.')
  const state = input.callbackUrl.searchParams.get('state') ?? ''
  const login = state ? await storage.consumeSsoLogin(sha256(state), Date.now()) : null
  if (!login)
    throw new SsoRefusal(
      'state',
      'This sign-in has already been used or has expired. Start again with “Sign in with SSO”.',
    )
  if (!input.browserSecret || sha256(input.browserSecret) !== login.browserHash)
    throw new SsoRefusal(
      'browser',
      'This sign-in was started in another browser. Start again with “Sign in with SSO”.',
    )
  const configuration = await discover(provider)
  // The provider sends the browser to PUBLIC_URL; the check compares against that address.
  const currentUrl = new URL(`${config.publicUrl}${SSO_CALLBACK_PATH}${input.callbackUrl.search}`)
  const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
    pkceCodeVerifier: login.codeVerifier,
    expectedState: state,
    expectedNonce: login.nonce,
    idTokenExpected: true,
  })
  const idClaims = tokens.claims()
  if (!idClaims) throw new SsoRefusal('no-id-token', 'The identity provider sent no ID token.')
  // Providers that keep the ID token small put the address in the userinfo answer instead
  // (checked to be about the same subject).
  const claims =
    typeof idClaims.email === 'string'
      ? idClaims
      : await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : ''
  if (!email || claims.email_verified !== true)
    throw new SsoRefusal(
      'unverified',
      'Your identity provider did not confirm an e-mail address for you, so Quorum cannot sign you in.',
    )
  const domain = email.slice(email.lastIndexOf('@') + 1)
  if (!provider.domains.includes(domain))
    throw new SsoRefusal(
      'domain',
      `${email} is not at one of the team’s domains; ask a team admin to invite you.`,
    )
  const existing = await storage.findPersonByEmail(email)
  if (existing?.kind === 'buyer')
    throw new SsoRefusal(
      'buyer',
      'This address is invited as a buyer: open your personal link from the invitation instead.',
    )
  if (existing && !(await storage.getTeammate(existing.id)))
    throw new SsoRefusal('removed', 'You are no longer on the team. Ask a team admin.')
  if (existing) return existing
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name : email
  return addSellerAccount(storage, { email, name: name.slice(0, 200) })
}
