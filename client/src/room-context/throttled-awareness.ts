import { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'

/** At most this many local presence broadcasts per second (cursor moves, section changes). */
const PER_SECOND = 4

type UpdateArgs = [{ added: number[]; updated: number[]; removed: number[] }, unknown]

/**
 * Awareness whose own changes reach the network at most four times a second. Presence traffic
 * grows with the square of the people in a room, and a caret moving on every keystroke would
 * otherwise send one frame per keystroke to every peer. Local listeners ("change") still see every
 * change at once; only the "update" event the provider sends from is throttled (trailing, so
 * the latest state always goes out). Leaving (a removed local state) is sent at once.
 */
export class ThrottledAwareness extends Awareness {
  private pending: UpdateArgs | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private lastSent = 0

  constructor(doc: Y.Doc) {
    super(doc)
  }

  override emit(name: string, args: unknown[]): void {
    if (name !== 'update' || args[1] !== 'local') {
      super.emit(name, args)
      return
    }
    const [changes] = args as UpdateArgs
    if (changes.removed.includes(this.clientID)) {
      this.flush()
      super.emit(name, args)
      return
    }
    this.pending = this.pending
      ? [{ added: [], updated: [this.clientID], removed: [] }, 'local']
      : (args as UpdateArgs)
    const wait = this.lastSent + 1000 / PER_SECOND - Date.now()
    if (wait <= 0) this.flush()
    else this.timer ??= setTimeout(() => this.flush(), wait)
  }

  /** Sends the pending local change now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const pending = this.pending
    this.pending = null
    if (!pending) return
    this.lastSent = Date.now()
    super.emit('update', pending)
  }

  override destroy(): void {
    this.flush()
    super.destroy()
  }
}
