import { resolve } from 'node:path'

/** Server settings, read once from the environment. Every field is documented in the README. */
export interface Config {
  /** TCP port of the web app, the API and the collaboration socket (`PORT`, default 3000). */
  port: number
  /** Interface to listen on (`HOST`, default all interfaces). */
  host: string | undefined
  /** Folder of the SQLite file and other local state (`DATA_DIR`, default ./data). */
  dataDir: string
  /** Base URL printed in links (`PUBLIC_URL`, default http://localhost:PORT). */
  publicUrl: string
  /** Largest WebSocket frame accepted, in bytes (`MAX_MESSAGE_BYTES`, default 8 MiB). */
  maxMessageBytes: number
  /** Largest single update a client may send to a room, in bytes (`MAX_UPDATE_BYTES`, default 2 MiB). */
  maxUpdateBytes: number
  /** Largest a room's document may grow, in bytes as stored (`MAX_ROOM_BYTES`, default 32 MiB). */
  maxRoomBytes: number
  /** Lifetime of a collaboration token, in seconds (`TOKEN_TTL_SECONDS`, default 900). */
  tokenTtlSeconds: number
  /** Open collaboration sockets per client address, 0 for no cap (`MAX_SOCKETS_PER_ADDRESS`, default 500). */
  maxSocketsPerAddress: number
  /** Sockets per client address not yet authenticated, 0 for no cap (`MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS`, default 20). */
  maxUnauthenticatedSocketsPerAddress: number
  /** Bytes a socket may send before it authenticates (`MAX_BYTES_BEFORE_AUTHENTICATION`, default 64 KiB). */
  maxBytesBeforeAuthentication: number
  /** Milliseconds a new socket has to authenticate (`AUTHENTICATION_TIMEOUT_MS`, default 10000). */
  authenticationTimeoutMs: number
  /** Header a trusted reverse proxy sets to the client's address (`CLIENT_ADDRESS_HEADER`, e.g. x-forwarded-for). */
  clientAddressHeader: string | undefined
  /** SMTP server for outgoing mail (`SMTP_URL`); without it mail stays in the outbox. */
  smtpUrl: string | undefined
  /** Sender of outgoing mail (`MAIL_FROM`, default "Quorum <quorum@localhost>"). */
  mailFrom: string
  /** PostgreSQL connection string (`DATABASE_URL`); without it Quorum uses SQLite in DATA_DIR. */
  databaseUrl: string | undefined
  /** Redis for several instances (`REDIS_URL`, e.g. redis://127.0.0.1:6379). */
  redisUrl: string | undefined
  /** Prefix of every Redis key and channel (`REDIS_PREFIX`, default "quorum"). */
  redisPrefix: string
  /** Serve the /dev/outbox page to loopback clients (`DEV_OUTBOX=1`; off by default: it shows links and codes). */
  devOutbox: boolean
  /** Serve the web app's source maps, `/assets/*.map` (`SERVE_SOURCE_MAPS=1`; off by default: they hold the full client source). */
  serveSourceMaps: boolean
  /** Least severe log line written, one JSON line each (`LOG_LEVEL`: fatal, error, warn, info, debug, trace or silent; default info, silent under the test runner). */
  logLevel: LogLevel
  /** Serve Prometheus metrics at /metrics on the main port (`METRICS=1`; off by default). */
  metrics: boolean
  /** Serve /metrics on this port instead, e.g. one not exposed publicly (`METRICS_PORT`). */
  metricsPort: number | undefined
  /** Largest file a document upload may be, in bytes (`MAX_UPLOAD_MB`, default 100 MB). */
  maxUploadBytes: number
  /** Most pages a document may have (`MAX_DOCUMENT_PAGES`, default 500). */
  maxDocumentPages: number
  /** Time a LibreOffice conversion may take (`OFFICE_TIMEOUT_MS`, default 120000). */
  officeTimeoutMs: number
  /** Time reading a PDF or drawing one page may take (`RENDER_TIMEOUT_MS`, default 30000). */
  renderTimeoutMs: number
  /** The LibreOffice command (`SOFFICE_PATH`; default `soffice` or `libreoffice` on PATH). */
  sofficePath: string | undefined
  /** S3-compatible storage for documents' bytes (`S3_BUCKET` and the other S3_* variables); files under DATA_DIR/blobs without it. */
  s3: S3Config | undefined
  /** Deliver webhooks to loopback and private addresses too (`WEBHOOK_ALLOW_PRIVATE=1`; off by default: no requests into the host's network). */
  webhookAllowPrivate: boolean
  /** Time a webhook receiver has to answer (`WEBHOOK_TIMEOUT_MS`, default 10000). */
  webhookTimeoutMs: number
  /** Delay before a failed delivery's first retry (`WEBHOOK_FIRST_RETRY_MS`, default 5000); later retries (30 s, 2 min, 10 min, …) and the 24 h after which a subscription is disabled scale with it. */
  webhookFirstRetryMs: number
  /** Where webhooks are delivered from (`WEBHOOK_DELIVERY`): `thread` (default; a worker thread of its own, so delivering never takes the event loop edits run on) or `inline` (the server's thread; the default under the test runner, which starts many servers). */
  webhookDelivery: 'thread' | 'inline'
  /** HubSpot's API (`HUBSPOT_API_URL`, default https://api.hubapi.com): a HubSpot connection's notes and deal properties go there. */
  hubspotApiUrl: string
  /** Salesforce's login (`SALESFORCE_LOGIN_URL`, default https://login.salesforce.com; your My Domain URL for client credentials). */
  salesforceLoginUrl: string
  /** Requests one public-API key may make per minute (`API_RATE_LIMIT`, default 600). */
  apiRateLimit: number
  /** The Chromium command that prints a room to PDF (`CHROMIUM_PATH`, default /usr/bin/chromium). */
  chromiumPath: string
  /** Single sign-on for the seller team from the environment (`OIDC_*`); when set, it wins over the Team page's settings. */
  oidc: OidcConfig | undefined
}

