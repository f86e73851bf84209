import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import { guardedLookup, isInternalAddress } from './ssrf.ts'

export interface PostResult {
  /** HTTP status, or null when there was no answer (refused, timed out, refused by the guard). */
  status: number | null
  latencyMs: number
  /** Why it failed (no answer, or the start of a non-2xx answer's body). */
  error: string | null
  /** `Retry-After` of a 429 or 503, in ms. */
  retryAfterMs: number | null
  /** The answer's body (up to 64 KiB), for connectors that read it. */
  body: string
}

const MAX_BODY = 64 * 1024

/** Parses `Retry-After`: seconds, or an HTTP date. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}

/**
 * Sends one request to an outside receiver: a deadline for the whole exchange, no redirects
 * followed, internal addresses refused on connection (ssrf.ts), at most 64 KiB of the answer read.
 */
export function sendRequest(
  url: string,
  options: {
    method?: string
    headers: Record<string, string>
    body?: string
    timeoutMs: number
    allowPrivate: boolean
    /** Aborts the request (the server is stopping). */
    signal?: AbortSignal
  },
): Promise<PostResult> {
  const started = performance.now()
  const target = new URL(url)
  // An address written in the URL is connected to without a lookup: checked here instead.
  const literal = target.hostname.replace(/^\[|\]$/g, '')
  if (!options.allowPrivate && isIP(literal) && isInternalAddress(literal))
    return Promise.resolve({
      status: null,
      latencyMs: 0,
      error: `${literal} is an internal address (set WEBHOOK_ALLOW_PRIVATE=1 to allow)`,
      retryAfterMs: null,
      body: '',
    })
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve) => {
    let settled = false
    const finish = (result: Omit<PostResult, 'latencyMs'>) => {
      if (settled) return
      settled = true
      clearTimeout(deadline)
      resolve({ ...result, latencyMs: Math.round(performance.now() - started) })
    }
    const request = send(
      target,
      {
        method: options.method ?? 'POST',
        headers: {
          'user-agent': 'Quorum-Webhooks/1',
          ...(options.body === undefined
            ? {}
            : { 'content-length': String(Buffer.byteLength(options.body)) }),
          ...options.headers,
        },
        lookup: guardedLookup(options.allowPrivate),
        signal: options.signal,
      },
      (response) => {
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_BODY) chunks.push(chunk)
          size += chunk.length
        })
        response.on('error', (error) =>
          finish({ status: null, error: error.message, retryAfterMs: null, body: '' }),
        )
        response.on('end', () => {
          const status = response.statusCode ?? 0
          const body = Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8')
          const header = response.headers['retry-after']
          finish({
            status,
            error: status >= 200 && status < 300 ? null : `HTTP ${status}: ${body.slice(0, 200)}`,
            retryAfterMs: retryAfterMs(Array.isArray(header) ? header[0] : header),
            body,
          })
        })
      },
    )
    const deadline = setTimeout(() => {
      request.destroy(new Error(`No answer within ${options.timeoutMs} ms`))
    }, options.timeoutMs)
    request.on('error', (error) =>
      finish({ status: null, error: error.message, retryAfterMs: null, body: '' }),
    )
    request.end(options.body)
  })
}
