import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'
import { onTestFinished } from 'vitest'

/** Who logs in at the provider next (the test's stand-in for a login form). */
export interface OidcUser {
  sub: string
  email: string
  emailVerified: boolean
  name: string
}

/** Rewrites the ID token the token endpoint answers with (a provider gone wrong, or an attack). */
export type IdTokenTamper = (claims: Record<string, unknown>) => Record<string, unknown>

export interface TestOidcProvider {
  issuer: string
  clientId: string
  clientSecret: string
  /** The account the next login at the provider signs in as. */
  user: OidcUser
  /** When set, the token endpoint's ID token is re-signed, with the provider's key, after this. */
  tamper: IdTokenTamper | null
}

const b64 = (value: Buffer | string) => Buffer.from(value).toString('base64url')

/** A JWS signed with `key` (RS256), as the provider signs its ID tokens. */
function signJwt(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject) {
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`
  return `${input}.${b64(sign('sha256', Buffer.from(input), key))}`
}

function reSigned(idToken: string, tamper: IdTokenTamper, key: KeyObject): string {
  const [header = '', payload = ''] = idToken.split('.')
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >
  const parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >
  return signJwt(parsedHeader, tamper(claims), key)
}

/** Lets `tamper` change the JSON the token endpoint sends, before it leaves. */
function interceptTokenAnswer(response: ServerResponse, rewrite: (body: string) => string): void {
  const chunks: Buffer[] = []
  const end = response.end.bind(response)
  response.write = ((chunk: unknown) => {
    chunks.push(Buffer.from(chunk as Buffer))
    return true
  }) as ServerResponse['write']
  response.end = ((chunk?: unknown) => {
    if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as Buffer))
    const body = rewrite(Buffer.concat(chunks).toString('utf8'))
    response.setHeader('content-length', Buffer.byteLength(body))
    return end(body)
  }) as ServerResponse['end']
}

/**
 * A real OpenID provider (`oidc-provider`) on a random loopback port, with one confidential
 * client registered for `redirectUri`. Its login and consent screens are replaced by a handler
 * that logs in `user` and grants the scopes asked for, as a person clicking through would.
 */
export async function startOidcProvider(redirectUri: string): Promise<TestOidcProvider> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' }
  const signingKey = createPrivateKey({ key: jwk, format: 'jwk' })
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const state: TestOidcProvider = {
    issuer,
    clientId: 'quorum-test',
    clientSecret: 'a-client-secret-long-enough-for-hs256-0123456789',
    user: { sub: 'user-1', email: 'ada@vendor.test', emailVerified: true, name: 'Ada Lovelace' },
    tamper: null,
  }
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: state.clientId,
        client_secret: state.clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-signing-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    // Lifetimes set (in seconds) rather than left to defaults the provider warns about.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    interactions: {
      url: (_context: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    async findAccount(_context: unknown, sub: string) {
      const user = state.user
      return {
        accountId: sub,
        async claims() {
          return { sub, email: user.email, email_verified: user.emailVerified, name: user.name }
        },
      }
    },
  })
  const handle = provider.callback()
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? ''
    if (path.startsWith('/interaction/')) {
      void interact(provider, state, request, response).catch((error: unknown) => {
        response.statusCode = 500
        response.end(String(error))
      })
      return
    }
    const tamper = state.tamper
    if (path.startsWith('/token') && tamper)
      interceptTokenAnswer(response, (body) => {
        const answer = JSON.parse(body) as { id_token?: string }
        if (answer.id_token) answer.id_token = reSigned(answer.id_token, tamper, signingKey)
        return JSON.stringify(answer)
      })
    handle(request, response)
  })
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  return state
}

/** The login and consent steps, answered for `state.user`. */
async function interact(
  provider: Provider,
  state: TestOidcProvider,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(request, response)
  if (details.prompt.name === 'login') {
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId: state.user.sub } },
      { mergeWithLastSubmission: false },
    )
    return
  }
  const grant = new provider.Grant({
    accountId: details.session?.accountId ?? state.user.sub,
    clientId: String(details.params.client_id),
  })
  grant.addOIDCScope(String(details.params.scope))
  await provider.interactionFinished(
    request,
    response,
    { consent: { grantId: await grant.save() } },
    { mergeWithLastSubmission: true },
  )
}
