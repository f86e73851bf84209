import { useCallback, useEffect, useState } from 'react'
import type { RoomNudge, RoomNudges } from '../../../shared/src/api/guidance.ts'
import { guidance } from '../../../shared/src/api/index.ts'
import { call } from '../api.ts'
import './guidance.css'

const when = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
})

const KIND_WORDS: Record<RoomNudge['kind'], string> = {
  'invite-2': 'Invitation not opened (2 days)',
  'invite-5': 'Invitation not opened (5 days)',
  'task-before': 'Task due tomorrow',
  'task-after': 'Task overdue',
}

const STATE_WORDS: Record<RoomNudge['state'], string> = {
  sent: 'Sent',
  planned: 'Planned',
  off: 'Turned off',
  unsubscribed: 'Unsubscribed',
  missed: 'Not sent',
}

/**
 * The room's reminders (nudges) as the seller team sees them: what goes to whom and when, what
 * went, and switches to turn them off for the room or for one person.
 */
export function NudgesPanel({ roomId }: { roomId: string }) {
  const [data, setData] = useState<RoomNudges | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const load = useCallback(
    () =>
      call(guidance.getRoomNudges, { params: { roomId } }).then(setData, (error: unknown) =>
        setProblem(error instanceof Error ? error.message : 'Could not load the reminders.'),
      ),
    [roomId],
  )
  useEffect(() => {
    void load()
  }, [load])
  const set = async (personId: string | null, off: boolean) => {
    setBusy(true)
    try {
      setData(await call(guidance.setRoomNudges, { params: { roomId }, body: { personId, off } }))
      setProblem(null)
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not change the reminders.')
    } finally {
      setBusy(false)
    }
  }
  const withNudges = new Set(data?.nudges.map((nudge) => nudge.personId))
  const people = data?.people.filter((person) => withNudges.has(person.personId)) ?? []
  const shown = (data?.nudges ?? []).filter((nudge) => nudge.state !== 'missed')
  return (
    <section className="card insights__wide nudges" aria-labelledby="nudges-heading">
      <h2 id="nudges-heading">Reminders</h2>
      <p className="muted small">
        Quorum reminds invited people who have not opened the room (after 2 and 5 days) and task
        owners (the day before and after a due date). Several reminders for one person go in one
        mail, at most one a day, each with an unsubscribe link.
      </p>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {data === null ? (
        !problem && (
          <p className="muted" role="status">
            Loading…
          </p>
        )
      ) : (
        <>
          <label className="nudges__room">
            <input
              type="checkbox"
              checked={!data.roomOff}
              disabled={busy}
              onChange={(event) => set(null, !event.target.checked)}
            />
            Send reminders in this room
          </label>
          {people.length > 0 && (
            <fieldset className="nudges__fieldset" disabled={busy || data.roomOff}>
              <legend className="small muted">Who gets reminders</legend>
              <ul className="nudges__people">
                {people.map((person) => (
                  <li key={person.personId}>
                    <label>
                      <input
                        type="checkbox"
                        checked={!person.off}
                        onChange={(event) => set(person.personId, !event.target.checked)}
                      />
                      {person.name}
                      {person.unsubscribed && (
                        <span className="muted small">(unsubscribed from reminders)</span>
                      )}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
          {shown.length === 0 ? (
            <p className="muted">
              Nothing to remind — everyone invited has opened the room and no open task with an
              owner is coming due.
            </p>
          ) : (
            <div className="table-scroll">
              <table className="people-table nudges__table">
                <caption className="visually-hidden">Reminders of this room</caption>
                <thead>
                  <tr>
                    <th scope="col">To</th>
                    <th scope="col">Reminder</th>
                    <th scope="col">When</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((nudge) => (
                    <tr key={nudge.key}>
                      <th scope="row">{nudge.name}</th>
                      <td>
                        {KIND_WORDS[nudge.kind]}
                        {/* A task's reminder names the task (the mail's line, in quotes). */}
                        {nudge.kind.startsWith('task-') && (
                          <span className="muted small"> {/“.+”/.exec(nudge.line)?.[0]}</span>
                        )}
                      </td>
                      <td>{when.format(nudge.sentAt ?? nudge.dueAt)}</td>
                      <td>
                        <span className={`nudge-state nudge-state--${nudge.state}`}>
                          {STATE_WORDS[nudge.state]}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  )
}
