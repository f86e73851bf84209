import type { CrmContact, CrmLink, CrmProvider, RoomDigest } from '../../storage/storage.ts'
import { sendRequest } from '../post.ts'

/** A deal (HubSpot) or opportunity (Salesforce) as a room is linked to it. */
export interface CrmDeal {
  id: string
  name: string
  /** `YYYY-MM-DD`, or null when the CRM has none. */
  closeDate: string | null
  /** The buyer's company (HubSpot's associated company, Salesforce's account). */
  company: string | null
  contacts: CrmContact[]
}

/** What a room's event means on the deal: a note or task to write, or only properties to keep. */
export interface CrmMoment {
  /** `record`: a note (HubSpot) or a Task (Salesforce); `properties`: deal properties only. */
  kind: 'record' | 'properties'
  subject: string
  body: string
  /** Who it is about (to name the CRM contact), if anyone. */
  personEmail: string | null
  at: number
}

/** What a delivery knows of the room beside the event. */
export interface CrmRoomState {
  link: CrmLink
  /** The room's summary (health, last buyer activity), null before its first. */
  digest: RoomDigest | null
  roomUrl: string
}

/**
 * One CRM behind the outbox: the same moments of a room, written the way that CRM keeps them.
 * Every method throws a CrmError when the CRM says no or does not answer.
 */
export interface CrmConnector {
  readonly provider: CrmProvider
  /** Checks the credentials with a cheap call, and prepares the CRM (HubSpot's deal properties). */
  connect(): Promise<void>
  /** The deal with its contacts (for linking a room and importing its people). */
  readDeal(externalId: string): Promise<CrmDeal>
  /** Writes one moment on the linked deal. */
  write(moment: CrmMoment, room: CrmRoomState): Promise<void>
}

/**
 * A CRM's refusal or silence. `permanent`: trying again cannot help (a deal that does not exist,
 * a request the CRM finds invalid); otherwise the outbox tries again later (`retryAfterMs` when
 * the CRM said when: a 429's Retry-After).
 */
export class CrmError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly permanent: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message)
    this.name = 'CrmError'
  }
}

export interface CrmHttp {
  timeoutMs: number
  signal?: AbortSignal
}

/** Statuses worth trying again: no answer, timeouts, rate limits, the CRM's own failures. */
const retryable = (status: number | null) =>
  status === null || status === 401 || status === 408 || status === 429 || status >= 500

/**
 * One JSON request to a CRM. The address comes from the operator's settings (HUBSPOT_API_URL,
 * SALESFORCE_LOGIN_URL), never from a seller, so it may be on the host's network.
 */
export async function crmRequest(
  http: CrmHttp,
  url: string,
  options: {
    method?: string
    headers?: Record<string, string>
    json?: unknown
    form?: Record<string, string>
    /** Refines whether a failure may pass when tried again (Salesforce's limits answer 403). */
    isRetryable?: (status: number, body: string) => boolean
  } = {},
): Promise<{ status: number; body: unknown }> {
  const body =
    options.form !== undefined
      ? new URLSearchParams(options.form).toString()
      : options.json === undefined
        ? undefined
        : JSON.stringify(options.json)
  const result = await sendRequest(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: {
      accept: 'application/json',
      ...(body === undefined
        ? {}
        : {
            'content-type':
              options.form !== undefined ? 'application/x-www-form-urlencoded' : 'application/json',
          }),
      ...options.headers,
    },
    body,
    timeoutMs: http.timeoutMs,
    allowPrivate: true,
    signal: http.signal,
  })
  if (result.status !== null && result.status >= 200 && result.status < 300) {
    let parsed: unknown = null
    try {
      parsed = result.body ? JSON.parse(result.body) : null
    } catch {
      throw new CrmError(
        `The CRM answered ${result.status} with a body that is not JSON`,
        result.status,
        false,
      )
    }
    return { status: result.status, body: parsed }
  }
  const status = result.status
  const again =
    retryable(status) || (status !== null && (options.isRetryable?.(status, result.body) ?? false))
  throw new CrmError(
    result.error ?? `The CRM answered ${String(status)}`,
    status,
    !again,
    result.retryAfterMs,
  )
}

/** Reads a string field of a JSON object (empty when absent). */
export function field(value: unknown, ...path: string[]): string {
  let current = value
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return ''
    current = (current as Record<string, unknown>)[key]
  }
  return typeof current === 'string' ? current : typeof current === 'number' ? String(current) : ''
}

/** A JSON array field (empty when absent). */
export function list(value: unknown, ...path: string[]): unknown[] {
  let current = value
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return []
    current = (current as Record<string, unknown>)[key]
  }
  return Array.isArray(current) ? current : []
}
