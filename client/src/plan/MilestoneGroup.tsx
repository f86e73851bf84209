import { type FormEvent, useEffect, useState } from 'react'
import {
  addTask,
  consensusKeys,
  type Milestone,
  planProgress,
  type Stakeholder,
  type Task,
  updateMilestone,
} from '../../../shared/src/room/index.ts'
import { CommentButton, ConsensusControl } from '../conversation/Consensus.tsx'
import { AttachedDocuments } from '../documents/AttachedDocuments.tsx'
import { useRoom } from '../room-context/context.ts'
import { Progress } from '../ui/Progress.tsx'
import { Signoff } from './Signoff.tsx'
import { TaskRow } from './TaskRow.tsx'

interface MilestoneGroupProps {
  milestone: Milestone
  /** The tasks shown (after the "my tasks" filter). */
  tasks: Task[]
  /** All of the milestone's tasks, for its progress. */
  allTasks: Task[]
  stakeholders: Stakeholder[]
  filtered: boolean
  onMove: (task: Task, direction: -1 | 1) => void
  onDragStart: (task: Task) => void
  onDropOn: (task: Task, after: boolean) => void
  onDropAtEnd: (milestoneId: string) => void
  /** Unresolved threads per anchor key. */
  openCounts: Map<string, number>
}

export function MilestoneGroup(props: MilestoneGroupProps) {
  const { milestone, tasks, allTasks, stakeholders, filtered } = props
  const { connection, canEdit } = useRoom()
  const [title, setTitle] = useState(milestone.title)
  const [newTask, setNewTask] = useState('')
  useEffect(() => setTitle(milestone.title), [milestone.title])
  const progress = planProgress(allTasks)
  const headingId = `milestone-${milestone.id}`

  const add = (event: FormEvent) => {
    event.preventDefault()
    if (!newTask.trim()) return
    addTask(connection.doc, { milestoneId: milestone.id, title: newTask })
    setNewTask('')
  }

  return (
    <section className="milestone" aria-labelledby={headingId}>
      <header className="milestone__header">
        <h3 id={headingId} className="visually-hidden">
          {milestone.title}
        </h3>
        <input
          className="milestone__title"
          aria-label="Milestone title"
          value={title}
          readOnly={!canEdit}
          onChange={(event) => setTitle(event.target.value)}
          onBlur={() => {
            if (title.trim() && title.trim() !== milestone.title)
              updateMilestone(connection.doc, milestone.id, { title })
            else setTitle(milestone.title)
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.currentTarget.blur()
          }}
        />
        <Progress
          done={progress.done}
          total={progress.total}
          label={`${milestone.title} progress`}
          compact
        />
        <input
          type="date"
          className="milestone__due"
          aria-label={`${milestone.title} due date`}
          value={milestone.dueDate ?? ''}
          readOnly={!canEdit}
          onChange={(event) =>
            updateMilestone(connection.doc, milestone.id, { dueDate: event.target.value || null })
          }
        />
        <AttachedDocuments kind="milestone" id={milestone.id} />
        <CommentButton
          anchor={{ kind: 'milestone', id: milestone.id }}
          label={milestone.title}
          count={props.openCounts.get(`milestone:${milestone.id}`) ?? 0}
        />
      </header>
      <div className="milestone__agreement">
        <Signoff milestone={milestone} />
        <ConsensusControl
          itemKey={consensusKeys.milestone(milestone.id)}
          label={milestone.title}
          compact
        />
      </div>
      <ul
        className="tasks"
        aria-label={`Tasks in ${milestone.title}`}
        onDragOver={(event) => canEdit && event.preventDefault()}
        onDrop={(event) => {
          if (event.target === event.currentTarget) props.onDropAtEnd(milestone.id)
        }}
      >
        {tasks.map((task) => (
          <TaskRow
            key={task.id}
            task={task}
            stakeholders={stakeholders}
            onMove={props.onMove}
            onDragStart={props.onDragStart}
            onDropOn={props.onDropOn}
            openThreads={props.openCounts.get(`task:${task.id}`) ?? 0}
          />
        ))}
        {tasks.length === 0 && (
          <li className="tasks__empty">{filtered ? 'Nothing of yours here.' : 'No tasks yet.'}</li>
        )}
      </ul>
      {canEdit && !filtered && (
        <form className="add-task" onSubmit={add}>
          <input
            aria-label={`New task in ${milestone.title}`}
            placeholder="Add a task…"
            value={newTask}
            onChange={(event) => setNewTask(event.target.value)}
          />
          <button type="submit" className="button button--quiet" disabled={!newTask.trim()}>
            Add task
          </button>
        </form>
      )}
    </section>
  )
}
