import { randomBytes } from 'node:crypto'
import fastifyCookie from '@fastify/cookie'
import fastifyHelmet from '@fastify/helmet'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'
import { ENDPOINTS, service } from '../../../shared/src/api/index.ts'
import type { Mailer } from '../access/mail.ts'
import type { Config } from '../config.ts'
import type { RoomFiles } from '../content/room-files.ts'
import { Problem } from '../errors.ts'
import type { Metrics } from '../metrics.ts'
import type { Storage } from '../storage/storage.ts'
import type { RoomEditor } from './api.ts'
import { registerApi } from './api.ts'
import { devOutboxPage } from './dev-outbox.ts'
import { apiReferencePage } from './docs-page.ts'
import { InvalidInput } from './input.ts'
import { openApiDocument } from './openapi.ts'
import { handleError, MAX_BODY_BYTES, sendProblem } from './problems.ts'
import { type RateLimits, registerRateLimits } from './rate-limits.ts'
import { OneLinePerRequest } from './request-log.ts'
import { type RouteOptions, route } from './route.ts'
import { securityHeaders } from './security.ts'
import { badEncoding, registerStaticFiles } from './static.ts'

export interface HttpDependencies {
  storage: Storage
  /** The room's documents (content/). */
  files: RoomFiles
  config: Config
  tokenSecret: Buffer
  mailer: Mailer
  clientDir: string
  /** Live counts for /healthz. */
  health: () => { documents: number; connections: number }
  /** Set when /metrics is served on the main port or another (METRICS, METRICS_PORT). */
  metrics: Metrics | undefined
  /** Changes a room's live document on the server (the public API's task updates). */
  editRoom: RoomEditor
}

export interface HttpApp {
  app: FastifyInstance
  limits: RateLimits
  /** Every route registered with Fastify (from its onRoute hook), HEAD twins left out. */
  routes: Array<{ method: string; path: string }>
}

/** The OpenAPI document and its page, made once per public URL (tests start many servers). */
const descriptions = new Map<string, { document: Record<string, unknown>; reference: string }>()
function describeApi(publicUrl: string) {
  let described = descriptions.get(publicUrl)
  if (!described) {
    const document = openApiDocument(ENDPOINTS, publicUrl)
    described = { document, reference: apiReferencePage(document) }
    descriptions.set(publicUrl, described)
  }
  return described
}

const isLoopback = (address: string | undefined) =>
  address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1'

/** A `:name` path as a pattern, to tell which parameter of which route a broken URL is in. */
const patternOf = (path: string) =>
  new RegExp(`^${path.replace(/:(\w+)/g, '(?<$1>[^/]+)').replace(/\*/g, '.*')}$`)

/**
 * The HTTP side of Quorum on Fastify: the JSON API (shared/src/api/ declares every route), its
 * OpenAPI document and reference page, health, metrics and the built web app, with security
 * headers, cookies and rate limits from Fastify's own plugins, and one log line per request.
 * The collaboration socket's upgrade is handled beside it, on the same node:http server.
 */
