import type { DocumentEngagement, DocumentReader } from '../../../shared/src/api/signals.ts'
import type { RoomDocument } from '../../../shared/src/room/documents.ts'
import type { EngagementEvent, Member } from '../storage/storage.ts'

/** The document an event is about ('' when it names none). */
export const documentOf = (event: EngagementEvent): string =>
  typeof event.detail.documentId === 'string' ? event.detail.documentId : ''

const int = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) ? value : null

/**
 * How the buying group read each of the room's documents: per buyer, the openings, time on each
 * page (by the server's clock, every version together, pages past the latest version's last
 * left out), pages seen, the furthest page, downloads. Seller-team reading never counts.
 */
export function documentEngagement(
  events: readonly EngagementEvent[],
  documents: readonly RoomDocument[],
  members: readonly Member[],
): DocumentEngagement[] {
  const names = new Map(members.map((member) => [member.personId, member.name]))
  const byDocument = new Map(
    documents.map((document) => [
      document.id,
      { document, readers: new Map<string, DocumentReader>() },
    ]),
  )
  for (const event of events) {
    if (event.side !== 'buyer' || !event.kind.startsWith('document.')) continue
    const entry = byDocument.get(documentOf(event))
    if (!entry) continue
    const { pages } = entry.document
    let reader = entry.readers.get(event.personId)
    if (!reader) {
      reader = {
        personId: event.personId,
        name: names.get(event.personId) ?? '',
        opens: 0,
        version: 0,
        msByPage: new Array<number>(pages).fill(0),
        pagesSeen: 0,
        furthestPage: 0,
        completion: 0,
        downloads: 0,
        lastViewedAt: null,
      }
      entry.readers.set(event.personId, reader)
    }
    const version = int(event.detail.version) ?? 0
    if (event.kind === 'document.viewed') {
      reader.opens++
      reader.version = Math.max(reader.version, version)
      reader.lastViewedAt = Math.max(reader.lastViewedAt ?? 0, event.at)
    } else if (event.kind === 'document.page-viewed') {
      const page = int(event.detail.page) ?? 0
      reader.version = Math.max(reader.version, version)
      reader.lastViewedAt = Math.max(reader.lastViewedAt ?? 0, event.at)
      if (page >= 1 && page <= pages && event.durationMs !== null && event.durationMs > 0)
        reader.msByPage[page - 1] = (reader.msByPage[page - 1] ?? 0) + event.durationMs
    } else if (event.kind === 'document.downloaded') {
      reader.downloads++
    }
  }
  return documents.map((document) => {
    const entry = byDocument.get(document.id)
    const readers = [...(entry?.readers.values() ?? [])]
    for (const reader of readers) {
      reader.pagesSeen = reader.msByPage.filter((ms) => ms > 0).length
      reader.furthestPage = reader.msByPage.reduce(
        (last, ms, index) => (ms > 0 ? index + 1 : last),
        0,
      )
      reader.completion = document.pages === 0 ? 0 : reader.pagesSeen / document.pages
    }
    readers.sort(
      (a, b) => (b.lastViewedAt ?? 0) - (a.lastViewedAt ?? 0) || a.name.localeCompare(b.name),
    )
    return {
      documentId: document.id,
      title: document.title,
      version: document.version,
      pages: document.pages,
      opens: readers.reduce((sum, reader) => sum + reader.opens, 0),
      downloads: readers.reduce((sum, reader) => sum + reader.downloads, 0),
      msByPage: Array.from({ length: document.pages }, (_, index) =>
        readers.reduce((sum, reader) => sum + (reader.msByPage[index] ?? 0), 0),
      ),
      completion:
        readers.length === 0
          ? 0
          : readers.reduce((sum, reader) => sum + reader.completion, 0) / readers.length,
      readers,
    }
  })
}
