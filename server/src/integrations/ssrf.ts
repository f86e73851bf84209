import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { BlockList, isIP } from 'node:net'

/**
 * No server-side request forgery: a webhook (or Slack, or CRM) target must be a public address.
 * Loopback, private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT,
 * unique-local, multicast and unspecified addresses are refused, unless WEBHOOK_ALLOW_PRIVATE=1
 * (self-hosted receivers on the same network, and tests). The check runs on every connection,
 * on the addresses the name resolves to then, so a name that later resolves inward (DNS
 * rebinding) is refused too.
 */
const INTERNAL = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  INTERNAL.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  INTERNAL.addSubnet(network, prefix, 'ipv6')

/** Whether an IP address is inside the host's or a private network. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 4) return INTERNAL.check(address, 'ipv4')
  if (family !== 6) return true
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped?.[1]) return INTERNAL.check(mapped[1], 'ipv4')
  return INTERNAL.check(address, 'ipv6')
}

export class TargetRefused extends Error {}

/** Checks a target URL's form: http or https, a host, no credentials. */
export function checkTargetUrl(url: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new TargetRefused(`"${url}" is not a URL`)
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new TargetRefused('A target URL starts with https:// (or http://)')
  if (parsed.username || parsed.password)
    throw new TargetRefused('A target URL cannot hold a user name or password')
  return parsed
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void

/** A `lookup` for http.request that refuses internal addresses (unless allowed). */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, [])
      const list = addresses as LookupAddress[]
      const refused = allowPrivate
        ? undefined
        : list.find((entry) => isInternalAddress(entry.address))
      if (refused)
        return callback(
          new TargetRefused(
            `${hostname} resolves to ${refused.address}, an internal address (set WEBHOOK_ALLOW_PRIVATE=1 to allow)`,
          ),
          [],
        )
      if ((options as { all?: boolean }).all) return callback(null, list)
      const first = list[0]
      if (!first) return callback(new TargetRefused(`${hostname} has no address`), [])
      callback(null, first.address, first.family)
    })
  }
}

/** Resolves a URL's host now and refuses an internal one (used when a subscription is made). */
export async function checkTarget(url: string, allowPrivate: boolean): Promise<URL> {
  const parsed = checkTargetUrl(url)
  if (allowPrivate) return parsed
  const host = parsed.hostname.replace(/^\[|\]$/g, '')
  await new Promise<void>((resolve, reject) => {
    guardedLookup(false)(host, {}, (error) => (error ? reject(error) : resolve()))
  })
  return parsed
}
