import { type BuyerRole, isBuyerRole } from '../../../shared/src/access.ts'
import type { RoomDetails } from '../api.ts'
import { navigate, useSearch } from '../router.ts'

export const ROLE_LABELS: Record<BuyerRole, string> = {
  champion: 'Champion',
  stakeholder: 'Stakeholder',
  viewer: 'Viewer',
}

/** The role the page previews the room as (`?preview=<role>`), or null. */
export function usePreviewRole(): BuyerRole | null {
  const value = new URLSearchParams(useSearch()).get('preview')
  return isBuyerRole(value) ? value : null
}

/** The room's details as a buyer of that role gets them: their role, nobody's address. */
export function previewDetails(details: RoomDetails, role: BuyerRole): RoomDetails {
  return {
    ...details,
    me: { ...details.me, role },
    members: details.members.map(({ email: _hidden, ...member }) => member),
  }
}

/** Says, on every screen of the preview, that it is one, and how to leave it. */
export function PreviewBanner({ role }: { role: BuyerRole }) {
  return (
    <section className="preview-banner" aria-label="Preview">
      <span>Previewing as {ROLE_LABELS[role]}</span>
      <span className="preview-banner__note">
        Read-only: nothing here is saved or counted as a visit.
      </span>
      <button
        type="button"
        className="button"
        onClick={() => navigate(window.location.pathname, { replace: true, endPreview: true })}
      >
        Exit preview
      </button>
    </section>
  )
}

/** The seller team's "View as buyer" control: opens the preview as the role chosen. */
export function ViewAsBuyer() {
  return (
    <label className="view-as">
      <span className="visually-hidden">View as buyer</span>
      <select
        value=""
        onChange={(event) => {
          const role = event.target.value
          if (isBuyerRole(role)) navigate(`${window.location.pathname}?preview=${role}`)
        }}
      >
        <option value="">View as buyer…</option>
        {(Object.keys(ROLE_LABELS) as BuyerRole[]).map((role) => (
          <option key={role} value={role}>
            As {ROLE_LABELS[role].toLowerCase()}
          </option>
        ))}
      </select>
    </label>
  )
}
