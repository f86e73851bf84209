import { useCallback, useEffect, useState } from 'react'
import {
  HEALTH_BAND_NAMES,
  type HealthBand,
  ROOM_SORTS,
  type RoomSort,
} from '../../../shared/src/api/rooms.ts'
import { type DealStage, isDealStage } from '../../../shared/src/stages.ts'

/** The room list's filters, as kept in the page's address (so a view can be shared or bookmarked). */
export interface RoomListQuery {
  sort: RoomSort
  q: string
  owner: string
  health: HealthBand | ''
  stage: DealStage | ''
  /** '' (any), 'this-month', or 'range' (with `from` and/or `to`). */
  close: '' | 'this-month' | 'range'
  from: string
  to: string
  attention: boolean
}

export const DEFAULT_QUERY: RoomListQuery = {
  sort: 'health',
  q: '',
  owner: '',
  health: '',
  stage: '',
  close: '',
  from: '',
  to: '',
  attention: false,
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

function readQuery(search: string): RoomListQuery {
  const params = new URLSearchParams(search)
  const sort = params.get('sort') ?? ''
  const health = params.get('health') ?? ''
  const close = params.get('close') ?? ''
  const stage = params.get('stage') ?? ''
  const day = (name: string) => {
    const value = params.get(name) ?? ''
    return DAY.test(value) ? value : ''
  }
  return {
    sort: (ROOM_SORTS as readonly string[]).includes(sort)
      ? (sort as RoomSort)
      : DEFAULT_QUERY.sort,
    q: (params.get('q') ?? '').slice(0, 100),
    owner: params.get('owner') ?? '',
    health: (HEALTH_BAND_NAMES as readonly string[]).includes(health) ? (health as HealthBand) : '',
    stage: isDealStage(stage) ? stage : '',
    close: close === 'this-month' || close === 'range' ? close : '',
    from: day('from'),
    to: day('to'),
    attention: params.get('attention') === 'true',
  }
}

function writeQuery(query: RoomListQuery): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === DEFAULT_QUERY[key as keyof RoomListQuery] || value === '' || value === false)
      continue
    params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

const pad = (n: number) => String(n).padStart(2, '0')
const isoDay = (date: Date) =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`

/** The close-date range a query means, in the person's own calendar ("this month" is theirs). */
export function closeRange(
  query: RoomListQuery,
  today = new Date(),
): { from?: string; to?: string } {
  if (query.close === 'this-month') {
    const first = new Date(today.getFullYear(), today.getMonth(), 1)
    const last = new Date(today.getFullYear(), today.getMonth() + 1, 0)
    return { from: isoDay(first), to: isoDay(last) }
  }
  if (query.close === 'range')
    return { ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) }
  return {}
}

/** The API's query for a list query (every value a string, as a URL carries it). */
export function apiQuery(query: RoomListQuery): Record<string, string> {
  const range = closeRange(query)
  const api: Record<string, string> = { sort: query.sort }
  if (query.q.trim()) api.q = query.q.trim()
  if (query.owner) api.owner = query.owner
  if (query.health) api.health = query.health
  if (query.stage) api.stage = query.stage
  if (range.from) api.closeFrom = range.from
  if (range.to) api.closeTo = range.to
  if (query.attention) api.attention = 'true'
  return api
}

export const isFiltered = (query: RoomListQuery) =>
  writeQuery({ ...query, sort: DEFAULT_QUERY.sort }) !== ''

/**
 * The list's query, read from the address and written back to it as it changes (replacing the
 * history entry, so that Back leaves the list rather than stepping through every keystroke).
 */
export function useRoomListQuery(): [RoomListQuery, (patch: Partial<RoomListQuery>) => void] {
  const [query, setQuery] = useState(() => readQuery(window.location.search))
  useEffect(() => {
    const onPop = () => setQuery(readQuery(window.location.search))
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])
  const update = useCallback((patch: Partial<RoomListQuery>) => {
    setQuery((current) => {
      const next = { ...current, ...patch }
      window.history.replaceState(null, '', `${window.location.pathname}${writeQuery(next)}`)
      return next
    })
  }, [])
  return [query, update]
}
