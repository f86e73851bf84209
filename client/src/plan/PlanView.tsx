import { useLayoutEffect, useRef, useState } from 'react'
import {
  addMilestone,
  listMilestones,
  listStakeholders,
  listTasks,
  moveTask,
  planProgress,
  type Task,
} from '../../../shared/src/room/index.ts'
import { useOpenCounts } from '../conversation/model.ts'
import { useDocValue, useRoom } from '../room-context/context.ts'
import { Progress } from '../ui/Progress.tsx'
import { CalendarFeed } from './calendar.tsx'
import { MilestoneGroup } from './MilestoneGroup.tsx'

/** The mutual action plan: milestones as groups, tasks as rows, everything editable in place. */
export function PlanView() {
  const { connection, canEdit, details } = useRoom()
  const doc = connection.doc
  const plan = useDocValue((d) => ({
    milestones: listMilestones(d),
    tasks: listTasks(d),
    stakeholders: listStakeholders(d),
  }))
  const openCounts = useOpenCounts()
  const [mine, setMine] = useState(false)
  const [newMilestone, setNewMilestone] = useState('')
  const dragged = useRef<string | null>(null)
  const refocus = useRef<string | null>(null)

  // Keep keyboard focus on a task's handle after it moves (moving its row can drop focus).
  useLayoutEffect(() => {
    if (!refocus.current) return
    const handle = document.querySelector<HTMLElement>(`[data-task-handle="${refocus.current}"]`)
    refocus.current = null
    handle?.focus()
  })

  const myStakeholderIds = new Set(
    plan.stakeholders.filter((s) => s.memberId === details.me.personId).map((s) => s.id),
  )
  const isMine = (task: Task) => task.ownerId !== null && myStakeholderIds.has(task.ownerId)
  const progress = planProgress(plan.tasks)

  const tasksOf = (milestoneId: string) =>
    plan.tasks.filter((task) => task.milestoneId === milestoneId)

  const move = (task: Task, direction: -1 | 1) => {
    const siblings = tasksOf(task.milestoneId)
    const index = siblings.findIndex((t) => t.id === task.id)
    const milestoneIndex = plan.milestones.findIndex((m) => m.id === task.milestoneId)
    refocus.current = task.id
    if (index + direction >= 0 && index + direction < siblings.length) {
      moveTask(doc, task.id, task.milestoneId, index + direction)
      return
    }
    // Past the edge of its milestone: into the end of the previous one or the start of the next.
    const neighbour = plan.milestones[milestoneIndex + direction]
    if (!neighbour) return
    moveTask(doc, task.id, neighbour.id, direction === -1 ? tasksOf(neighbour.id).length : 0)
  }

  const dropOn = (target: Task, after: boolean) => {
    const id = dragged.current
    dragged.current = null
    if (!id || id === target.id) return
    const siblings = tasksOf(target.milestoneId).filter((task) => task.id !== id)
    const index = siblings.findIndex((task) => task.id === target.id)
    moveTask(doc, id, target.milestoneId, after ? index + 1 : index)
  }

  const dropAtEnd = (milestoneId: string) => {
    const id = dragged.current
    dragged.current = null
    if (id)
      moveTask(doc, id, milestoneId, tasksOf(milestoneId).filter((task) => task.id !== id).length)
  }

  return (
    <div className="plan">
      <div className="section-head">
        <div>
          <h2>Mutual action plan</h2>
          <p className="muted">What both sides do, by when, to reach a decision.</p>
        </div>
        <div className="plan__tools">
          <Progress done={progress.done} total={progress.total} label="Plan progress" />
          <button
            type="button"
            className="button button--quiet"
            aria-pressed={mine}
            onClick={() => setMine(!mine)}
          >
            My tasks
          </button>
          <CalendarFeed key={String(mine)} roomId={details.room.id} mine={mine} />
        </div>
      </div>
      {plan.milestones.length === 0 && (
        <div className="empty">
          <p>This plan has no milestones yet.</p>
          {canEdit && (
            <p className="muted">Add the first one below: discovery, evaluation, business case…</p>
          )}
        </div>
      )}
      {mine && plan.tasks.filter(isMine).length === 0 && (
        <p className="empty">Nothing is assigned to you yet.</p>
      )}
      {plan.milestones.map((milestone) => (
        <MilestoneGroup
          key={milestone.id}
          milestone={milestone}
          tasks={tasksOf(milestone.id).filter((task) => !mine || isMine(task))}
          allTasks={tasksOf(milestone.id)}
          stakeholders={plan.stakeholders}
          filtered={mine}
          onMove={move}
          onDragStart={(task) => {
            dragged.current = task.id
          }}
          onDropOn={dropOn}
          onDropAtEnd={dropAtEnd}
          openCounts={openCounts}
        />
      ))}
      {canEdit && (
        <form
          className="add-milestone"
          onSubmit={(event) => {
            event.preventDefault()
            if (!newMilestone.trim()) return
            addMilestone(doc, { title: newMilestone })
            setNewMilestone('')
          }}
        >
          <input
            aria-label="New milestone title"
            placeholder="New milestone…"
            value={newMilestone}
            onChange={(event) => setNewMilestone(event.target.value)}
          />
          <button type="submit" className="button button--quiet" disabled={!newMilestone.trim()}>
            Add milestone
          </button>
        </form>
      )}
    </div>
  )
}
