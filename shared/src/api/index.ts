import * as access from './access.ts'
// The public API and its keys (issue 14)
import * as apikeys from './apikeys.ts'
import * as brand from './brand.ts'
import * as calendar from './calendar.ts'
import * as conversation from './conversation.ts'
import * as crm from './crm.ts'
import * as documents from './documents.ts'
import type { Endpoint } from './endpoint.ts'
// Guiding the buyer journey (issue 15): nudges and next best actions
import * as guidance from './guidance.ts'
import * as print from './print.ts'
import * as rooms from './rooms.ts'
import * as service from './service.ts'
import * as sessions from './sessions.ts'
import * as signals from './signals.ts'
// The seller team and its single sign-on (issue 15)
import * as team from './team.ts'
import * as v1 from './v1.ts'
import * as webhooks from './webhooks.ts'
import * as workspace from './workspace.ts'

export { API_SCOPES, type ApiScope } from './apikeys.ts'
export * from './endpoint.ts'
/**
 * Quorum's HTTP API: one declaration per endpoint (shared/src/api/*.ts), read by the server's
 * routes, the web app's fetch helper and the OpenAPI document.
 */
export {
  access,
  apikeys,
  brand,
  calendar,
  conversation,
  crm,
  documents,
  guidance,
  print,
  rooms,
  service,
  sessions,
  signals,
  team,
  v1,
  webhooks,
  workspace,
}

const isEndpoint = (value: unknown): value is Endpoint =>
  typeof value === 'object' && value !== null && 'path' in value && 'method' in value

/** Every endpoint, in the order of the reference. */
export const ENDPOINTS: readonly Endpoint[] = [
  sessions,
  rooms,
  access,
  conversation,
  documents,
  signals,
  guidance,
  team,
  apikeys,
  v1,
  calendar,
  print,
  service,
  webhooks,
  crm,
  brand,
  workspace,
]
  .flatMap((module) => Object.values(module))
  .filter(isEndpoint)
