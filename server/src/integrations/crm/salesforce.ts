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

/**
 * A Salesforce connected app: client credentials (the app runs as its integration user), or an
 * OAuth refresh token of a person who authorized it.
 */
export type SalesforceCredentials =
  | { type: 'client'; clientId: string; clientSecret: string }
  | { type: 'refresh'; clientId: string; clientSecret: string; refreshToken: string }

export const SALESFORCE_API_VERSION = 'v61.0'

/** A Salesforce record id: 15 or 18 letters and digits (it is put in a SOQL query). */
export const isSalesforceId = (id: string): boolean => /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)

/** Salesforce's API limits answer 403 REQUEST_LIMIT_EXCEEDED: it passes with time. */
const limitExceeded = (status: number, body: string) =>
  status === 403 && body.includes('REQUEST_LIMIT_EXCEEDED')

/**
 * Salesforce's REST API: an access token from the login URL (`SALESFORCE_LOGIN_URL`, default
 * https://login.salesforce.com; My Domain for client credentials), opportunities and their
 * contact roles read with SOQL, and a completed Task (WhatId = Opportunity, WhoId = Contact) for
 * each key moment.
 */
export class SalesforceConnector implements CrmConnector {
  readonly provider = 'salesforce' as const
  private session: { accessToken: string; instanceUrl: string } | null = null

  constructor(
    private readonly loginUrl: string,
    private readonly credentials: SalesforceCredentials,
    private readonly http: CrmHttp,
  ) {}

  async connect(): Promise<void> {
    this.session = null
    await this.login()
  }

  async readDeal(externalId: string): Promise<CrmDeal> {
    if (!isSalesforceId(externalId))
      throw new CrmError(`“${externalId}” is not a Salesforce Opportunity id`, null, true)
    const [opportunity] = await this.query(
      `SELECT Id, Name, CloseDate, Account.Name FROM Opportunity WHERE Id = '${externalId}'`,
    )
    if (!opportunity) throw new CrmError(`Salesforce has no Opportunity ${externalId}`, 404, true)
    const roles = await this.query(
      `SELECT ContactId, Role, IsPrimary, Contact.Name, Contact.Email, Contact.Title FROM OpportunityContactRole WHERE OpportunityId = '${externalId}'`,
    )
    const contacts: CrmContact[] = roles
      .map((role) => ({
        id: field(role, 'ContactId'),
        email: field(role, 'Contact', 'Email').trim().toLowerCase(),
        name: field(role, 'Contact', 'Name'),
        title: field(role, 'Contact', 'Title'),
        role: field(role, 'Role'),
      }))
      .filter((contact) => contact.email !== '' && contact.id !== '')
    const closeDate = field(opportunity, 'CloseDate')
    return {
      id: externalId,
      name: field(opportunity, 'Name') || `Opportunity ${externalId}`,
      closeDate: /^\d{4}-\d{2}-\d{2}$/.test(closeDate) ? closeDate : null,
      company: field(opportunity, 'Account', 'Name') || null,
      contacts,
    }
  }

  /** A completed Task on the opportunity, with the contact it is about; properties: nothing. */
  async write(moment: CrmMoment, room: CrmRoomState): Promise<void> {
    if (moment.kind !== 'record') return
    const contact = room.link.contacts.find((each) => each.email === moment.personEmail)
    await this.call(`/services/data/${SALESFORCE_API_VERSION}/sobjects/Task`, {
      Subject: `Deal room: ${moment.subject}`.slice(0, 255),
      Description: moment.body,
      WhatId: room.link.externalId,
      ...(contact ? { WhoId: contact.id } : {}),
      ActivityDate: new Date(moment.at).toISOString().slice(0, 10),
      Status: 'Completed',
      Priority: 'Normal',
    })
  }

  private async query(soql: string): Promise<unknown[]> {
    const answer = await this.call(
      `/services/data/${SALESFORCE_API_VERSION}/query?q=${encodeURIComponent(soql)}`,
    )
    return list(answer, 'records')
  }

  private async call(path: string, json?: unknown): Promise<unknown> {
    const request = async () => {
      const session = await this.login()
      return crmRequest(this.http, `${session.instanceUrl}${path}`, {
        json,
        headers: { authorization: `Bearer ${session.accessToken}` },
        isRetryable: limitExceeded,
      })
    }
    try {
      return (await request()).body
    } catch (error) {
      // INVALID_SESSION_ID: the session ended (timeout, revoked); log in again, once.
      if (!(error instanceof CrmError && error.status === 401)) throw error
      this.session = null
      return (await request()).body
    }
  }

  private async login(): Promise<{ accessToken: string; instanceUrl: string }> {
    if (this.session) return this.session
    const { clientId, clientSecret } = this.credentials
    let answer: unknown
    try {
      answer = (
        await crmRequest(this.http, `${this.loginUrl}/services/oauth2/token`, {
          isRetryable: limitExceeded,
          form:
            this.credentials.type === 'refresh'
              ? {
                  grant_type: 'refresh_token',
                  client_id: clientId,
                  client_secret: clientSecret,
                  refresh_token: this.credentials.refreshToken,
                }
              : {
                  grant_type: 'client_credentials',
                  client_id: clientId,
                  client_secret: clientSecret,
                },
        })
      ).body
    } catch (error) {
      // 400 invalid_client / invalid_grant: the credentials are wrong; say so, try again later
      // (an admin may fix the connected app without touching Quorum).
      if (error instanceof CrmError && error.status === 400)
        throw new CrmError(`Salesforce refused the credentials: ${error.message}`, 400, false)
      throw error
    }
    const accessToken = field(answer, 'access_token')
    const instanceUrl = field(answer, 'instance_url').replace(/\/+$/, '')
    if (!accessToken || !/^https?:\/\//.test(instanceUrl))
      throw new CrmError('Salesforce gave no access token or instance URL', null, false)
    this.session = { accessToken, instanceUrl }
    return this.session
  }
}
