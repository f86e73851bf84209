import type { IncomingMessage, ServerResponse } from 'node:http'
import { Problem } from '../errors.ts'
import { checkId, InvalidInput } from './input.ts'

/** Largest JSON body the API reads. */
const MAX_BODY_BYTES = 64 * 1024

export interface RouteContext {
  request: IncomingMessage
  response: ServerResponse
  params: Record<string, string>
  /** The parsed JSON body (an object), or a clear 400/413. */
  body(): Promise<Record<string, unknown>>
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  /** A path like /api/rooms/:roomId/token; every `:name` segment takes an id (see checkId). */
  path: string
  handle(context: RouteContext): Promise<void>
}

interface Compiled extends Route {
  pattern: RegExp
  names: string[]
}

function compile(route: Route): Compiled {
  const names: string[] = []
  const source = route.path.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name)
    return '([^/]+)'
  })
  return { ...route, pattern: new RegExp(`^${source}$`), names }
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES)
      throw new Problem('too-large', `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB`)
    chunks.push(chunk as Buffer)
  }
  if (size === 0) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new Problem('invalid', 'The request body is not valid JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Problem('invalid', 'The request body must be a JSON object')
  }
  return parsed as Record<string, unknown>
}

function decodeParam(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    throw new InvalidInput(
      name,
      `"${name}" in the path is not valid URL encoding (each % must start a UTF-8 escape such as %20)`,
    )
  }
}

/**
 * A small router. State-changing requests must carry the `X-Quorum-CSRF: 1` header: a page on
 * another site cannot add it without a CORS preflight, which this server never grants, so a
 * cookie alone never changes anything.
 */
export function router(
  routes: Route[],
): (request: IncomingMessage, response: ServerResponse, pathname: string) => Promise<boolean> {
  const compiled = routes.map(compile)
  return async (request, response, pathname) => {
    const candidates = compiled.filter((route) => route.pattern.test(pathname))
    if (candidates.length === 0) return false
    const route = candidates.find((candidate) => candidate.method === request.method)
    if (!route) {
      response.setHeader('Allow', candidates.map((candidate) => candidate.method).join(', '))
      throw new Problem('invalid', `${request.method} is not allowed on ${pathname}`)
    }
    if (route.method !== 'GET' && request.headers['x-quorum-csrf'] !== '1') {
      throw new Problem(
        'forbidden',
        'Missing the X-Quorum-CSRF header required on state-changing requests',
      )
    }
    const match = route.pattern.exec(pathname)
    const params: Record<string, string> = {}
    route.names.forEach((name, index) => {
      params[name] = checkId(name, decodeParam(name, match?.[index + 1] ?? ''))
    })
    await route.handle({ request, response, params, body: () => readJson(request) })
    return true
  }
}

export function stringField(
  body: Record<string, unknown>,
  name: string,
  options: { optional: true },
): string | undefined
export function stringField(
  body: Record<string, unknown>,
  name: string,
  options?: { optional?: false },
): string
export function stringField(
  body: Record<string, unknown>,
  name: string,
  options: { optional?: boolean } = {},
): string | undefined {
  const value = body[name]
  if (value === undefined || value === null || value === '') {
    if (options.optional) return undefined
    throw new InvalidInput(name, `"${name}" is required`)
  }
  if (typeof value !== 'string') throw new InvalidInput(name, `"${name}" must be a string`)
  return value
}
