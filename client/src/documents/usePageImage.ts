import { useEffect, useRef, useState } from 'react'
import { ApiError, OfflineError } from '../api.ts'
import { loadPage, type PageAddress } from './page-cache.ts'

export type PageImage =
  | { status: 'loading'; url: string | null }
  | { status: 'shown'; url: string; fromDevice: boolean }
  | { status: 'failed'; message: string; refused: boolean }

const keyOf = (address: PageAddress) =>
  `${address.documentId}|${address.version}|${address.page}|${address.width}`

/**
 * The image of the page on screen, and the next one loaded ahead (a phone on a slow network
 * turns the page to an image it already has). Images are object URLs of the bytes the server
 * sent, released when the viewer closes.
 */
export function usePageImage(address: PageAddress, next: PageAddress | null): PageImage {
  const loaded = useRef(new Map<string, Promise<{ url: string; fromDevice: boolean }>>())
  const [image, setImage] = useState<PageImage>({ status: 'loading', url: null })

  useEffect(() => {
    const pages = loaded.current
    return () => {
      for (const promise of pages.values())
        void promise.then(({ url }) => URL.revokeObjectURL(url)).catch(() => undefined)
      pages.clear()
    }
  }, [])

  // A page that could not come offline is asked again once the network is back.
  const [attempt, setAttempt] = useState(0)
  const waiting = image.status === 'failed' && !image.refused
  useEffect(() => {
    if (!waiting) return
    const retry = () => setAttempt((count) => count + 1)
    window.addEventListener('online', retry)
    return () => window.removeEventListener('online', retry)
  }, [waiting])

  const key = keyOf(address)
  const nextKey = next ? keyOf(next) : null
  // biome-ignore lint/correctness/useExhaustiveDependencies: the keys stand for the addresses
  useEffect(() => {
    const pages = loaded.current
    const load = (target: PageAddress) => {
      const targetKey = keyOf(target)
      let promise = pages.get(targetKey)
      if (!promise) {
        promise = loadPage(target).then(({ blob, fromDevice }) => ({
          url: URL.createObjectURL(blob),
          fromDevice,
        }))
        pages.set(targetKey, promise)
        // A failure is not kept: the next look tries the network again.
        promise.catch(() => pages.delete(targetKey))
      }
      return promise
    }
    let current = true
    // Keep showing the previous image (zooming, or the next page on its way) until this one is in.
    setImage((previous) => ({
      status: 'loading',
      url: previous.status === 'failed' ? null : previous.url,
    }))
    load(address).then(
      ({ url, fromDevice }) => {
        if (current) setImage({ status: 'shown', url, fromDevice })
      },
      (error: unknown) => {
        if (!current) return
        if (error instanceof OfflineError) {
          setImage({
            status: 'failed',
            refused: false,
            message:
              'You are offline and this page has not been opened on this device before. It will load when you are back online.',
          })
        } else if (error instanceof ApiError && (error.status === 403 || error.status === 410)) {
          setImage({ status: 'failed', refused: true, message: error.message })
        } else {
          setImage({
            status: 'failed',
            refused: false,
            message: error instanceof Error ? error.message : 'The page could not be loaded.',
          })
        }
      },
    )
    if (next) void load(next).catch(() => undefined)
    return () => {
      current = false
    }
  }, [key, nextKey, attempt])

  return image
}
