import { type DragEvent, type KeyboardEvent, useEffect, useState } from 'react'
import {
  removeTask,
  SIDES,
  type Side,
  type Stakeholder,
  setTaskDone,
  TASK_STATUSES,
  type Task,
  type TaskStatus,
  updateTask,
} from '../../../shared/src/room/index.ts'
import { CommentButton } from '../conversation/Consensus.tsx'
import { AttachedDocuments } from '../documents/AttachedDocuments.tsx'
import { useRoom } from '../room-context/context.ts'
import { isOverdue } from '../ui/dates.ts'
import { AddToCalendar } from './calendar.tsx'

export const SIDE_LABELS: Record<Side, string> = {
  buyer: 'Buyer',
  seller: 'Seller',
  joint: 'Joint',
}
export const STATUS_LABELS: Record<TaskStatus, string> = {
  todo: 'To do',
  doing: 'In progress',
  blocked: 'Blocked',
  done: 'Done',
}

interface TaskRowProps {
  task: Task
  stakeholders: Stakeholder[]
  /** Keyboard reorder: -1 up, +1 down (may cross into the neighbouring milestone). */
  onMove: (task: Task, direction: -1 | 1) => void
  onDragStart: (task: Task) => void
  onDropOn: (task: Task, after: boolean) => void
  /** Unresolved comment threads on the task. */
  openThreads: number
}

/** A plan row: every field edits in place and is live for everyone in the room. */
export function TaskRow({
  task,
  stakeholders,
  onMove,
  onDragStart,
  onDropOn,
  openThreads,
}: TaskRowProps) {
  const { connection, canEdit, details } = useRoom()
  const doc = connection.doc
  const [title, setTitle] = useState(task.title)
  const [editingTitle, setEditingTitle] = useState(false)
  useEffect(() => {
    if (!editingTitle) setTitle(task.title)
  }, [task.title, editingTitle])

  const done = task.status === 'done'
  const overdue = isOverdue(task.dueDate, done)
  const commitTitle = () => {
    setEditingTitle(false)
    if (title.trim() && title.trim() !== task.title)
      updateTask(doc, task.id, { title: title.trim() })
    else setTitle(task.title)
  }
  const onHandleKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault()
      onMove(task, event.key === 'ArrowUp' ? -1 : 1)
    }
  }
  const onDragOver = (event: DragEvent) => {
    if (!canEdit) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'move'
  }
  const onDrop = (event: DragEvent<HTMLLIElement>) => {
    event.preventDefault()
    const box = event.currentTarget.getBoundingClientRect()
    onDropOn(task, event.clientY > box.top + box.height / 2)
  }

  return (
    <li
      className={`task${done ? ' task--done' : ''}${overdue ? ' task--overdue' : ''}`}
      data-task-id={task.id}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      {canEdit && (
        <button
          type="button"
          className="task__handle"
          data-task-handle={task.id}
          aria-label={`Move "${task.title}"`}
          title="Drag, or focus and press ↑ / ↓ to move"
          draggable
          onDragStart={(event) => {
            event.dataTransfer.effectAllowed = 'move'
            event.dataTransfer.setData('text/plain', task.id)
            onDragStart(task)
          }}
          onKeyDown={onHandleKey}
        >
          <span aria-hidden="true">⠿</span>
        </button>
      )}
      <input
        type="checkbox"
        className="task__check"
        checked={done}
        disabled={!canEdit}
        aria-label={`Done: ${task.title}`}
        onChange={(event) => setTaskDone(doc, task.id, event.target.checked, details.me.personId)}
      />
      <input
        className="task__title"
        aria-label="Task title"
        value={title}
        readOnly={!canEdit}
        onFocus={() => setEditingTitle(true)}
        onChange={(event) => setTitle(event.target.value)}
        onBlur={commitTitle}
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.currentTarget.blur()
          if (event.key === 'Escape') {
            setTitle(task.title)
            setEditingTitle(false)
            event.currentTarget.blur()
          }
        }}
      />
      <div className="task__fields">
        <select
          aria-label="Owner"
          value={task.ownerId ?? ''}
          disabled={!canEdit}
          onChange={(event) => updateTask(doc, task.id, { ownerId: event.target.value || null })}
        >
          <option value="">Unassigned</option>
          {stakeholders.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
        <select
          aria-label="Side"
          className={`side side--${task.side}`}
          value={task.side}
          disabled={!canEdit}
          onChange={(event) => updateTask(doc, task.id, { side: event.target.value as Side })}
        >
          {SIDES.map((side) => (
            <option key={side} value={side}>
              {SIDE_LABELS[side]}
            </option>
          ))}
        </select>
        <input
          type="date"
          aria-label="Due date"
          className="task__due"
          value={task.dueDate ?? ''}
          readOnly={!canEdit}
          aria-invalid={overdue || undefined}
          onChange={(event) => updateTask(doc, task.id, { dueDate: event.target.value || null })}
        />
        {overdue && <span className="badge badge--overdue">Overdue</span>}
        <select
          aria-label="Status"
          value={task.status}
          disabled={!canEdit}
          onChange={(event) =>
            updateTask(
              doc,
              task.id,
              { status: event.target.value as TaskStatus },
              details.me.personId,
            )
          }
        >
          {TASK_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
        <AttachedDocuments kind="task" id={task.id} />
        <AddToCalendar
          task={task}
          room={{ id: details.room.id, title: details.room.title }}
          stakeholders={stakeholders}
        />
        <CommentButton
          anchor={{ kind: 'task', id: task.id }}
          label={task.title}
          count={openThreads}
        />
        {canEdit && (
          <button
            type="button"
            className="icon-button"
            aria-label={`Delete "${task.title}"`}
            title="Delete task"
            onClick={() => removeTask(doc, task.id)}
          >
            <span aria-hidden="true">×</span>
          </button>
        )}
      </div>
    </li>
  )
}
