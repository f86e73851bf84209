import * as z from 'zod/mini'
import { endpoint } from './endpoint.ts'

const tag = 'service'

export const health = endpoint({
  name: 'health',
  method: 'GET',
  path: '/healthz',
  summary: 'Liveness and a few counts, for load balancers and monitoring',
  tag,
  access: 'anyone',
  answer: z.object({
    status: z.literal('ok'),
    storage: z.enum(['sqlite', 'postgres']),
    uptimeSeconds: z.int(),
    documents: z.int().check(z.meta({ description: 'Room documents loaded in this instance.' })),
    connections: z.int().check(z.meta({ description: 'Open collaboration sockets.' })),
  }),
})

export const openApiDocument = endpoint({
  name: 'openApiDocument',
  method: 'GET',
  path: '/api/openapi.json',
  summary: 'This API as an OpenAPI 3.1 document',
  tag,
  access: 'anyone',
  answer: z.record(z.string(), z.unknown()),
})

export const apiReference = endpoint({
  name: 'apiReference',
  method: 'GET',
  path: '/api/docs',
  summary: 'This API as a readable page',
  tag,
  access: 'anyone',
  answer: { mediaType: 'text/html', description: 'The reference page' },
})

export const metrics = endpoint({
  name: 'metrics',
  method: 'GET',
  path: '/metrics',
  summary: 'Prometheus metrics (only with METRICS=1; with METRICS_PORT on that port instead)',
  tag,
  access: 'anyone who can reach it: keep it off the public network',
  answer: { mediaType: 'text/plain', description: 'Prometheus text exposition format' },
})

export const devOutbox = endpoint({
  name: 'devOutbox',
  method: 'GET',
  path: '/dev/outbox',
  summary: 'Mail kept in the outbox (development only: DEV_OUTBOX=1, from this machine)',
  tag,
  access: 'loopback clients, with DEV_OUTBOX=1',
  answer: { mediaType: 'text/html', description: 'The outbox page' },
})
