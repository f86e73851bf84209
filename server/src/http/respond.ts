import type { ServerResponse } from 'node:http'
import { HTTP_STATUS, Problem } from '../errors.ts'

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body)
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-store',
  })
  response.end(payload)
}

/** `{ "error": { "code", "message" } }` with the matching status. */
export function sendProblem(response: ServerResponse, problem: Problem): void {
  sendJson(response, HTTP_STATUS[problem.kind], {
    error: { code: problem.kind, message: problem.message },
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

/** Headers every response carries (the access layer tightens them further). */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
}
