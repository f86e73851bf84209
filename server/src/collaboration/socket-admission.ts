import { isIPv6 } from 'node:net'
import type { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'
import type { QuorumExtension } from './context.ts'

/** Limits on collaboration sockets, per client address and before authentication. */
export interface SocketLimits {
  /** Open sockets per client address; 0: no cap. */
  maxSocketsPerAddress: number
  /** Sockets per client address that have not authenticated a document yet; 0: no cap. */
  maxUnauthenticatedSocketsPerAddress: number
  /** Bytes a socket may send before it has authenticated a document. */
  maxBytesBeforeAuthentication: number
  /** How long a new socket has to authenticate a document, in milliseconds. */
  authenticationTimeoutMs: number
}

/** How a socket closed by these limits is told why (Hocuspocus's 4408 is its timeout too). */
export const AdmissionCloseCodes = {
  authenticationTimeout: { code: 4408, reason: 'authentication timeout' },
  tooMuchBeforeAuthentication: { code: 1008, reason: 'too much data before authentication' },
} as const

/**
 * A socket closed for a limit is cut after this long if it has not answered the close: its close
 * frame has reached the client by then, and a client that ignores it holds nothing for long.
 */
const CLOSE_GRACE_MS = 1_000
/** Refused upgrades are reported at most this often, not once each. */
const REPORT_EVERY_MS = 60_000

interface AddressCount {
  open: number
  unauthenticated: number
}

/**
 * Who may open a collaboration socket, and how long and how much a socket may send before it has
 * authenticated a document. Hocuspocus holds what a socket sends before authentication in memory
 * (up to 5 MiB per socket by default) for up to its 60 s timeout, which is also the idle timeout
 * of authenticated sockets and so cannot simply be shortened. Here: a cap of open and of not yet
 * authenticated sockets per client address (checked before the upgrade), a byte cap counted on
 * the wire (before ws assembles a frame), and a deadline of its own for the first authentication.
 */
export class SocketAdmission {
  private readonly addresses = new Map<string, AddressCount>()
  /** The socket behind each request Hocuspocus is handed: authentication reports by request. */
  private readonly authenticatedBy = new WeakMap<Request, () => void>()
  private refusedSinceReport = 0
  private lastReport = 0

  constructor(private readonly limits: SocketLimits) {}

  /**
   * Marks a socket authenticated once Hocuspocus accepts a document on it. Priority 0 runs it
   * after every other `onAuthenticate` hook, so only when they have all passed. It is this hook,
   * not `connected`, because the provider flushes what it queued offline as soon as the
   * "authenticated" reply arrives, which can be before the document has loaded.
   */
  readonly extension: QuorumExtension = {
    extensionName: 'quorum-socket-admission',
    priority: 0,
    onAuthenticate: async ({ request }) => {
      this.authenticatedBy.get(request)?.()
    },
  }

  /** Why a new socket from this address is refused, or null to let it in. */
  refusal(address: string): string | null {
    const count = this.addresses.get(addressKey(address))
    if (!count) return null
    const { maxSocketsPerAddress, maxUnauthenticatedSocketsPerAddress } = this.limits
    let reason: string | null = null
    if (maxSocketsPerAddress > 0 && count.open >= maxSocketsPerAddress) {
      reason = 'too many connections from this address'
    } else if (
      maxUnauthenticatedSocketsPerAddress > 0 &&
      count.unauthenticated >= maxUnauthenticatedSocketsPerAddress
    ) {
      reason = 'too many connections waiting for authentication from this address'
    }
    if (reason) this.report()
    return reason
  }

  /**
   * Counts an upgraded socket against its address until it closes, and holds it to the
   * pre-authentication limits until Hocuspocus accepts a document on it (`request` is the one
   * Hocuspocus is handed for this socket). `wire` is the socket's TCP stream.
   */
  admit(address: string, socket: WebSocket, wire: Duplex, request: Request): void {
    const key = addressKey(address)
    const count = this.addresses.get(key) ?? { open: 0, unauthenticated: 0 }
    this.addresses.set(key, count)
    count.open++
    count.unauthenticated++
    let authenticated = false
    let received = 0
    let grace: NodeJS.Timeout | undefined

    const shut = (close: { code: number; reason: string }) => {
      socket.close(close.code, close.reason)
      grace ??= setTimeout(() => socket.terminate(), CLOSE_GRACE_MS)
    }
    const onData = (chunk: Buffer) => {
      received += chunk.byteLength
      if (received <= this.limits.maxBytesBeforeAuthentication) return
      shut(AdmissionCloseCodes.tooMuchBeforeAuthentication)
      // Read no more of it: what it keeps sending waits in the kernel, not in our memory.
      socket.pause()
    }
    const deadline = setTimeout(
      () => shut(AdmissionCloseCodes.authenticationTimeout),
      this.limits.authenticationTimeoutMs,
    )
    const endPreAuthentication = () => {
      clearTimeout(deadline)
      wire.off('data', onData)
    }

    wire.on('data', onData)
    this.authenticatedBy.set(request, () => {
      if (authenticated || grace) return
      authenticated = true
      count.unauthenticated--
      endPreAuthentication()
    })
    socket.once('close', () => {
      endPreAuthentication()
      clearTimeout(grace)
      count.open--
      if (!authenticated) count.unauthenticated--
      if (count.open === 0) this.addresses.delete(key)
    })
  }

  private report(): void {
    this.refusedSinceReport++
    const now = Date.now()
    if (now - this.lastReport < REPORT_EVERY_MS) return
    console.warn(
      `Refused ${this.refusedSinceReport} collaboration socket(s) over the per-address limits ` +
        '(MAX_SOCKETS_PER_ADDRESS, MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS). Behind a reverse ' +
        'proxy, set CLIENT_ADDRESS_HEADER so each client counts on its own.',
    )
    this.refusedSinceReport = 0
    this.lastReport = now
  }
}

/**
 * The unit a cap applies to: an IPv4 address, or an IPv6 /64 (one customer line or host gets a
 * whole /64, so single IPv6 addresses would make the cap free to dodge).
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped?.[1]) return mapped[1]
  if (!isIPv6(address)) return address
  const [head = '', tail] = address.split('%')[0]?.split('::') ?? []
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`
}
