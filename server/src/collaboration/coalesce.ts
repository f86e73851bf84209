import type { EngagementEvent } from '../storage/storage.ts'

export interface Coalescer {
  /**
   * Records `event` at once unless an event of the same key was recorded less than `windowMs`
   * ago; then it is merged into one event recorded when that window ends.
   */
  add(
    key: string,
    event: EngagementEvent,
    windowMs: number,
    merge?: (waiting: EngagementEvent, next: EngagementEvent) => EngagementEvent,
  ): void
  /** Records every merged event still waiting for its window to end. */
  flushAll(): void
}

/**
 * Rate-limits a stream of events per key (a person and the thing they changed): the first change
 * is recorded at once, so others see it without delay; the rest of its window ends as one more
 * event, recorded when the window closes and dated at the last change it stands for. So at most
 * one event per key and window is recorded, and the latest event of a key is its last change.
 */
export function coalescer(record: (events: EngagementEvent[]) => void, now: () => number) {
  const lastRecorded = new Map<string, number>()
  const waiting = new Map<string, { timer: NodeJS.Timeout; event: EngagementEvent }>()

  const flush = (key: string) => {
    const entry = waiting.get(key)
    if (!entry) return
    clearTimeout(entry.timer)
    waiting.delete(key)
    // The next window starts now, when this one's event is recorded.
    lastRecorded.set(key, now())
    record([entry.event])
  }

  const coalesce: Coalescer = {
    add(key, event, windowMs, merge = (_waiting, next) => next) {
      const entry = waiting.get(key)
      if (entry) {
        entry.event = merge(entry.event, event)
        return
      }
      const last = lastRecorded.get(key)
      if (last === undefined || event.at - last >= windowMs) {
        lastRecorded.set(key, event.at)
        record([event])
        return
      }
      const timer = setTimeout(() => flush(key), Math.max(0, last + windowMs - event.at))
      timer.unref()
      waiting.set(key, { timer, event })
    },
    flushAll() {
      for (const key of [...waiting.keys()]) flush(key)
    },
  }
  return coalesce
}
