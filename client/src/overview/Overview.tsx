import {
  listMilestones,
  listStakeholders,
  listTasks,
  planProgress,
  readMeta,
} from '../../../shared/src/room/index.ts'
import {
  ConsensusMeterCard,
  OpenQuestionsCard,
  WhatChangedCard,
} from '../conversation/OverviewCards.tsx'
import { STATUS_LABELS } from '../plan/TaskRow.tsx'
import { type Section, useDocValue, useRoom } from '../room-context/context.ts'
import { Avatar } from '../ui/Avatar.tsx'
import { formatDay, isOverdue, relativeDay } from '../ui/dates.ts'
import { Progress } from '../ui/Progress.tsx'

/** Where the deal stands, on one screen. */
export function Overview({ onOpen }: { onOpen: (section: Section) => void }) {
  const { details } = useRoom()
  const view = useDocValue((doc) => ({
    meta: readMeta(doc),
    milestones: listMilestones(doc),
    tasks: listTasks(doc),
    stakeholders: listStakeholders(doc),
  }))
  const owners = new Map(view.stakeholders.map((person) => [person.id, person]))
  const open = view.tasks.filter((task) => task.status !== 'done')
  const overdue = open.filter((task) => isOverdue(task.dueDate, false))
  const next = [...open]
    .filter((task) => task.dueDate !== null)
    .sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? ''))
    .slice(0, 3)
  const progress = planProgress(view.tasks)
  const mine = open.filter(
    (task) => task.ownerId && owners.get(task.ownerId)?.memberId === details.me.personId,
  )
  const firstMine = mine.sort((a, b) => (a.dueDate ?? '9').localeCompare(b.dueDate ?? '9'))[0]

  return (
    <div className="overview">
      {firstMine && (
        <p className="callout">
          Your next step: <strong>{firstMine.title}</strong>
          {firstMine.dueDate ? ` by ${formatDay(firstMine.dueDate)}` : ''}.
        </p>
      )}
      <div className="cards">
        <WhatChangedCard />
        <ConsensusMeterCard />
        <section className="card" aria-labelledby="overview-progress">
          <h2 id="overview-progress">Plan progress</h2>
          <Progress done={progress.done} total={progress.total} label="Overall plan progress" />
          <ul className="milestone-summary">
            {view.milestones.map((milestone) => {
              const own = view.tasks.filter((task) => task.milestoneId === milestone.id)
              const p = planProgress(own)
              return (
                <li key={milestone.id}>
                  <span>{milestone.title}</span>
                  <Progress
                    done={p.done}
                    total={p.total}
                    label={`${milestone.title} progress`}
                    compact
                  />
                </li>
              )
            })}
          </ul>
        </section>
        <section className="card" aria-labelledby="overview-next">
          <h2 id="overview-next">Next steps</h2>
          {next.length === 0 ? (
            <p className="muted">No dated open tasks. Everything with a date is done.</p>
          ) : (
            <ol className="next-steps">
              {next.map((task) => {
                const owner = task.ownerId ? owners.get(task.ownerId) : undefined
                return (
                  <li key={task.id} className={isOverdue(task.dueDate, false) ? 'is-overdue' : ''}>
                    {owner ? (
                      <Avatar id={owner.memberId ?? owner.id} name={owner.name} size={24} />
                    ) : (
                      <span className="avatar avatar--empty" aria-hidden="true" />
                    )}
                    <div>
                      <div className="next-steps__title">{task.title}</div>
                      <div className="muted small">
                        {owner ? owner.name : 'Unassigned'} · {formatDay(task.dueDate)} (
                        {relativeDay(task.dueDate)}) · {STATUS_LABELS[task.status]}
                      </div>
                    </div>
                  </li>
                )
              })}
            </ol>
          )}
          <button type="button" className="button button--quiet" onClick={() => onOpen('plan')}>
            Open the plan
          </button>
        </section>
        <section className="card" aria-labelledby="overview-overdue">
          <h2 id="overview-overdue">Overdue</h2>
          <p className={`big-number${overdue.length ? ' big-number--alert' : ''}`}>
            {overdue.length}
            <span className="small muted"> {overdue.length === 1 ? 'task' : 'tasks'} overdue</span>
          </p>
          {overdue.length > 0 && (
            <ul className="plain-list">
              {overdue.slice(0, 5).map((task) => (
                <li key={task.id}>
                  {task.title} <span className="muted small">· due {formatDay(task.dueDate)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <OpenQuestionsCard />
        <section className="card" aria-labelledby="overview-people">
          <h2 id="overview-people">Buying group</h2>
          <p>
            {view.stakeholders.length} {view.stakeholders.length === 1 ? 'person' : 'people'} mapped
            · {details.members.filter((member) => member.joinedAt !== null).length} of{' '}
            {details.members.length} members have joined
          </p>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => onOpen('stakeholders')}
          >
            See stakeholders
          </button>
        </section>
      </div>
    </div>
  )
}
