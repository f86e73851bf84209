import type { ServerResponse } from 'node:http'
import { HTTP_STATUS, Problem } from '../errors.ts'
import { InvalidInput } from './input.ts'

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body)
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-store',
  })
  response.end(payload)
}

/** `{ "error": { "code", "message" } }` with the matching status (and `field` for bad input). */
export function sendProblem(response: ServerResponse, problem: Problem): void {
  sendJson(response, HTTP_STATUS[problem.kind], {
    error: {
      code: problem.kind,
      message: problem.message,
      ...(problem instanceof InvalidInput ? { field: problem.field } : {}),
    },
  })
}

export function sendError(response: ServerResponse, error: unknown): void {
  if (error instanceof Problem) {
    sendProblem(response, error)
    return
  }
  console.error('Unexpected error while handling a request:', error)
  sendJson(response, 500, {
    error: { code: 'internal', message: 'Something went wrong on the server; it has been logged.' },
  })
}

/**
 * Headers every response carries. `connect-src` allows
 * the app's own origin only: 'self', plus the ws(s):// form of PUBLIC_URL's host, since older
 * Safari does not count WebSockets to the page's own host as 'self'. Over https, browsers are
 * told to use https for a year (HSTS).
 */
export function securityHeaders(publicUrl: string): Record<string, string> {
  const { protocol, host } = new URL(publicUrl)
  const https = protocol === 'https:'
  const socketOrigin = `${https ? 'wss' : 'ws'}://${host}`
  return {
    'Content-Security-Policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ${socketOrigin}; font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    ...(https ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  }
}
