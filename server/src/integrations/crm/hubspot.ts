import type { CrmContact } from '../../storage/storage.ts'
import {
  type CrmConnector,
  type CrmDeal,
  CrmError,
  type CrmHttp,
  type CrmMoment,
  type CrmRoomState,
  crmRequest,
  field,
  list,
} from './connector.ts'

/** A HubSpot private app's token, or an OAuth app's refresh token with its client. */
export type HubSpotCredentials =
  | { type: 'token'; token: string }
  | { type: 'oauth'; refreshToken: string; clientId: string; clientSecret: string }

/** HubSpot's association type for a note on a deal (HUBSPOT_DEFINED). */
export const NOTE_TO_DEAL = 214

/** The deal properties Quorum keeps (created in the deal information group on connecting). */
export const HUBSPOT_PROPERTIES = [
  { name: 'quorum_room_url', label: 'Deal room', type: 'string', fieldType: 'text' },
  { name: 'quorum_deal_health', label: 'Deal room health', type: 'number', fieldType: 'number' },
  {
    name: 'quorum_last_buyer_activity',
    label: 'Last buyer activity (deal room)',
    type: 'datetime',
    fieldType: 'date',
  },
] as const

/** A HubSpot deal id: digits only (it is put in a URL path). */
export const isHubSpotId = (id: string): boolean => /^\d{1,20}$/.test(id)

/**
 * HubSpot's CRM v3 API (`HUBSPOT_API_URL`, default https://api.hubapi.com): deals with their
 * associated contacts and company, notes associated to the deal, deal properties.
 */
export class HubSpotConnector implements CrmConnector {
  readonly provider = 'hubspot' as const
  private accessToken: { value: string; until: number } | null = null

  constructor(
    private readonly apiUrl: string,
    private readonly credentials: HubSpotCredentials,
    private readonly http: CrmHttp,
    private readonly now: () => number = Date.now,
  ) {}

  async connect(): Promise<void> {
    await this.call('/crm/v3/objects/deals?limit=1')
    for (const property of HUBSPOT_PROPERTIES) {
      try {
        await this.call('/crm/v3/properties/deals', {
          json: { ...property, groupName: 'dealinformation' },
        })
      } catch (error) {
        // 409: it exists already (connected before).
        if (!(error instanceof CrmError && error.status === 409)) throw error
      }
    }
  }

  async readDeal(externalId: string): Promise<CrmDeal> {
    if (!isHubSpotId(externalId))
      throw new CrmError(`“${externalId}” is not a HubSpot deal id (digits)`, null, true)
    const deal = await this.call(
      `/crm/v3/objects/deals/${externalId}?properties=dealname,closedate&associations=contacts,companies`,
    )
    const contactIds = list(deal, 'associations', 'contacts', 'results').map((each) =>
      field(each, 'id'),
    )
    const companyId = field(list(deal, 'associations', 'companies', 'results')[0], 'id')
    const [contacts, company] = await Promise.all([
      contactIds.length === 0
        ? Promise.resolve([])
        : this.call('/crm/v3/objects/contacts/batch/read', {
            json: {
              properties: ['email', 'firstname', 'lastname', 'jobtitle'],
              inputs: contactIds.map((id) => ({ id })),
            },
          }).then((answer) => list(answer, 'results').map(toContact)),
      companyId && isHubSpotId(companyId)
        ? this.call(`/crm/v3/objects/companies/${companyId}?properties=name`)
        : Promise.resolve(null),
    ])
    const closeDate = field(deal, 'properties', 'closedate')
    return {
      id: externalId,
      name: field(deal, 'properties', 'dealname') || `Deal ${externalId}`,
      closeDate: /^\d{4}-\d{2}-\d{2}/.test(closeDate) ? closeDate.slice(0, 10) : null,
      company: company ? field(company, 'properties', 'name') || null : null,
      contacts: contacts.filter((contact) => contact.email !== ''),
    }
  }

  /**
   * Keeps the deal's properties current, then writes the note: properties first, since setting
   * them twice is harmless and a note written twice is not (a retry after a failed note).
   */
  async write(moment: CrmMoment, room: CrmRoomState): Promise<void> {
    const dealId = room.link.externalId
    const lastBuyer = room.digest?.lastBuyerActivityAt ?? null
    await this.call(`/crm/v3/objects/deals/${dealId}`, {
      method: 'PATCH',
      json: {
        properties: {
          quorum_room_url: room.roomUrl,
          quorum_deal_health: room.digest ? String(room.digest.health.score) : '',
          quorum_last_buyer_activity: lastBuyer === null ? '' : new Date(lastBuyer).toISOString(),
        },
      },
    })
    if (moment.kind !== 'record') return
    await this.call('/crm/v3/objects/notes', {
      json: {
        properties: {
          hs_timestamp: new Date(moment.at).toISOString(),
          hs_note_body: `<p><strong>${escapeHtml(moment.subject)}</strong></p>${moment.body
            .split('\n')
            .map((line) => `<p>${escapeHtml(line)}</p>`)
            .join('')}`,
        },
        associations: [
          {
            to: { id: dealId },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_DEAL }],
          },
        ],
      },
    })
  }

  private async call(
    path: string,
    options: { method?: string; json?: unknown } = {},
  ): Promise<unknown> {
    const request = async () =>
      crmRequest(this.http, `${this.apiUrl}${path}`, {
        ...options,
        headers: { authorization: `Bearer ${await this.token()}` },
      })
    try {
      return (await request()).body
    } catch (error) {
      // An OAuth access token that ran out early: a new one, once.
      if (!(error instanceof CrmError && error.status === 401 && this.credentials.type === 'oauth'))
        throw error
      this.accessToken = null
      return (await request()).body
    }
  }

  private async token(): Promise<string> {
    if (this.credentials.type === 'token') return this.credentials.token
    if (this.accessToken && this.accessToken.until > this.now()) return this.accessToken.value
    const { body } = await crmRequest(this.http, `${this.apiUrl}/oauth/v1/token`, {
      form: {
        grant_type: 'refresh_token',
        client_id: this.credentials.clientId,
        client_secret: this.credentials.clientSecret,
        refresh_token: this.credentials.refreshToken,
      },
    })
    const value = field(body, 'access_token')
    if (!value) throw new CrmError('HubSpot gave no access token', null, false)
    const expiresIn = Number(field(body, 'expires_in')) || 1800
    // A minute early, so a token never runs out in the middle of a delivery.
    this.accessToken = { value, until: this.now() + (expiresIn - 60) * 1000 }
    return value
  }
}

function toContact(result: unknown): CrmContact {
  const first = field(result, 'properties', 'firstname')
  const last = field(result, 'properties', 'lastname')
  const email = field(result, 'properties', 'email').trim().toLowerCase()
  return {
    id: field(result, 'id'),
    email,
    name: [first, last].filter(Boolean).join(' ') || email,
    title: field(result, 'properties', 'jobtitle'),
    role: '',
  }
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
