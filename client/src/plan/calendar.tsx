import { useState } from 'react'
import { calendar } from '../../../shared/src/api/index.ts'
import { icsCalendar, taskEvent } from '../../../shared/src/calendar.ts'
import type { Stakeholder, Task } from '../../../shared/src/room/index.ts'
import { call } from '../api.ts'

/** Downloads a one-event calendar file for a task: it opens in the person's calendar app. */
function downloadTask(task: Task, room: { id: string; title: string }, owner: string) {
  const url = `${window.location.origin}/r/${room.id}`
  const event = taskEvent(task, { ...room, url }, { milestone: '', owner })
  const blob = new Blob([icsCalendar(room.title, [event])], { type: 'text/calendar' })
  const link = document.createElement('a')
  link.href = URL.createObjectURL(blob)
  link.download = `${task.title.replace(/[^\p{L}\p{N} _-]+/gu, '').slice(0, 60) || 'task'}.ics`
  link.click()
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000)
}

/** "Add to calendar" on a task with a due date (made on the device; works offline too). */
export function AddToCalendar({
  task,
  room,
  stakeholders,
}: {
  task: Task
  room: { id: string; title: string }
  stakeholders: Stakeholder[]
}) {
  if (!task.dueDate) return null
  const owner = stakeholders.find((each) => each.id === task.ownerId)?.name ?? ''
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={`Add "${task.title}" to calendar`}
      title="Add to calendar"
      onClick={() => downloadTask(task, room, owner)}
    >
      {/* Drawn, not an emoji: every system shows it the same (emoji fonts are not everywhere). */}
      <svg aria-hidden="true" width="15" height="15" viewBox="0 0 16 16">
        <rect
          x="2.5"
          y="3.5"
          width="11"
          height="10"
          rx="1.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.4"
        />
        <path
          d="M2.5 6.5h11M5.5 2v3M10.5 2v3"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.4"
          strokeLinecap="round"
        />
      </svg>
    </button>
  )
}

/** The plan's calendar feed (or the person's own tasks), to subscribe to in a calendar app. */
export function CalendarFeed({ roomId, mine }: { roomId: string; mine: boolean }) {
  const [feed, setFeed] = useState<{ url: string; webcal: string } | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const ask = async () => {
    setProblem(null)
    try {
      setFeed(await call(calendar.roomCalendar, { params: { roomId }, body: { mine } }))
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not make the feed.')
    }
  }
  if (!feed)
    return (
      <>
        <button type="button" className="button button--quiet" onClick={ask}>
          {mine ? 'My tasks in my calendar' : 'Plan in my calendar'}
        </button>
        {problem && (
          <span className="form-error" role="alert">
            {problem}
          </span>
        )}
      </>
    )
  return (
    <span className="calendar-feed" role="status">
      <a href={feed.webcal}>Subscribe</a>
      <input
        readOnly
        aria-label="Calendar feed address"
        value={feed.url}
        onFocus={(event) => event.target.select()}
      />
      <span className="muted small">Private: anyone with this address sees these dates.</span>
    </span>
  )
}
