import type { FastifyInstance } from 'fastify'
import { team } from '../../../shared/src/api/index.ts'
import { startSession } from '../access/sessions.ts'
import { finishSsoSignIn, ssoProvider, startSsoSignIn } from '../access/sso.ts'
import { Problem } from '../errors.ts'
import type { ApiDependencies } from './api.ts'
import { clientIp, sessionCookie } from './room-access.ts'
import { route } from './route.ts'

/** The cookie binding a sign-in at the provider to the browser that started it. */
export const SSO_COOKIE = 'quorum_sso'

/** Back to the start page (the sign-in form) with the reason, which the page shows. */
const signInPage = (message: string) => `/?sso_error=${encodeURIComponent(message)}`

/**
 * Signing in with SSO: the sign-in page asks whether it is on, `start` sends the browser to the
 * provider, `callback` checks what comes back (access/sso.ts) and starts a seller session.
 */
export function ssoRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config, limits } = dependencies
  const options = dependencies.routes
  const secure = config.publicUrl.startsWith('https://')
  // SameSite=Lax: the provider's redirect back is a top-level GET, which carries it.
  const cookieOptions = {
    path: '/api/sso',
    httpOnly: true,
    sameSite: 'lax',
    secure,
  } as const

  route(app, team.ssoStatus, options, async () => {
    const provider = await ssoProvider(storage, config)
    return { enabled: provider !== null, required: provider?.required ?? false }
  })

  route(app, team.ssoStart, options, async ({ request, reply }) => {
    await limits.ssoStart(`ip:${clientIp(request)}`)
    try {
      const { url, browserSecret } = await startSsoSignIn(storage, config)
      reply.setCookie(SSO_COOKIE, browserSecret, { ...cookieOptions, maxAge: 600 })
      return reply.redirect(url, 302)
    } catch (error) {
      if (!(error instanceof Problem)) throw error
      return reply.redirect(signInPage(error.message), 302)
    }
  })

  route(app, team.ssoCallback, options, async ({ request, reply, query }) => {
    const { error, error_description: description } = query()
    reply.setCookie(SSO_COOKIE, '', { ...cookieOptions, maxAge: 0 })
    if (error)
      return reply.redirect(
        signInPage(`The identity provider did not sign you in: ${description ?? error}.`),
        302,
      )
    try {
      const person = await finishSsoSignIn(storage, config, {
        callbackUrl: new URL(request.url, config.publicUrl),
        browserSecret: request.cookies[SSO_COOKIE],
        ip: clientIp(request),
      })
      await startSession(storage, sessionCookie(request, reply, secure), {
        personId: person.id,
        roomId: null,
      })
      return reply.redirect('/', 302)
    } catch (failure) {
      if (!(failure instanceof Problem)) throw failure
      return reply.redirect(signInPage(failure.message), 302)
    }
  })
}
