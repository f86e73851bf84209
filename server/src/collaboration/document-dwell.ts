/**
 * Page-level dwell on the server's clock: which document, version and page each connection has
 * on screen (its presence field `document`, set by the web app's viewer) and since when. Every
 * change — another page, another document, the viewer closed, the tab hidden or idle, the socket
 * gone — closes the interval as one `document.page-viewed` with the time the server measured.
 * Opening a document is one `document.viewed`; opening it again within REOPEN_MS (a reload, a
 * dropped connection) is the same reading. The client only says where it is, never how long.
 */

/** What the viewer publishes, as the presence guard let it through. */
export interface OpenDocument {
  id: string
  version: number
  page: number
}

/** What the room says about a document: its title, latest version and page count. */
export interface KnownDocument {
  title: string
  version: number
  pages: number
}

/** An event for the engagement extension to stamp with who and record. */
export interface DwellEvent {
  kind: 'document.viewed' | 'document.page-viewed'
  at: number
  durationMs: number | null
  detail: { documentId: string; version: number; title: string; page?: number }
}

/** Opening the same document again within this long is still the same reading. */
export const REOPEN_MS = 5 * 60_000

interface Reading {
  open: OpenDocument
  title: string
  active: boolean
  since: number
}

/** The document field of a presence state (already shaped by presence-state.ts), or null. */
export function openDocumentOf(state: Record<string, unknown> | undefined): OpenDocument | null {
  const value = state?.document
  if (typeof value !== 'object' || value === null) return null
  const { id, version, page } = value as Record<string, unknown>
  return typeof id === 'string' && typeof version === 'number' && typeof page === 'number'
    ? { id, version, page }
    : null
}

const same = (a: OpenDocument | null, b: OpenDocument | null) =>
  a?.id === b?.id && a?.version === b?.version && a?.page === b?.page

/**
 * Per connection (a key the caller chooses), the page on screen. The caller says what the room
 * knows of the document claimed: a page of a document that is not in the room, of a version not
 * uploaded yet, or past its last page is not reading (a hand-made presence state cannot fill
 * Insights).
 */
export class DocumentDwell {
  private readonly readings = new Map<string, Reading>()
  /** When each person last had each document open (`room|person|document`). */
  private readonly lastOpen = new Map<string, number>()

  /** The connection's presence changed: the events it ends or starts. */
  update(
    key: string,
    who: { roomId: string; personId: string },
    claimed: OpenDocument | null,
    known: KnownDocument | null,
    active: boolean,
    at: number,
  ): DwellEvent[] {
    const open =
      claimed &&
      known &&
      claimed.version <= known.version &&
      claimed.page <= Math.max(known.pages, 1)
        ? claimed
        : null
    const reading = this.readings.get(key)
    if (reading && same(reading.open, open) && reading.active === active) return []
    const events = reading ? this.end(reading, who, at) : []
    if (open && known && (reading?.open?.id !== open.id || reading.open.version !== open.version)) {
      const last = this.lastOpen.get(openKey(who, open.id))
      if (last === undefined || at - last >= REOPEN_MS) {
        events.push({
          kind: 'document.viewed',
          at,
          durationMs: null,
          detail: { documentId: open.id, version: open.version, title: known.title },
        })
      }
      this.lastOpen.set(openKey(who, open.id), at)
      this.forgetOldOpenings(at)
    }
    if (open === null) this.readings.delete(key)
    else this.readings.set(key, { open, title: known?.title ?? '', active, since: at })
    return events
  }

  /** The connection is gone: the interval it leaves open. */
  close(key: string, who: { roomId: string; personId: string }, at: number): DwellEvent[] {
    const reading = this.readings.get(key)
    if (!reading) return []
    this.readings.delete(key)
    return this.end(reading, who, at)
  }

  /** Ends a reading: the interval on its page, if the tab was active. */
  private end(
    reading: Reading,
    who: { roomId: string; personId: string },
    at: number,
  ): DwellEvent[] {
    const { open } = reading
    this.lastOpen.set(openKey(who, open.id), at)
    const durationMs = at - reading.since
    if (!reading.active || durationMs <= 0) return []
    return [
      {
        kind: 'document.page-viewed',
        at,
        durationMs,
        detail: {
          documentId: open.id,
          version: open.version,
          title: reading.title,
          page: open.page,
        },
      },
    ]
  }

  /** Openings older than REOPEN_MS decide nothing any more. */
  private forgetOldOpenings(at: number): void {
    if (this.lastOpen.size < 10_000) return
    for (const [key, last] of this.lastOpen) if (at - last >= REOPEN_MS) this.lastOpen.delete(key)
  }
}

const openKey = (who: { roomId: string; personId: string }, documentId: string) =>
  `${who.roomId}|${who.personId}|${documentId}`
