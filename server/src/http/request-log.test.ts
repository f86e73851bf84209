import { describe, expect, it } from 'vitest'
import { spawnServer } from '../testing/child.ts'
import { eventually, tempDir } from '../testing/harness.ts'

interface LogLine {
  level: number
  reqId?: string
  msg: string
  method?: string
  url?: string
  route?: string | null
  status?: number
  ms?: number
}

const logLines = (output: string): LogLine[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine)

describe('request logs', () => {
  it('one JSON line per request, with the id the answer carries in X-Request-Id and in its error', async () => {
    const server = await spawnServer(tempDir(), { LOG_LEVEL: 'info' })
    const base = `http://127.0.0.1:${server.port}`

    const ok = await fetch(`${base}/api/templates`)
    const okId = ok.headers.get('x-request-id')
    expect(okId).toMatch(/^[0-9a-f]{16}$/)

    const refused = await fetch(`${base}/api/session`)
    const refusedId = refused.headers.get('x-request-id')
    const problem = (await refused.json()) as { error: { code: string; requestId: string } }
    expect(problem.error).toMatchObject({ code: 'unauthorized', requestId: refusedId })
    expect(refusedId).not.toBe(okId)

    const lines = await eventually(() => {
      const requests = logLines(server.output()).filter((line) => line.msg === 'request')
      expect(requests).toHaveLength(2)
      return requests
    })
    expect(lines[0]).toMatchObject({
      level: 30,
      reqId: okId,
      method: 'GET',
      url: '/api/templates',
      route: '/api/templates',
      status: 200,
    })
    expect(lines[0]?.ms).toBeTypeOf('number')
    expect(lines[1]).toMatchObject({ reqId: refusedId, url: '/api/session', status: 401 })
  })

  it('LOG_LEVEL=warn leaves the request lines out; a bad LOG_LEVEL stops the start with a clear message', async () => {
    const quiet = await spawnServer(tempDir(), { LOG_LEVEL: 'warn' })
    expect((await fetch(`http://127.0.0.1:${quiet.port}/api/templates`)).status).toBe(200)
    // Warnings may still appear (an unbuilt web app says so at warn); request lines may not.
    expect(logLines(quiet.output()).filter((line) => line.msg === 'request')).toEqual([])
    expect(logLines(quiet.output()).every((line) => line.level >= 40)).toBe(true)

    await expect(spawnServer(tempDir(), { LOG_LEVEL: 'loud' })).rejects.toThrow(
      /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)/,
    )
  })
})
