import { getPage, PAGE_WIDTHS, type PageWidth } from '../../../shared/src/api/documents.ts'
import { fillPath, type ProblemAnswer } from '../../../shared/src/api/endpoint.ts'
import { ApiError, OfflineError } from '../api.ts'
import { localPagesCacheName } from '../room-context/connection.ts'

/**
 * Page images of the room's documents, kept on this device as they are viewed so that they stay
 * readable offline. The server answers them `no-store` (they carry the reader's watermark and are
 * authorised on every request), so the browser's HTTP cache keeps nothing; the page puts each
 * image it was given into a Cache Storage of its own, one per person and room, which is deleted
 * when access to the room ends (room-context/connection.ts).
 */

export interface PageAddress {
  roomId: string
  personId: string
  documentId: string
  /** The version shown; `older` when it is not the latest (the seller team only may ask). */
  version: number
  older: boolean
  page: number
  width: PageWidth
}

/** The narrowest rendering at least this many device pixels wide (the widest otherwise). */
export function widthFor(devicePixels: number): PageWidth {
  return PAGE_WIDTHS.find((width) => width >= devicePixels) ?? 1600
}

/** The page route, as the server declares it. */
export function pageUrl(address: PageAddress): string {
  const path = fillPath(getPage.path, {
    roomId: address.roomId,
    documentId: address.documentId,
    page: String(address.page),
  })
  const query = new URLSearchParams({ width: String(address.width) })
  if (address.older) query.set('version', String(address.version))
  return `${path}?${query}`
}

/** Where a page is kept on this device: by version, so a new version never shows old pages. */
const keyOf = (address: PageAddress, width: number = address.width) =>
  `/offline-pages/${address.documentId}/${address.version}/${address.page}/${width}`

const cacheAvailable = () => typeof caches !== 'undefined'

async function openCache(address: PageAddress): Promise<Cache | null> {
  if (!cacheAvailable()) return null
  try {
    return await caches.open(localPagesCacheName(address.personId, address.roomId))
  } catch {
    return null
  }
}

/** A page kept on this device, at this width or any other. */
async function cachedPage(address: PageAddress): Promise<Blob | null> {
  const cache = await openCache(address)
  if (!cache) return null
  const widths = [address.width, ...PAGE_WIDTHS.filter((width) => width !== address.width)]
  for (const width of widths) {
    const hit = await cache.match(keyOf(address, width))
    if (hit) return hit.blob()
  }
  return null
}

/**
 * One page image: from the server (and kept on this device), or, when the network is gone, the
 * copy kept from an earlier view. A refusal (revoked, closed room) is never answered from the
 * device: the server said no.
 */
export async function loadPage(
  address: PageAddress,
  signal?: AbortSignal,
): Promise<{ blob: Blob; fromDevice: boolean }> {
  let response: Response
  try {
    response = await fetch(pageUrl(address), { credentials: 'same-origin', signal })
  } catch (error) {
    if (signal?.aborted) throw error
    const kept = await cachedPage(address)
    if (kept) return { blob: kept, fromDevice: true }
    throw new OfflineError('This page has not been viewed on this device yet.')
  }
  if (!response.ok) {
    const problem = ((await response.json().catch(() => null)) as Partial<ProblemAnswer> | null)
      ?.error
    throw new ApiError(
      response.status,
      problem?.code ?? 'error',
      problem?.message ?? `The page could not be loaded (the server answered ${response.status}).`,
    )
  }
  const blob = await response.blob()
  const cache = await openCache(address)
  if (cache) {
    await cache
      .put(keyOf(address), new Response(blob, { headers: { 'content-type': blob.type } }))
      .catch(() => {
        // A full device only loses the offline copy, never the page on screen.
      })
  }
  return { blob, fromDevice: false }
}
