import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { onTestFinished } from 'vitest'

/** A request as the CRM received it. */
export interface CrmRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
  json: unknown
}

/** An answer the test makes the CRM give next, instead of its usual one. */
export interface Failure {
  status: number
  body?: unknown
  retryAfter?: string
}

type Handler = (request: CrmRequest) => { status: number; body?: unknown } | null

/**
 * A CRM API on a local port: routes the endpoints Quorum uses, keeps every request, and answers
 * the failures queued with `fail` first (a 429 with Retry-After, a 503, a 401). Closed after the test.
 */
async function crmServer(
  route: (request: CrmRequest, url: string) => ReturnType<Handler>,
  closeAfterTest: boolean,
) {
  const requests: CrmRequest[] = []
  const failures: Failure[] = []
  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const type = String(incoming.headers['content-type'] ?? '')
      const json: unknown = type.includes('json') && body ? JSON.parse(body) : null
      const request = {
        method: incoming.method ?? 'GET',
        path: incoming.url ?? '/',
        headers: incoming.headers,
        body,
        json,
      }
      requests.push(request)
      const failure = failures.shift()
      const answer = failure ?? route(request, `http://127.0.0.1:${port}`) ?? { status: 404 }
      response.writeHead(answer.status, {
        'content-type': 'application/json',
        ...(failure?.retryAfter ? { 'retry-after': failure.retryAfter } : {}),
      })
      response.end(answer.body === undefined ? '' : JSON.stringify(answer.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  if (closeAfterTest) onTestFinished(close)
  return {
    url: `http://127.0.0.1:${port}`,
    /** For a server made outside a test (a browser spec's, closed after all its tests). */
    close,
    requests,
    /** The next answers, whatever is asked. */
    fail(...next: Failure[]) {
      failures.push(...next)
    },
  }
}

const bearer = (request: CrmRequest) => String(request.headers.authorization ?? '')

/**
 * HubSpot's CRM v3 endpoints Quorum uses, with a private app token `pat-test` (or an OAuth app
 * `hub-client` / `hub-secret` with refresh token `refresh-1`): one deal (id 1001)
 * with two contacts and a company; notes and deal property changes are kept.
 */
export async function hubspotServer({ closeAfterTest = true } = {}) {
  const notes: Array<{ body: string; dealId: string; associationTypeId: number }> = []
  const dealPatches: Array<{ dealId: string; properties: Record<string, string> }> = []
  const properties = new Set<string>()
  const contacts: Record<string, Record<string, string>> = {
    '501': { email: 'Cleo@Acme.example', firstname: 'Cleo', lastname: 'Park', jobtitle: 'CFO' },
    '502': {
      email: 'dev@acme.example',
      firstname: 'Dev',
      lastname: 'Rao',
      jobtitle: 'Security architect',
    },
  }
  const refreshes: string[] = []
  const server = await crmServer((request) => {
    if (request.method === 'POST' && request.path === '/oauth/v1/token') {
      const form = new URLSearchParams(request.body)
      if (form.get('client_secret') !== 'hub-secret' || form.get('refresh_token') !== 'refresh-1')
        return {
          status: 400,
          body: { status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token' },
        }
      refreshes.push(String(form.get('grant_type')))
      // The OAuth app's access token is accepted like the private app's.
      return {
        status: 200,
        body: { access_token: 'pat-test', refresh_token: 'refresh-1', expires_in: 1800 },
      }
    }
    if (bearer(request) !== 'Bearer pat-test')
      return { status: 401, body: { status: 'error', category: 'INVALID_AUTHENTICATION' } }
    const path = request.path.split('?')[0] ?? ''
    if (request.method === 'GET' && path === '/crm/v3/objects/deals')
      return { status: 200, body: { results: [] } }
    if (request.method === 'POST' && path === '/crm/v3/properties/deals') {
      const name = (request.json as { name: string }).name
      if (properties.has(name)) return { status: 409, body: { category: 'CONFLICT' } }
      properties.add(name)
      return { status: 201, body: { name } }
    }
    if (request.method === 'GET' && path === '/crm/v3/objects/deals/1001')
      return {
        status: 200,
        body: {
          id: '1001',
          properties: { dealname: 'Acme rollout', closedate: '2027-03-31T00:00:00.000Z' },
          associations: {
            contacts: {
              results: [
                { id: '501', type: 'deal_to_contact' },
                { id: '502', type: 'deal_to_contact' },
              ],
            },
            companies: { results: [{ id: '77', type: 'deal_to_company' }] },
          },
        },
      }
    if (request.method === 'GET' && path.startsWith('/crm/v3/objects/deals/'))
      return { status: 404, body: { status: 'error', category: 'OBJECT_NOT_FOUND' } }
    if (request.method === 'POST' && path === '/crm/v3/objects/contacts/batch/read') {
      const inputs = (request.json as { inputs: Array<{ id: string }> }).inputs
      return {
        status: 200,
        body: {
          status: 'COMPLETE',
          results: inputs
            .filter(({ id }) => contacts[id])
            .map(({ id }) => ({ id, properties: contacts[id] })),
        },
      }
    }
    if (request.method === 'GET' && path === '/crm/v3/objects/companies/77')
      return { status: 200, body: { id: '77', properties: { name: 'Acme Corp' } } }
    if (request.method === 'PATCH' && path.startsWith('/crm/v3/objects/deals/')) {
      const dealId = path.slice('/crm/v3/objects/deals/'.length)
      if (dealId !== '1001') return { status: 404, body: { category: 'OBJECT_NOT_FOUND' } }
      const changed = (request.json as { properties: Record<string, string> }).properties
      const unknown = Object.keys(changed).filter((name) => !properties.has(name))
      if (unknown.length > 0)
        return {
          status: 400,
          body: { category: 'VALIDATION_ERROR', message: `Property ${unknown[0]} does not exist` },
        }
      dealPatches.push({ dealId, properties: changed })
      return { status: 200, body: { id: dealId } }
    }
    if (request.method === 'POST' && path === '/crm/v3/objects/notes') {
      const note = request.json as {
        properties: { hs_note_body: string; hs_timestamp: string }
        associations: Array<{ to: { id: string }; types: Array<{ associationTypeId: number }> }>
      }
      const association = note.associations[0]
      if (!note.properties.hs_timestamp || !association)
        return { status: 400, body: { category: 'VALIDATION_ERROR' } }
      notes.push({
        body: note.properties.hs_note_body,
        dealId: association.to.id,
        associationTypeId: association.types[0]?.associationTypeId ?? 0,
      })
      return { status: 201, body: { id: String(9000 + notes.length) } }
    }
    return null
  }, closeAfterTest)
  return { ...server, notes, dealPatches, properties, refreshes }
}

/**
 * Salesforce's login and REST endpoints Quorum uses, for a connected app `client-1` / `secret-1`:
 * one Opportunity (006000000000001AAA) with two contact roles; Tasks are kept. `expireSessions`
 * makes the current access token invalid (INVALID_SESSION_ID), as Salesforce does when it times out.
 */
export async function salesforceServer({ closeAfterTest = true } = {}) {
  const tasks: Array<Record<string, string>> = []
  const logins: string[] = []
  let session = ''
  const opportunity = '006000000000001AAA'
  const server = await crmServer((request, base) => {
    const [path = '', query = ''] = request.path.split('?')
    if (request.method === 'POST' && path === '/services/oauth2/token') {
      const form = new URLSearchParams(request.body)
      if (form.get('client_id') !== 'client-1' || form.get('client_secret') !== 'secret-1')
        return {
          status: 400,
          body: { error: 'invalid_client', error_description: 'invalid client credentials' },
        }
      logins.push(String(form.get('grant_type')))
      session = `00D!token${logins.length}`
      return {
        status: 200,
        body: { access_token: session, instance_url: `${base}/`, token_type: 'Bearer' },
      }
    }
    if (bearer(request) !== `Bearer ${session}` || session === '')
      return {
        status: 401,
        body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
      }
    if (request.method === 'GET' && path === '/services/data/v61.0/query') {
      const soql = new URLSearchParams(query).get('q') ?? ''
      if (soql.includes('FROM Opportunity WHERE'))
        return {
          status: 200,
          body: {
            totalSize: soql.includes(opportunity) ? 1 : 0,
            done: true,
            records: soql.includes(opportunity)
              ? [
                  {
                    Id: opportunity,
                    Name: 'Globex expansion',
                    CloseDate: '2027-02-15',
                    Account: { Name: 'Globex' },
                  },
                ]
              : [],
          },
        }
      if (soql.includes('FROM OpportunityContactRole WHERE'))
        return {
          status: 200,
          body: {
            totalSize: 2,
            done: true,
            records: [
              {
                ContactId: '003000000000001AAA',
                Role: 'Economic Buyer',
                IsPrimary: true,
                Contact: { Name: 'Hana Ito', Email: 'hana@globex.example', Title: 'VP Finance' },
              },
              {
                ContactId: '003000000000002AAA',
                Role: 'Technical Buyer',
                IsPrimary: false,
                Contact: { Name: 'Omar Diaz', Email: 'omar@globex.example', Title: 'IT lead' },
              },
            ],
          },
        }
      return { status: 400, body: [{ errorCode: 'MALFORMED_QUERY' }] }
    }
    if (request.method === 'POST' && path === '/services/data/v61.0/sobjects/Task') {
      const task = request.json as Record<string, string>
      if (task.WhatId !== opportunity)
        return {
          status: 400,
          body: [
            {
              errorCode: 'FIELD_INTEGRITY_EXCEPTION',
              message: 'What ID: id value of incorrect type',
            },
          ],
        }
      tasks.push(task)
      return { status: 201, body: { id: `00T${tasks.length}`, success: true, errors: [] } }
    }
    return null
  }, closeAfterTest)
  return {
    ...server,
    tasks,
    logins,
    opportunity,
    expireSessions() {
      session = 'expired'
    },
  }
}
