import { Redis } from '@hocuspocus/extension-redis'
import { Hocuspocus } from '@hocuspocus/server'
import IORedis from 'ioredis'
import type { RefusalAudit } from '../access/refusal-audit.ts'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts'
import type { Storage } from '../storage/storage.ts'
import { activity } from './activity.ts'
import { authentication } from './authentication.ts'
import type { SignalBus } from './bus.ts'
import type { QuorumContext } from './context.ts'
import { documentsList } from './documents-list.ts'
import { durability } from './durability.ts'
import { editFastPath, registerEditFastPath } from './edit-fast-path.ts'
import { engagement } from './engagement.ts'
import { membership } from './membership.ts'
import { type PresenceGuard, presenceGuard } from './presence-guard.ts'
import type { SocketAdmission } from './socket-admission.ts'
import { DEFAULT_WRITE_LIMITS, type WriteLimits, writeGuard } from './write-guard.ts'

export interface Collaboration {
  hocuspocus: Hocuspocus<QuorumContext>
  /** The presence guard, shared with the socket's awareness fast path. */
  presence: PresenceGuard
  /** Shows a change of a room's files in its open document now (it shows within 500 ms anyway). */
  refreshDocuments(): void
  /** Snapshots every loaded document, then closes every connection. */
  shutdown(): Promise<void>
}

/**
 * The one Hocuspocus instance, composed from our extensions in a deliberate order:
 * authentication → write guard → presence guard → durability → membership → engagement →
 * activity.
 * Hocuspocus runs extensions by descending priority, then in array order; the order here is the
 * order hooks run.
 */
export function createCollaboration(
  storage: Storage,
  tokenSecret: Buffer,
  bus: SignalBus,
  options: {
    redisUrl?: string | undefined
    redisPrefix?: string
    /** Told which sockets have authenticated a document (the socket server's limits). */
    admission?: SocketAdmission
    /** Sizes a client's updates and a room may reach. */
    limits?: WriteLimits
    /** Where refused authentications are audited (summed up past a limit per address). */
    refusals?: RefusalAudit
  } = {},
): Collaboration {
  const guard = writeGuard(storage, options.limits ?? DEFAULT_WRITE_LIMITS)
  const durable = durability(storage, guard.storedSize)
  const presence = presenceGuard()
  const documents = documentsList(storage)
  // Several instances: Redis carries updates and awareness between them (priority 1000, so it
  // runs before ours and, on store, lets one instance at a time compact a room).
  const fanOut = options.redisUrl
    ? [
        new Redis({
          createClient: () => new IORedis(options.redisUrl ?? '', { maxRetriesPerRequest: null }),
          prefix: options.redisPrefix ?? 'quorum',
        }),
      ]
    : []
  const hocuspocus = new Hocuspocus<QuorumContext>({
    name: 'quorum',
    quiet: true,
    // Every update is already durable in the log; the debounced store only compacts it.
    debounce: 5_000,
    maxDebounce: 30_000,
    // What a socket may queue for documents still authenticating. A socket that has authenticated
    // nothing is held far lower by the socket server (MAX_BYTES_BEFORE_AUTHENTICATION); these
    // cover a second document on an authenticated socket, and offline edits a returning client
    // sends while its document loads. The provider opens two documents per socket at most.
    maxUnauthenticatedQueueSize: 1024 * 1024,
    maxUnauthenticatedQueueMessages: 1_000,
    maxPendingDocuments: 4,
    extensions: [
      ...fanOut,
      authentication(storage, tokenSecret, options.refusals),
      // Before durability: a refused update is never logged, applied or broadcast.
      guard.extension,
      presence.extension,
      durable.extension,
      // After durability: the list it writes on load is logged like any change.
      documents.extension,
      membership(storage),
      engagement(storage, bus),
      activity(storage),
      // Priority 0: its onAuthenticate runs after every other one.
      ...(options.admission ? [options.admission.extension] : []),
    ],
  })

  // Edits skip Hocuspocus's per-frame hook chains (edit-fast-path.ts) where storage appends
  // synchronously (SQLite), a turn's edits in one commit; the socket server (websocket.ts) finds
  // the fast path registered here.
  if (storage instanceof SqliteStorage) {
    // One transaction function for every batch: better-sqlite3 builds five wrappers each time
    // `transaction` is called (what `storage.inOneCommit` does), which a profile saw per batch.
    const commit = storage.db.transaction((work: () => void) => work())
    const inOneCommit = (work: () => void) => commit(work)
    registerEditFastPath(hocuspocus, editFastPath(hocuspocus, guard, inOneCommit, durable))
  }

  const documentsWatcher = documents.watch(hocuspocus)

  return {
    hocuspocus,
    presence,
    refreshDocuments: () => documentsWatcher.refresh(),
    async shutdown() {
      documentsWatcher.stop()
      await durable.compactAll(hocuspocus.documents.values())
      hocuspocus.closeConnections()
      // Extensions release what they hold (the Redis connections).
      await hocuspocus.hooks('onDestroy', { instance: hocuspocus })
    },
  }
}
