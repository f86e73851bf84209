import { roomUrl } from '../../collaboration/rooms.ts'
import type { ClaimedDelivery, CrmProvider, Storage } from '../../storage/storage.ts'
import type { PostResult } from '../post.ts'
import { type CrmConnector, CrmError, type CrmHttp } from './connector.ts'
import { HubSpotConnector, type HubSpotCredentials } from './hubspot.ts'
import { crmMomentOf } from './moments.ts'
import { SalesforceConnector, type SalesforceCredentials } from './salesforce.ts'

/** Where the CRMs are (the operator's settings) and how long they have to answer. */
export interface CrmSettings {
  hubspotApiUrl: string
  salesforceLoginUrl: string
  timeoutMs: number
}

export const isCrmProvider = (kind: string): kind is CrmProvider =>
  kind === 'hubspot' || kind === 'salesforce'

/** A connection's credentials as stored (a subscription's secret holds them as JSON). */
export type CrmCredentials = HubSpotCredentials | SalesforceCredentials

export function connectorOf(
  provider: CrmProvider,
  credentials: CrmCredentials,
  settings: CrmSettings,
  signal?: AbortSignal,
): CrmConnector {
  const http: CrmHttp = { timeoutMs: settings.timeoutMs, signal }
  if (provider === 'hubspot')
    return new HubSpotConnector(
      settings.hubspotApiUrl.replace(/\/+$/, ''),
      credentials as HubSpotCredentials,
      http,
    )
  return new SalesforceConnector(
    settings.salesforceLoginUrl.replace(/\/+$/, ''),
    credentials as SalesforceCredentials,
    http,
  )
}

/** The outcome of a delivery to a CRM, as the delivery log keeps it. */
export interface CrmOutcome extends PostResult {
  /** Trying again cannot help: the delivery fails now instead of for 24 hours. */
  permanent: boolean
}

/**
 * The connectors of the CRM connections, one per connection and kept (they hold access tokens
 * and Salesforce's session), made again when the connection's credentials change.
 */
export class CrmConnectors {
  private readonly made = new Map<string, { secret: string; connector: CrmConnector }>()

  constructor(
    private readonly storage: Storage,
    private readonly settings: CrmSettings,
    private readonly publicUrl: string,
    private readonly signal?: AbortSignal,
  ) {}

  /** Writes one delivery's event on the deal its room is linked to. */
  async deliver({ event, subscription }: ClaimedDelivery): Promise<CrmOutcome> {
    const started = performance.now()
    const outcome = (fields: Partial<CrmOutcome>): CrmOutcome => ({
      status: null,
      error: null,
      retryAfterMs: null,
      body: '',
      permanent: false,
      ...fields,
      latencyMs: Math.round(performance.now() - started),
    })
    const provider = subscription.kind
    if (!isCrmProvider(provider))
      return outcome({ error: `${provider} is not a CRM`, permanent: true })
    const link = await this.storage.getCrmLink(event.roomId, provider)
    const url = roomUrl(this.publicUrl, event.roomId)
    const moment = crmMomentOf(event, url)
    // Unlinked since it was recorded: done, with why in the log.
    if (!link) return outcome({ status: 204, error: 'The room is no longer linked' })
    try {
      const digest = await this.storage.getRoomDigest(event.roomId)
      await this.connector(subscription.id, provider, subscription.secret).write(moment, {
        link,
        digest,
        roomUrl: url,
      })
      return outcome({ status: 200 })
    } catch (error) {
      if (!(error instanceof CrmError)) throw error
      return outcome({
        status: error.status,
        error: error.message,
        retryAfterMs: error.retryAfterMs,
        permanent: error.permanent,
      })
    }
  }

  private connector(id: string, provider: CrmProvider, secret: string): CrmConnector {
    const kept = this.made.get(id)
    if (kept && kept.secret === secret) return kept.connector
    const connector = connectorOf(
      provider,
      JSON.parse(secret) as CrmCredentials,
      this.settings,
      this.signal,
    )
    this.made.set(id, { secret, connector })
    return connector
  }
}
