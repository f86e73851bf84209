import { useEffect, useState } from 'react'
import { rooms as roomsApi } from '../../../shared/src/api/index.ts'
import type { RoomSort } from '../../../shared/src/api/rooms.ts'
import { ApiError, call, OfflineError, type RoomListEntry } from '../api.ts'
import { HealthBadge } from '../insights/InsightsView.tsx'
import { navigate } from '../router.ts'
import { StageBadge } from '../workspace/StageBadge.tsx'

const PAGE = 50

const when = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
})

const SORTS: ReadonlyArray<{ id: RoomSort; label: string }> = [
  { id: 'health', label: 'Deal health (weakest first)' },
  { id: 'activity', label: 'Last activity' },
  { id: 'buyer-activity', label: 'Last buyer activity' },
  { id: 'title', label: 'Name' },
]

interface Listing {
  rooms: RoomListEntry[]
  total: number
  nextOffset: number | null
}

const problemText = (error: unknown) =>
  error instanceof OfflineError
    ? 'You appear to be offline; the list will load when you are back.'
    : error instanceof ApiError
      ? error.message
      : 'The rooms could not be loaded.'

/** What the summary says of a room, in a line: plan progress and who of the buyers engaged. */
function summaryLine(room: RoomListEntry): string {
  const parts: string[] = []
  if (room.health?.reasons[0]) parts.push(room.health.reasons[0])
  const summary = room.summary
  if (summary) {
    if (summary.tasksTotal > 0) parts.push(`${summary.tasksDone}/${summary.tasksTotal} tasks done`)
    if (summary.buyersInvited > 0)
      parts.push(`${summary.buyersEngaged} of ${summary.buyersInvited} buyers engaged`)
    if (summary.lastBuyerActivity !== null)
      parts.push(`buyer active ${when.format(summary.lastBuyerActivity)}`)
  }
  if (room.closeDate) parts.push(`closes ${room.closeDate}`)
  parts.push(`${room.members} ${room.members === 1 ? 'member' : 'members'}`)
  parts.push(`last activity ${when.format(room.lastActivity)}`)
  if (room.closed) parts.push('closed')
  return parts.join(' · ')
}

/**
 * The seller's rooms, a page at a time, sorted by the server (which reads each room's summary,
 * never the room itself): weakest deal health first by default.
 */
export function RoomList() {
  const [sort, setSort] = useState<RoomSort>('health')
  const [listing, setListing] = useState<Listing | null>(null)
  const [loading, setLoading] = useState(true)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    let cancelled = false
    setLoading(true)
    setProblem(null)
    call(roomsApi.listRooms, { query: { sort, limit: String(PAGE) } })
      .then((page) => {
        if (!cancelled) setListing(page)
      })
      .catch((error: unknown) => {
        if (!cancelled) setProblem(problemText(error))
      })
      .finally(() => {
        if (!cancelled) setLoading(false)
      })
    return () => {
      cancelled = true
    }
  }, [sort])

  const showMore = async () => {
    if (!listing || listing.nextOffset === null) return
    setLoading(true)
    setProblem(null)
    try {
      const page = await call(roomsApi.listRooms, {
        query: { sort, limit: String(PAGE), offset: String(listing.nextOffset) },
      })
      setListing({ ...page, rooms: [...listing.rooms, ...page.rooms] })
    } catch (error) {
      setProblem(problemText(error))
    } finally {
      setLoading(false)
    }
  }

  if (listing && listing.total === 0)
    return <p className="empty">No rooms yet. Create the first one above: one room per deal.</p>
  return (
    <>
      <div className="room-list__tools">
        <label>
          Sort by{' '}
          <select
            aria-label="Sort rooms"
            value={sort}
            onChange={(event) => setSort(event.target.value as RoomSort)}
          >
            {SORTS.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        {listing && (
          <span className="muted small" aria-live="polite">
            {listing.total} {listing.total === 1 ? 'room' : 'rooms'}
          </span>
        )}
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {!listing && loading && (
        <p className="muted" role="status">
          Loading your rooms…
        </p>
      )}
      {listing && (
        <ul className="room-list" aria-label="Rooms" aria-busy={loading}>
          {listing.rooms.map((room) => (
            <li key={room.id}>
              <a
                href={`/r/${room.id}`}
                onClick={(event) => {
                  event.preventDefault()
                  navigate(`/r/${room.id}`)
                }}
              >
                {room.health ? (
                  <HealthBadge score={room.health.score} />
                ) : (
                  <span className="health health--none" aria-hidden="true" />
                )}
                <span className="room-list__main">
                  <span className="room-list__title">
                    {room.title} <StageBadge stage={room.stage} />
                  </span>
                  <span className="muted small">{summaryLine(room)}</span>
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {listing && listing.nextOffset !== null && (
        <button
          type="button"
          className="button button--quiet"
          onClick={showMore}
          disabled={loading}
        >
          {loading ? 'Loading…' : `Show more (${listing.total - listing.rooms.length} more)`}
        </button>
      )}
    </>
  )
}
