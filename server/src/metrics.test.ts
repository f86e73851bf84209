import { describe, expect, it } from 'vitest'
import { addTask, listMilestones } from '../../shared/src/room/index.ts'
import { connect, eventually, seedCast, startTestServer, tokenFor } from './testing/harness.ts'

/** The value of one sample of the Prometheus text, e.g. `quorum_open_sockets`. */
function sample(text: string, name: string): number | null {
  const escaped = name.replace(/[{}"=,.*+?^$()|[\]\\/]/g, '\\$&')
  const match = new RegExp(`^${escaped} ([0-9.e+-]+)$`, 'm').exec(text)
  return match ? Number(match[1]) : null
}

describe('Prometheus /metrics', () => {
  it('is off unless asked for: the path is the web app’s, and no metric is in it', async () => {
    const test = await startTestServer()
    const response = await fetch(`${test.httpUrl}/metrics`)
    expect(await response.text()).not.toContain('quorum_open_sockets')
    expect(test.server.metricsPort).toBeUndefined()
  })

  it('with METRICS=1: sockets, rooms, updates, append latency, event-loop lag and HTTP latency by route', async () => {
    const test = await startTestServer(undefined, { METRICS: '1' })
    const metrics = async () => {
      const response = await fetch(`${test.httpUrl}/metrics`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
      return response.text()
    }
    const idle = await metrics()
    expect(sample(idle, 'quorum_open_sockets')).toBe(0)
    expect(sample(idle, 'quorum_rooms_loaded')).toBe(0)
    expect(sample(idle, 'quorum_updates_applied_total')).toBe(0)
    expect(idle).toMatch(/^nodejs_eventloop_lag_seconds [0-9.e+-]+$/m)

    const cast = await seedCast(test.storage)
    const client = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(test.storage, cast.roomId, cast.champion),
    )
    await client.synced
    const milestone = listMilestones(client.doc)[0]?.id ?? ''
    for (let i = 0; i < 3; i++) addTask(client.doc, { milestoneId: milestone, title: `task ${i}` })
    await eventually(() => expect(client.allAcknowledged()).toBe(true))
    await fetch(`${test.httpUrl}/api/templates`)

    const busy = await metrics()
    expect(sample(busy, 'quorum_open_sockets')).toBe(1)
    expect(sample(busy, 'quorum_rooms_loaded')).toBe(1)
    expect(sample(busy, 'quorum_updates_applied_total')).toBeGreaterThanOrEqual(3)
    expect(sample(busy, 'quorum_update_append_seconds_count')).toBe(
      sample(busy, 'quorum_updates_applied_total'),
    )
    expect(
      sample(
        busy,
        'quorum_http_request_duration_seconds_count{method="GET",route="/api/templates",status="200"}',
      ),
    ).toBe(1)
  })

  it('with METRICS_PORT: on that port only, not on the public one', async () => {
    const test = await startTestServer(undefined, { METRICS_PORT: '0' })
    const port = test.server.metricsPort
    expect(port).toBeTypeOf('number')
    const response = await fetch(`http://127.0.0.1:${port}/metrics`)
    expect(response.status).toBe(200)
    expect(await response.text()).toMatch(/^quorum_open_sockets 0$/m)
    expect(await (await fetch(`${test.httpUrl}/metrics`)).text()).not.toContain('quorum_')
  })
})
