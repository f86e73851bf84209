import { type FormEvent, useId, useState } from 'react'
import { MAX_WELCOME_NOTE, type RoomBrandInfo } from '../../../shared/src/api/brand.ts'
import { brand as brandApi } from '../../../shared/src/api/index.ts'
import { call } from '../api.ts'
import { useRoomBrand } from '../room/RoomWelcome.tsx'
import { useRoom } from '../room-context/context.ts'
import { uploadLogo } from './brand-store.ts'

/**
 * The room's brand, in the seller team's room settings: the buyer's logo (shown beside their
 * organisation's name) and the welcome note each buyer sees on their first visit.
 */
export function RoomBrandPanel() {
  const id = useId()
  const { details, canSeeInsights } = useRoom()
  const roomId = details.room.id
  const [brand, setBrand] = useRoomBrand(roomId)
  if (!canSeeInsights || !brand) return null
  return <RoomBrandForm id={id} roomId={roomId} brand={brand} onSaved={setBrand} />
}

function RoomBrandForm({
  id,
  roomId,
  brand,
  onSaved,
}: {
  id: string
  roomId: string
  brand: RoomBrandInfo
  onSaved: (next: RoomBrandInfo) => void
}) {
  const [note, setNote] = useState(brand.welcomeNote)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const save = async (event: FormEvent) => {
    event.preventDefault()
    try {
      onSaved(
        await call(brandApi.updateRoomBrand, { params: { roomId }, body: { welcomeNote: note } }),
      )
      setMessage({ ok: true, text: note.trim() ? 'Welcome note saved.' : 'Welcome note removed.' })
    } catch (error) {
      setMessage({ ok: false, text: error instanceof Error ? error.message : 'Not saved.' })
    }
  }
  const upload = async (file: File | undefined) => {
    if (!file) return
    try {
      onSaved(await uploadLogo<RoomBrandInfo>(`/api/rooms/${roomId}/brand/logo`, file))
      setMessage({ ok: true, text: 'Buyer logo uploaded.' })
    } catch (error) {
      setMessage({ ok: false, text: error instanceof Error ? error.message : 'Not uploaded.' })
    }
  }
  return (
    <section className="room-brand" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Welcome and buyer logo</h2>
      <form onSubmit={save} className="stack">
        <label>
          Welcome note
          <textarea
            value={note}
            maxLength={MAX_WELCOME_NOTE}
            placeholder="A few words each buyer sees on their first visit, e.g. where to start."
            onChange={(event) => setNote(event.target.value)}
          />
          <span className="muted small">
            Shown once to each person, on their first visit; they can dismiss it.
          </span>
        </label>
        <div className="brand-logo-row">
          <button type="submit" className="button">
            Save welcome note
          </button>
          {brand.buyerLogoUrl && (
            <img className="brand-logo-preview" src={brand.buyerLogoUrl} alt="Buyer logo" />
          )}
          <label className="button button--quiet">
            {brand.buyerLogoUrl ? 'Replace buyer logo…' : 'Upload buyer logo…'}
            <input
              type="file"
              className="visually-hidden"
              accept="image/png,image/jpeg,image/webp"
              onChange={(event) => void upload(event.target.files?.[0])}
            />
          </label>
          {brand.buyerLogoUrl && (
            <button
              type="button"
              className="button button--quiet"
              onClick={async () =>
                onSaved(
                  await call(brandApi.updateRoomBrand, {
                    params: { roomId },
                    body: { removeBuyerLogo: true },
                  }),
                )
              }
            >
              Remove buyer logo
            </button>
          )}
        </div>
        {message && (
          <p
            className={message.ok ? 'form-ok' : 'form-error'}
            role={message.ok ? 'status' : 'alert'}
          >
            {message.text}
          </p>
        )}
      </form>
    </section>
  )
}
