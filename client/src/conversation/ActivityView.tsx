import { useCallback, useEffect, useState } from 'react'
import { conversation } from '../../../shared/src/api/index.ts'
import { ApiError, call } from '../api.ts'
import { useRoom } from '../room-context/context.ts'
import { navigate } from '../router.ts'
import { Avatar } from '../ui/Avatar.tsx'
import {
  ACTIVITY_KINDS,
  type ActivityItem,
  type ActivityPage,
  activityKey,
  describeActivity,
  formatDayOf,
  formatTimeOf,
  pathOf,
} from './activity.ts'
import { useConversation } from './model.ts'

const PAGE = 50

/** The room's timeline: who did what, when; filterable by person and by kind. */
export function ActivityView() {
  const { details, memberById, connection } = useRoom()
  const { open } = useConversation()
  const roomId = details.room.id
  const [person, setPerson] = useState('')
  const [kind, setKind] = useState('')
  const [items, setItems] = useState<ActivityItem[] | null>(null)
  const [people, setPeople] = useState<ActivityPage['people']>([])
  const [more, setMore] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)

  const query = useCallback(
    (before?: number) => {
      return call(conversation.listActivity, {
        params: { roomId },
        query: {
          limit: String(PAGE),
          ...(person ? { person } : {}),
          kind: ACTIVITY_KINDS.find((group) => group.id === kind)?.kinds ?? [],
          ...(before === undefined ? {} : { before: String(before) }),
        },
      })
    },
    [roomId, person, kind],
  )

  useEffect(() => {
    let cancelled = false
    // New filters: show that the list is loading rather than the previous filter's items.
    setItems(null)
    const load = () => {
      query().then(
        (page) => {
          if (cancelled) return
          setItems(page.items)
          setPeople(page.people)
          setMore(page.items.length === PAGE)
          setError(null)
        },
        (failure: unknown) => {
          if (!cancelled)
            setError(
              failure instanceof ApiError ? failure.message : 'The activity could not be loaded.',
            )
        },
      )
    }
    load()
    // New activity arrives with edits: reload a moment after the room changes.
    let timer = 0
    const onUpdate = () => {
      window.clearTimeout(timer)
      timer = window.setTimeout(load, 1500)
    }
    connection.doc.on('update', onUpdate)
    return () => {
      cancelled = true
      window.clearTimeout(timer)
      connection.doc.off('update', onUpdate)
    }
  }, [query, connection])

  const loadMore = () => {
    const last = items?.at(-1)
    if (!last) return
    setLoading(true)
    query(last.at).then(
      (page) => {
        setItems((current) => [...(current ?? []), ...page.items])
        setMore(page.items.length === PAGE)
        setLoading(false)
      },
      () => setLoading(false),
    )
  }

  const nameOf = (id: string) =>
    memberById.get(id)?.name ?? people.find((p) => p.personId === id)?.name ?? 'someone'

  const jump = (item: ActivityItem) => {
    const threadId = item.detail.threadId
    if (typeof threadId === 'string') open({ threadId, label: 'a thread' })
    else navigate(pathOf(item, roomId))
  }

  let lastDay = ''
  return (
    <div className="activity">
      <div className="section-head">
        <div>
          <h2>Activity</h2>
          <p className="muted">Who did what in this room, newest first.</p>
        </div>
      </div>
      <div className="activity__filters">
        <label>
          Person{' '}
          <select value={person} onChange={(event) => setPerson(event.target.value)}>
            <option value="">Everyone</option>
            {details.members.map((member) => (
              <option key={member.personId} value={member.personId}>
                {member.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind{' '}
          <select value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="">Everything</option>
            {ACTIVITY_KINDS.map((group) => (
              <option key={group.id} value={group.id}>
                {group.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items === null && !error && (
        <p className="loading" role="status">
          Loading the activity…
        </p>
      )}
      {items?.length === 0 && (
        <p className="empty">
          {person || kind
            ? 'Nothing matches these filters yet.'
            : 'Nothing has happened in this room yet.'}
        </p>
      )}
      {items && items.length > 0 && (
        <ol className="timeline" aria-label="Activity">
          {items.map((item, _index) => {
            const day = formatDayOf(item.at)
            const header = day !== lastDay
            lastDay = day
            return (
              <li key={activityKey(item)} className="timeline__item">
                {header && <h3 className="timeline__day">{day}</h3>}
                <div className="timeline__row">
                  <Avatar id={item.personId} name={item.name || nameOf(item.personId)} size={24} />
                  <p>
                    <strong>{item.name || nameOf(item.personId)}</strong>{' '}
                    {describeActivity(item, nameOf)}
                    {item.detail.internal === true && (
                      <span className="badge badge--private">Seller team only</span>
                    )}
                  </p>
                  <time className="muted small" dateTime={new Date(item.at).toISOString()}>
                    {formatTimeOf(item.at)}
                  </time>
                  <button type="button" className="link-button small" onClick={() => jump(item)}>
                    Show
                  </button>
                </div>
              </li>
            )
          })}
        </ol>
      )}
      {more && (
        <button
          type="button"
          className="button button--quiet"
          onClick={loadMore}
          disabled={loading}
        >
          {loading ? 'Loading…' : 'Show older'}
        </button>
      )}
    </div>
  )
}
