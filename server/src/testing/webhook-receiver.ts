import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { onTestFinished } from 'vitest'

export interface Received {
  id: string
  type: string
  body: string
  payload: { type: string; timestamp: string; data: Record<string, unknown> }
  headers: IncomingHttpHeaders
}

/**
 * A webhook receiver on a local port, as an integrator would run one: verifies each delivery's
 * Standard Webhooks signature with the secret it is given and keeps what it accepted, in order.
 * While `failing`, it answers 503 (a receiver that is down); closed after the test.
 */
export async function webhookReceiver() {
  const secrets: string[] = []
  const received: Received[] = []
  const refused: string[] = []
  let failing = false
  let answered = 0
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      answered++
      const body = Buffer.concat(chunks).toString('utf8')
      if (failing) {
        response.writeHead(503).end('down')
        return
      }
      const headers = {
        'webhook-id': String(request.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
      }
      const verified = secrets.some((secret) => {
        try {
          new Webhook(secret).verify(body, headers)
          return true
        } catch {
          return false
        }
      })
      if (!verified) {
        refused.push(body)
        response.writeHead(401).end('bad signature')
        return
      }
      const payload = JSON.parse(body) as Received['payload']
      received.push({
        id: headers['webhook-id'],
        type: payload.type,
        body,
        payload,
        headers: request.headers,
      })
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    refused,
    /** Requests answered, accepted or not. */
    answered: () => answered,
    /** Accepts signatures made with this secret. */
    trust(secret: string) {
      secrets.push(secret)
    },
    setFailing(value: boolean) {
      failing = value
    },
  }
}
