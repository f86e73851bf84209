import type { SignalBus } from '../collaboration/bus.ts'
import type { RoomDigest, RoomPageEntry, Storage } from '../storage/storage.ts'
import { summarizeRoom } from './summary.ts'

export interface SummarizerOptions {
  /** How often due rooms are looked for (edits, time passing, other instances' events). */
  sweepEveryMs?: number
  /** After an event of this instance, how soon its room is summarized (events come in bursts). */
  settleMs?: number
  /** Rooms claimed per query. */
  batch?: number
  /** How long a claimed room is left to its worker before another may take it. */
  claimMs?: number
}

/**
 * Keeps every room's summary current, so that seller pages never load rooms: an event of this
 * instance marks its room due and is summarized within `settleMs`; a sweep every `sweepEveryMs`
 * takes the rest (rooms edited, whose people changed, or that time alone changed — a day more of
 * silence, a due date passed — and new or upgraded rooms). With several instances, each due room
 * is claimed by one of them.
 */
export class Summarizer {
  private readonly sweepEveryMs: number
  private readonly settleMs: number
  private readonly batch: number
  private readonly claimMs: number
  private readonly pending = new Set<string>()
  private unsubscribe: (() => void) | undefined
  private timer: NodeJS.Timeout | undefined
  private soon: NodeJS.Timeout | undefined
  private sweeping: Promise<void> | undefined
  private again = false
  private stopped = false

  constructor(
    private readonly storage: Storage,
    private readonly bus: SignalBus,
    options: SummarizerOptions = {},
  ) {
    this.sweepEveryMs = options.sweepEveryMs ?? 1_000
    this.settleMs = options.settleMs ?? 100
    this.batch = options.batch ?? 25
    this.claimMs = options.claimMs ?? 30_000
  }

  start(): void {
    this.unsubscribe = this.bus.subscribe((event) => {
      this.pending.add(event.roomId)
      if (!this.soon) {
        this.soon = setTimeout(() => {
          this.soon = undefined
          this.sweep()
        }, this.settleMs)
        this.soon.unref()
      }
    })
    this.timer = setInterval(() => this.sweep(), this.sweepEveryMs)
    this.timer.unref()
    this.sweep()
  }

  /** Runs a sweep now (or right after the one running); resolves when it is done. */
  sweep(): Promise<void> {
    if (this.stopped) return Promise.resolve()
    if (this.sweeping) {
      this.again = true
      return this.sweeping
    }
    this.sweeping = this.sweepAll()
      .catch((error: unknown) => console.error('Summarizing rooms failed:', error))
      .finally(() => {
        this.sweeping = undefined
        if (this.again && !this.stopped) {
          this.again = false
          this.sweep()
        }
      })
    return this.sweeping
  }

  private async sweepAll(): Promise<void> {
    if (this.pending.size > 0) {
      const rooms = [...this.pending]
      this.pending.clear()
      await this.storage.markRoomsDue(rooms, Date.now())
    }
    await summarizeDueRooms(this.storage, {
      batch: this.batch,
      claimMs: this.claimMs,
      stopped: () => this.stopped,
    })
  }

  /** Stops sweeping; rooms with events not yet summarized stay marked due for the next start. */
  async stop(): Promise<void> {
    this.stopped = true
    this.unsubscribe?.()
    clearInterval(this.timer)
    clearTimeout(this.soon)
    await this.sweeping
    if (this.pending.size > 0) {
      await this.storage
        .markRoomsDue([...this.pending], Date.now())
        .catch((error: unknown) => console.error('Could not mark rooms due:', error))
      this.pending.clear()
    }
  }
}

/** Claims and summarizes due rooms until none is left (or `stopped` says so). */
export async function summarizeDueRooms(
  storage: Storage,
  options: { batch?: number; claimMs?: number; stopped?: () => boolean } = {},
): Promise<number> {
  const { batch = 25, claimMs = 30_000, stopped = () => false } = options
  let done = 0
  for (;;) {
    const rooms = await storage.claimDueRooms(Date.now(), batch, claimMs)
    for (const roomId of rooms) {
      if (stopped()) return done
      try {
        await summarizeRoom(storage, roomId)
        done++
      } catch (error) {
        // Claimed still: tried again once the claim runs out.
        console.error(`Could not summarize room ${roomId}:`, error)
      }
    }
    if (rooms.length < batch || stopped()) return done
  }
}

/**
 * The summaries of a page of rooms as they are now: those out of date (and the reader's to see:
 * open, on the seller team) are computed before answering, so the list never shows an older
 * health than the room's Insights.
 */
export async function currentDigests<E extends Pick<RoomPageEntry, 'id' | 'digest' | 'stale'>>(
  storage: Storage,
  entries: readonly E[],
  wanted: (entry: E) => boolean,
): Promise<Map<string, RoomDigest>> {
  const digests = new Map<string, RoomDigest>()
  for (const entry of entries) {
    if (!wanted(entry)) continue
    const digest = entry.stale ? await summarizeRoom(storage, entry.id) : entry.digest
    if (digest) digests.set(entry.id, digest)
  }
  return digests
}
