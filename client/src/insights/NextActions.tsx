import { useCallback, useEffect, useState } from 'react'
import type { NextAction, NextActionOfRoom } from '../../../shared/src/api/guidance.ts'
import { guidance } from '../../../shared/src/api/index.ts'
import { call } from '../api.ts'
import { navigate } from '../router.ts'
import './guidance.css'

/** One action: what to do (a link to the place to act), why, and a way to dismiss it. */
function ActionItem({
  action,
  roomTitle,
  onDismiss,
}: {
  action: NextAction
  roomTitle?: string
  onDismiss: (action: NextAction) => void
}) {
  return (
    <li className={`next-action next-action--${action.kind}`}>
      <div>
        {roomTitle && <span className="next-action__room">{roomTitle}</span>}
        <a
          className="next-action__what"
          href={action.href}
          onClick={(event) => {
            event.preventDefault()
            navigate(action.href)
          }}
        >
          {action.message}
        </a>
      </div>
      <p className="next-action__why">
        {action.reason} · <span className="small">{action.linkLabel}</span>
      </p>
      <button
        type="button"
        className="button button--quiet next-action__dismiss"
        aria-label={`Dismiss: ${action.message}${roomTitle ? ` (${roomTitle})` : ''}`}
        onClick={() => onDismiss(action)}
      >
        Dismiss
      </button>
    </li>
  )
}

const EMPTY =
  'Nothing to do — no objections, overdue buyer tasks, unread changes or stakeholders left to invite.'

/** The room's next best actions, on its Insights tab (seller team only). */
export function RoomNextActions({ roomId }: { roomId: string }) {
  const [actions, setActions] = useState<NextAction[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const load = useCallback(
    () =>
      call(guidance.listRoomActions, { params: { roomId } }).then(
        (result) => setActions(result.actions),
        (error: unknown) =>
          setProblem(error instanceof Error ? error.message : 'Could not load the actions.'),
      ),
    [roomId],
  )
  useEffect(() => {
    void load()
    const timer = window.setInterval(load, 15_000)
    return () => window.clearInterval(timer)
  }, [load])
  const dismiss = async (action: NextAction) => {
    try {
      const result = await call(guidance.dismissAction, {
        params: { roomId },
        body: { key: action.key },
      })
      setActions(result.actions)
      setProblem(null)
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not dismiss it.')
    }
  }
  return (
    <section className="card next-actions" aria-labelledby="next-actions-heading">
      <h2 id="next-actions-heading">Next best actions</h2>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {actions === null ? (
        !problem && (
          <p className="muted" role="status">
            Loading…
          </p>
        )
      ) : actions.length === 0 ? (
        <p className="muted">{EMPTY}</p>
      ) : (
        <ul className="next-actions__list">
          {actions.map((action) => (
            <ActionItem key={action.key} action={action} onDismiss={dismiss} />
          ))}
        </ul>
      )}
    </section>
  )
}

/** Next best actions across the seller's open rooms, on the home page (from the summaries). */
export function MyNextActions() {
  const [actions, setActions] = useState<NextActionOfRoom[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    call(guidance.listMyActions).then(
      (result) => setActions(result.actions),
      (error: unknown) =>
        setProblem(error instanceof Error ? error.message : 'Could not load the actions.'),
    )
  }, [])
  const dismiss = async (action: NextAction) => {
    try {
      await call(guidance.dismissAction, {
        params: { roomId: action.roomId },
        body: { key: action.key },
      })
      setProblem(null)
    } catch (error) {
      // Gone already (done meanwhile): it leaves the list all the same.
      if (!(error instanceof Error && /No such next best action/.test(error.message)))
        return setProblem(error instanceof Error ? error.message : 'Could not dismiss it.')
    }
    setActions((list) =>
      (list ?? []).filter((each) => !(each.roomId === action.roomId && each.key === action.key)),
    )
  }
  const shown = actions?.slice(0, 8) ?? []
  return (
    <section className="next-actions" aria-labelledby="my-actions-heading">
      <h2 id="my-actions-heading">Next best actions</h2>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {actions !== null && shown.length === 0 && (
        <p className="muted">Nothing to do — your rooms need nothing from you right now.</p>
      )}
      {shown.length > 0 && (
        <ul className="next-actions__list">
          {shown.map((action) => (
            <ActionItem
              key={`${action.roomId}:${action.key}`}
              action={action}
              roomTitle={action.roomTitle}
              onDismiss={dismiss}
            />
          ))}
        </ul>
      )}
      {actions !== null && actions.length > shown.length && (
        <p className="muted small">{actions.length - shown.length} more in your rooms’ Insights.</p>
      )}
    </section>
  )
}