/** The seller team's OpenID Connect provider, set by the self-hoster. */
export interface OidcConfig {
  /** `OIDC_ISSUER`: the provider's issuer URL (its discovery document is under it). */
  issuer: string
  /** `OIDC_CLIENT_ID`. */
  clientId: string
  /** `OIDC_CLIENT_SECRET`. */
  clientSecret: string
  /** `OIDC_DOMAINS`: comma-separated e-mail domains whose verified addresses may sign in (new ones get an account). */
  domains: string[]
  /** `OIDC_REQUIRED=1`: sellers must sign in with SSO; e-mailed sign-in links are off for them. */
  required: boolean
}

/** Lower-case e-mail domains from a comma-separated list, without "@"; the invalid ones named. */
export function parseDomains(raw: string): { domains: string[]; invalid: string[] } {
  const parts = raw
    .split(/[\s,]+/)
    .map((part) => part.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean)
  const valid = (domain: string) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)
  return {
    domains: [...new Set(parts.filter(valid))],
    invalid: parts.filter((part) => !valid(part)),
  }
}

function oidcConfig(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuer = env.OIDC_ISSUER
  if (!issuer) return undefined
  if (!/^https?:\/\/[^/]+/.test(issuer))
    throw new ConfigError(
      `OIDC_ISSUER must be a URL such as https://login.example.com (got "${issuer}")`,
    )
  const clientId = env.OIDC_CLIENT_ID
  const clientSecret = env.OIDC_CLIENT_SECRET
  if (!clientId || !clientSecret)
    throw new ConfigError('OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET as well')
  const { domains, invalid } = parseDomains(env.OIDC_DOMAINS ?? '')
  if (invalid.length > 0 || domains.length === 0)
    throw new ConfigError(
      `OIDC_DOMAINS must list the e-mail domains allowed to sign in, such as example.com (got "${env.OIDC_DOMAINS ?? ''}")`,
    )
  return { issuer, clientId, clientSecret, domains, required: env.OIDC_REQUIRED === '1' }
}

export interface S3Config {
  /** `S3_BUCKET`. */
  bucket: string
  /** `S3_ENDPOINT`, e.g. http://127.0.0.1:9000 for MinIO; AWS's own when absent. */
  endpoint: string | undefined
  /** `S3_REGION` (default us-east-1, else `AWS_REGION`). */
  region: string
  /** `S3_PREFIX`: where in the bucket the blobs go (default "blobs/"). */
  prefix: string
  /** From `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`) when set; otherwise the AWS SDK's usual chain (profiles, instance roles). */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined
}

function s3Config(env: NodeJS.ProcessEnv): S3Config | undefined {
  if (!env.S3_BUCKET) return undefined
  const endpoint = env.S3_ENDPOINT || undefined
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint))
    throw new ConfigError(
      `S3_ENDPOINT must be a URL such as http://127.0.0.1:9000 (got "${endpoint}")`,
    )
  const accessKeyId = env.AWS_ACCESS_KEY_ID
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY
  return {
    bucket: env.S3_BUCKET,
    endpoint,
    region: env.S3_REGION || env.AWS_REGION || 'us-east-1',
    prefix: env.S3_PREFIX ?? 'blobs/',
    credentials:
      accessKeyId && secretAccessKey
        ? {
            accessKeyId,
            secretAccessKey,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          }
        : undefined,
  }
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

function logLevel(env: NodeJS.ProcessEnv): LogLevel {
  const raw = env.LOG_LEVEL
  // Tests start many servers: their request lines would bury the test output.
  if (raw === undefined || raw === '') return process.env.VITEST ? 'silent' : 'info'
  const level = LOG_LEVELS.find((each) => each === raw.toLowerCase())
  if (!level)
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${raw}")`)
  return level
}

