import { useEffect, useState } from 'react'
import type { RoomBrandInfo } from '../../../shared/src/api/brand.ts'
import { brand as brandApi } from '../../../shared/src/api/index.ts'
import { call } from '../api.ts'

/** The room's brand (buyer logo, welcome note), read once per room page. */
export function useRoomBrand(
  roomId: string,
): [RoomBrandInfo | null, (next: RoomBrandInfo) => void] {
  const [brand, setBrand] = useState<RoomBrandInfo | null>(null)
  useEffect(() => {
    let cancelled = false
    call(brandApi.getRoomBrand, { params: { roomId } }).then(
      (answer) => {
        if (!cancelled) setBrand(answer)
      },
      () => {},
    )
    return () => {
      cancelled = true
    }
  }, [roomId])
  return [brand, setBrand]
}

/**
 * The seller's welcome note, on a buyer's first visit: dismissed once, it is not shown to them
 * again (the server remembers, on every device). A preview shows it as a first visit would, and
 * dismissing it there is remembered nowhere.
 */
export function RoomWelcome({
  roomId,
  brand,
  preview,
}: {
  roomId: string
  brand: RoomBrandInfo
  preview: boolean
}) {
  const [dismissed, setDismissed] = useState(false)
  if (dismissed || !brand.welcomeNote || (brand.welcomeSeen && !preview)) return null
  return (
    <section className="welcome-note" aria-labelledby="welcome-heading">
      <div className="welcome-note__body">
        <h2 id="welcome-heading">Welcome</h2>
        {brand.welcomeNote}
      </div>
      <button
        type="button"
        className="button button--quiet"
        onClick={() => {
          setDismissed(true)
          if (!preview)
            void call(brandApi.dismissWelcome, { params: { roomId } }).catch(() => undefined)
        }}
      >
        Dismiss
      </button>
    </section>
  )
}