export async function createHttpApp(dependencies: HttpDependencies): Promise<HttpApp> {
  const { storage, config, metrics } = dependencies
  const routes: HttpApp['routes'] = []
  const api: Array<{ method: string; pattern: RegExp }> = []

  const headerOptions = securityHeaders(config.publicUrl)
  const app = Fastify({
    logger: { level: config.logLevel },
    logController: new OneLinePerRequest(),
    genReqId: () => randomBytes(8).toString('hex'),
    bodyLimit: MAX_BODY_BYTES,
    // Ids longer than 100 characters must reach the route, to be refused by name (not a 404).
    routerOptions: { maxParamLength: 2_000 },
    // A broken %-escape (or a target that is no URL) never reaches a route: say what is wrong.
    frameworkErrors: (error, request, reply) => {
      // No hook runs before this answer: the security headers are set here.
      // (Helmet's own types and @fastify/helmet's copy of them are the same options.)
      const { global: _global, ...headers } = headerOptions
      helmet(headers as unknown as HelmetOptions)(request.raw, reply.raw, () => {})
      reply.header('x-request-id', request.id)
      if (error.code !== 'FST_ERR_BAD_URL') return handleError(error, request, reply)
      const pathname = request.url.split('?')[0] ?? ''
      if (!pathname.startsWith('/')) {
        sendProblem(request, reply, new Problem('invalid', 'The request target is not a valid URL'))
        return
      }
      if (pathname === '/api' || pathname.startsWith('/api/')) {
        for (const candidate of api) {
          const names = candidate.pattern.exec(pathname)?.groups ?? {}
          for (const [name, raw] of Object.entries(names)) {
            try {
              decodeURIComponent(raw)
            } catch {
              const message = `"${name}" in the path is not valid URL encoding (each % must start a UTF-8 escape such as %20)`
              sendProblem(request, reply, new InvalidInput(name, message))
              return
            }
          }
        }
        sendProblem(request, reply, new Problem('not-found', `No API route ${pathname}`))
        return
      }
      badEncoding(reply)
    },
  })
  app.addHook('onRoute', (options) => {
    const methods = Array.isArray(options.method) ? options.method : [options.method]
    for (const method of methods) {
      if (method === 'HEAD' && options.path !== '/*') continue
      routes.push({ method, path: options.path })
      if (options.path.startsWith('/api')) api.push({ method, pattern: patternOf(options.path) })
    }
  })

  // Every body is JSON (whatever its Content-Type says), an object, and at most 64 KiB.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, text, done) => {
    if (text === '') return done(null, {})
    let parsed: unknown
    try {
      parsed = JSON.parse(String(text))
    } catch {
      return done(new Problem('invalid', 'The request body is not valid JSON'), undefined)
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return done(new Problem('invalid', 'The request body must be a JSON object'), undefined)
    done(null, parsed)
  })

  await app.register(fastifyHelmet, headerOptions)
  await app.register(fastifyCookie)
  const limits = await registerRateLimits(app, config)

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(no route)'
    metrics?.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000)
  })
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply))

  const options: RouteOptions = { checkAnswers: process.env.VITEST !== undefined }
  registerApi(app, { ...dependencies, limits, routes: options })
  const startedAt = Date.now()
  route(app, service.health, options, async () => ({
    status: 'ok' as const,
    storage: storage.driver,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    ...dependencies.health(),
  }))
  const { document, reference } = describeApi(config.publicUrl)
  route(app, service.openApiDocument, options, async () => document)
  route(app, service.apiReference, options, async () => ({ body: reference }))
  if (metrics && config.metrics) {
    route(app, service.metrics, options, async ({ reply }) => {
      const body = await metrics.text()
      reply.type(metrics.contentType)
      return { body, headers: { 'content-type': metrics.contentType } }
    })
  }

  const { fallback } = await registerStaticFiles(app, dependencies.clientDir, {
    serveSourceMaps: config.serveSourceMaps,
  })
  if (config.devOutbox) {
    // The outbox holds working links and join codes: development only, and only from this machine.
    route(app, service.devOutbox, options, async ({ request, reply }) => {
      // From elsewhere the path is just a web-app route.
      if (!isLoopback(request.socket.remoteAddress)) return fallback(request, reply)
      return { body: await devOutboxPage(storage), headers: { 'cache-control': 'no-store' } }
    })
  }

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const pathname = request.url.split('?')[0] ?? '/'
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      const allowed = api.filter((candidate) => candidate.pattern.test(pathname))
      if (allowed.length > 0) {
        reply.header('allow', [...new Set(allowed.map((candidate) => candidate.method))].join(', '))
        throw new Problem('invalid', `${request.method} is not allowed on ${pathname}`)
      }
      throw new Problem('not-found', `No API route ${request.method} ${pathname}`)
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return reply.code(405).header('allow', 'GET, HEAD').send()
    return fallback(request, reply)
  })

  return { app, limits, routes }
}
