import { useEffect, useState } from 'react'
import { rooms as roomsApi } from '../../../shared/src/api/index.ts'
import { ApiError, call, OfflineError, type RoomListEntry } from '../api.ts'
import { HealthBadge } from '../insights/InsightsView.tsx'
import { navigate } from '../router.ts'
import { formatDay } from '../ui/dates.ts'
import { StageBadge } from '../workspace/StageBadge.tsx'
import { RoomFilters } from './RoomFilters.tsx'
import { apiQuery, isFiltered, useRoomListQuery } from './room-list-query.ts'

const PAGE = 50

const when = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
})

interface Listing {
  rooms: RoomListEntry[]
  owners: Array<{ id: string; name: string }>
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
  if (room.buyerOrg) parts.push(room.buyerOrg)
  if (room.closeDate) parts.push(`closes ${formatDay(room.closeDate)}`)
  parts.push(`owner ${room.owner}`)
  if (room.health?.reasons[0]) parts.push(room.health.reasons[0])
  const summary = room.summary
  if (summary) {
    if (summary.tasksTotal > 0) parts.push(`${summary.tasksDone}/${summary.tasksTotal} tasks done`)
    if (summary.buyersInvited > 0)
      parts.push(`${summary.buyersEngaged} of ${summary.buyersInvited} buyers engaged`)
    if (summary.lastBuyerActivity !== null)
      parts.push(`buyer active ${when.format(summary.lastBuyerActivity)}`)
  }
  parts.push(`${room.members} ${room.members === 1 ? 'member' : 'members'}`)
  parts.push(`last activity ${when.format(room.lastActivity)}`)
  if (room.closed) parts.push('closed')
  return parts.join(' · ')
}

/**
 * The seller's rooms, a page at a time, sorted by the server (which reads each room's summary,
 * never the room itself): weakest deal health first by default.
 */
export function RoomList({ myId = null }: { myId?: string | null }) {
  const [query, setQuery] = useRoomListQuery()
  const [listing, setListing] = useState<Listing | null>(null)
  const [loading, setLoading] = useState(true)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    let cancelled = false
    setLoading(true)
    setProblem(null)
    call(roomsApi.listRooms, { query: { ...apiQuery(query), limit: String(PAGE) } })
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
  }, [query])

  const showMore = async () => {
    if (!listing || listing.nextOffset === null) return
    setLoading(true)
    setProblem(null)
    try {
      const page = await call(roomsApi.listRooms, {
        query: { ...apiQuery(query), limit: String(PAGE), offset: String(listing.nextOffset) },
      })
      setListing({ ...page, rooms: [...listing.rooms, ...page.rooms] })
    } catch (error) {
      setProblem(problemText(error))
    } finally {
      setLoading(false)
    }
  }

  const filtered = isFiltered(query)
  if (listing && listing.total === 0 && !filtered)
    return <p className="empty">No rooms yet. Create the first one above: one room per deal.</p>
  return (
    <>
      <RoomFilters query={query} onChange={setQuery} owners={listing?.owners ?? []} myId={myId} />
      <div className="room-list__tools">
        {listing && (
          <span className="muted small" aria-live="polite">
            {listing.total} {listing.total === 1 ? 'room' : 'rooms'}
            {filtered ? ' match' : ''}
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
      {listing && listing.total === 0 && (
        <p className="empty">
          No room matches these filters. Clear a filter, or search for other words.
        </p>
      )}
      {listing && listing.total > 0 && (
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
