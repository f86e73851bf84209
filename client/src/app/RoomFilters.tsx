import { useEffect, useId, useState } from 'react'
import type { RoomSort } from '../../../shared/src/api/rooms.ts'
import { DEAL_STAGES, STAGE_LABELS } from '../../../shared/src/stages.ts'
import { DEFAULT_QUERY, isFiltered, type RoomListQuery } from './room-list-query.ts'

const SORTS: ReadonlyArray<{ id: RoomSort; label: string }> = [
  { id: 'health', label: 'Deal health (weakest first)' },
  { id: 'activity', label: 'Last activity' },
  { id: 'buyer-activity', label: 'Last buyer activity' },
  { id: 'close-date', label: 'Close date (soonest first)' },
  { id: 'title', label: 'Name' },
]

const HEALTH = [
  { id: '', label: 'Any health' },
  { id: 'poor', label: 'At risk (under 45)' },
  { id: 'fair', label: 'Fair (45–74)' },
  { id: 'good', label: 'Healthy (75+)' },
] as const

/**
 * The room list's filters and sort. Every control is a native one with a visible label, so the
 * bar works from the keyboard and reads well to a screen reader; the search waits for a pause in
 * typing before it asks the server.
 */
export function RoomFilters({
  query,
  onChange,
  owners,
  myId,
}: {
  query: RoomListQuery
  onChange: (patch: Partial<RoomListQuery>) => void
  owners: ReadonlyArray<{ id: string; name: string }>
  myId: string | null
}) {
  const id = useId()
  const [words, setWords] = useState(query.q)
  useEffect(() => setWords(query.q), [query.q])
  useEffect(() => {
    if (words === query.q) return
    const timer = window.setTimeout(() => onChange({ q: words }), 250)
    return () => window.clearTimeout(timer)
  }, [words, query.q, onChange])

  return (
    <search className="room-filters" aria-label="Filter rooms">
      <label className="room-filters__search">
        <span>Search</span>
        <input
          type="search"
          placeholder="Deal name or buyer organisation"
          value={words}
          onChange={(event) => setWords(event.target.value)}
          maxLength={100}
        />
      </label>
      <label>
        <span>Owner</span>
        <select value={query.owner} onChange={(event) => onChange({ owner: event.target.value })}>
          <option value="">Everyone</option>
          {myId && <option value="me">Me</option>}
          {owners
            .filter((owner) => owner.id !== myId)
            .map((owner) => (
              <option key={owner.id} value={owner.id}>
                {owner.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        <span>Health</span>
        <select
          value={query.health}
          onChange={(event) => onChange({ health: event.target.value as RoomListQuery['health'] })}
        >
          {HEALTH.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Stage</span>
        <select
          value={query.stage}
          onChange={(event) => onChange({ stage: event.target.value as RoomListQuery['stage'] })}
        >
          <option value="">Any stage</option>
          {DEAL_STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {STAGE_LABELS[stage]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Close date</span>
        <select
          value={query.close}
          onChange={(event) => onChange({ close: event.target.value as RoomListQuery['close'] })}
        >
          <option value="">Any time</option>
          <option value="this-month">Closing this month</option>
          <option value="range">Between dates…</option>
        </select>
      </label>
      {query.close === 'range' && (
        <fieldset className="room-filters__range">
          <legend className="visually-hidden">Close date between</legend>
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="date"
            value={query.from}
            onChange={(event) => onChange({ from: event.target.value })}
          />
          <label htmlFor={`${id}-to`}>to</label>
          <input
            id={`${id}-to`}
            type="date"
            value={query.to}
            onChange={(event) => onChange({ to: event.target.value })}
          />
        </fieldset>
      )}
      <label className="room-filters__check">
        <input
          type="checkbox"
          checked={query.attention}
          onChange={(event) => onChange({ attention: event.target.checked })}
        />
        <span>Needs attention</span>
      </label>
      <label>
        <span>Sort by</span>
        <select
          value={query.sort}
          onChange={(event) => onChange({ sort: event.target.value as RoomSort })}
        >
          {SORTS.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      {isFiltered(query) && (
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            setWords('')
            onChange({ ...DEFAULT_QUERY, sort: query.sort })
          }}
        >
          Clear filters
        </button>
      )}
    </search>
  )
}