export class ConfigError extends Error {}

function webhookDelivery(env: NodeJS.ProcessEnv): 'thread' | 'inline' {
  const raw = env.WEBHOOK_DELIVERY
  if (raw === undefined || raw === '') return process.env.VITEST ? 'inline' : 'thread'
  if (raw !== 'thread' && raw !== 'inline')
    throw new ConfigError(`WEBHOOK_DELIVERY must be thread or inline (got "${raw}")`)
  return raw
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`)
  }
  return value
}

/** An http(s) base URL, without a trailing slash. */
function httpUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  let url: URL | null = null
  try {
    url = new URL(raw)
  } catch {
    url = null
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new ConfigError(`${name} must be an http(s) URL such as ${fallback} (got "${raw}")`)
  return raw.replace(/\/+$/, '')
}

function headerName(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  if (!/^[A-Za-z0-9-]+$/.test(raw)) {
    throw new ConfigError(`${name} must be a header name such as x-forwarded-for (got "${raw}")`)
  }
  return raw.toLowerCase()
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535)
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '')
  try {
    new URL(publicUrl)
  } catch {
    throw new ConfigError(
      `PUBLIC_URL must be an absolute URL such as https://rooms.example.com (got "${publicUrl}")`,
    )
  }
  return {
    port,
    host: env.HOST || undefined,
    dataDir: resolve(env.DATA_DIR || './data'),
    publicUrl,
    maxMessageBytes: integer(env, 'MAX_MESSAGE_BYTES', 8 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    maxUpdateBytes: integer(env, 'MAX_UPDATE_BYTES', 2 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    maxRoomBytes: integer(env, 'MAX_ROOM_BYTES', 32 * 1024 * 1024, 64 * 1024, 4 * 1024 ** 3),
    tokenTtlSeconds: integer(env, 'TOKEN_TTL_SECONDS', 900, 10, 7 * 24 * 3600),
    maxSocketsPerAddress: integer(env, 'MAX_SOCKETS_PER_ADDRESS', 500, 0, 1_000_000),
    maxUnauthenticatedSocketsPerAddress: integer(
      env,
      'MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS',
      20,
      0,
      1_000_000,
    ),
    maxBytesBeforeAuthentication: integer(
      env,
      'MAX_BYTES_BEFORE_AUTHENTICATION',
      64 * 1024,
      4 * 1024,
      8 * 1024 * 1024,
    ),
    // Hocuspocus closes a socket that has not authenticated after 60 s in any case.
    authenticationTimeoutMs: integer(env, 'AUTHENTICATION_TIMEOUT_MS', 10_000, 100, 60_000),
    clientAddressHeader: headerName(env, 'CLIENT_ADDRESS_HEADER'),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Quorum <quorum@localhost>',
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX || 'quorum',
    devOutbox: env.DEV_OUTBOX === '1',
    serveSourceMaps: env.SERVE_SOURCE_MAPS === '1',
    logLevel: logLevel(env),
    metrics: env.METRICS === '1',
    metricsPort: env.METRICS_PORT ? integer(env, 'METRICS_PORT', 0, 0, 65535) : undefined,
    maxUploadBytes: integer(env, 'MAX_UPLOAD_MB', 100, 1, 10_240) * 1024 * 1024,
    maxDocumentPages: integer(env, 'MAX_DOCUMENT_PAGES', 500, 1, 100_000),
    officeTimeoutMs: integer(env, 'OFFICE_TIMEOUT_MS', 120_000, 1, 3_600_000),
    renderTimeoutMs: integer(env, 'RENDER_TIMEOUT_MS', 30_000, 1, 600_000),
    sofficePath: env.SOFFICE_PATH || undefined,
    s3: s3Config(env),
    webhookAllowPrivate: env.WEBHOOK_ALLOW_PRIVATE === '1',
    webhookTimeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    webhookFirstRetryMs: integer(env, 'WEBHOOK_FIRST_RETRY_MS', 5_000, 1, 3_600_000),
    webhookDelivery: webhookDelivery(env),
    hubspotApiUrl: httpUrl(env, 'HUBSPOT_API_URL', 'https://api.hubapi.com'),
    salesforceLoginUrl: httpUrl(env, 'SALESFORCE_LOGIN_URL', 'https://login.salesforce.com'),
    apiRateLimit: integer(env, 'API_RATE_LIMIT', 600, 1, 1_000_000),
    chromiumPath: env.CHROMIUM_PATH || '/usr/bin/chromium',
    oidc: oidcConfig(env),
  }
}

export function sqliteFile(config: Pick<Config, 'dataDir'>): string {
  return resolve(config.dataDir, 'quorum.sqlite')
}
