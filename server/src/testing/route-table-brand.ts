import type { RouteCase } from './route-table.ts'

/** Branding, the welcome note and "view as buyer" (issue 15) in the authorization matrix. */
export const BRAND_ROUTE_CASES: readonly RouteCase[] = [
  {
    method: 'POST',
    path: '/api/rooms/:roomId/preview-token',
    rule: 'readInternal',
    request: async () => ({ body: { role: 'viewer' } }),
  },
]
