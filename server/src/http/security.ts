import type { FastifyHelmetOptions } from '@fastify/helmet'

/**
 * The headers every answer carries (@fastify/helmet). `connect-src` allows the app's own origin
 * only: 'self', plus the ws(s):// form of PUBLIC_URL's host, since older Safari does not count
 * WebSockets to the page's own host as 'self'. Over https, browsers are told to use https for a
 * year (HSTS). Helmet's other defaults (cross-origin opener and resource policies, no MIME
 * sniffing of downloads…) only make it stricter.
 */
export function securityHeaders(publicUrl: string): FastifyHelmetOptions {
  const { protocol, host } = new URL(publicUrl)
  const https = protocol === 'https:'
  const socketOrigin = `${https ? 'wss' : 'ws'}://${host}`
  return {
    global: true,
    contentSecurityPolicy: {
      // Helmet's defaults would add upgrade-insecure-requests, which breaks a plain-http install.
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'connect-src': ["'self'", socketOrigin],
        'font-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  }
}
