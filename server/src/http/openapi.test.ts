import { validate } from '@readme/openapi-parser'
import { describe, expect, it } from 'vitest'
import { startTestServer } from '../testing/harness.ts'

/** `/api/rooms/:roomId` as OpenAPI writes it: `/api/rooms/{roomId}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}')

describe('the API description', () => {
  it('GET /api/openapi.json lists every route Fastify serves, and is a valid OpenAPI 3.1 document', async () => {
    const test = await startTestServer(undefined, { METRICS: '1' })
    const response = await fetch(`${test.httpUrl}/api/openapi.json`)
    expect(response.status).toBe(200)
    const document = (await response.json()) as {
      openapi: string
      paths: Record<string, Record<string, { operationId: string; responses: object }>>
    }
    expect(document.openapi).toBe('3.1.0')

    // Every route but the web app's catch-all (its files are not an API).
    const served = test.server.routes.filter((route) => route.path !== '/*')
    expect(served.length).toBeGreaterThan(30)
    const missing = served.filter(
      (route) => !document.paths[openApiPath(route.path)]?.[route.method.toLowerCase()],
    )
    expect(missing, 'routes missing from /api/openapi.json').toEqual([])

    const result = await validate(structuredClone(document) as never)
    expect(result.valid, JSON.stringify(result, null, 1).slice(0, 3000)).toBe(true)

    // The shapes the web app and the server share are named, and referred to by name.
    const text = JSON.stringify(document)
    for (const shape of ['ActivityItem', 'SectionRead', 'PersonEngagement', 'Problem'])
      expect(text).toContain(`"#/components/schemas/${shape}"`)
  })

  it('GET /api/docs is a readable page that needs nothing from elsewhere and runs no script', async () => {
    const test = await startTestServer()
    const response = await fetch(`${test.httpUrl}/api/docs`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
    const page = await response.text()
    expect(page).toContain('POST</span> <code>/api/rooms/{roomId}/invites</code>')
    expect(page).toContain('Invite someone by e-mail')
    // Rendered types, e.g. the body of an invitation:
    expect(page).toContain(
      'role: &quot;champion&quot; | &quot;stakeholder&quot; | &quot;viewer&quot; | &quot;seller&quot;',
    )
    expect(page).not.toMatch(/<script/i)
    expect(page).not.toMatch(/(src|href)="https?:/i)
  })
})
