import { lazy, Suspense, useEffect, useState } from 'react'
import { isRole, isSellerRole } from '../../../shared/src/access.ts'
import { signals } from '../../../shared/src/api/index.ts'
import type { InsightsPayload } from '../../../shared/src/api/signals.ts'
import { type Section, sectionLabel } from '../../../shared/src/sections.ts'
import { call } from '../api.ts'
import { CrmLinkCard } from '../integrations/CrmLinkCard.tsx'
import { useRoom } from '../room-context/context.ts'
import { duration } from '../ui/dates.ts'
import { RoomNextActions } from './NextActions.tsx'
import { NudgesPanel } from './NudgesPanel.tsx'

// Per-document reading (charts and tables) loads when Insights has shown the rest.
const DocumentInsights = lazy(() => import('./DocumentInsights.tsx'))

/** Sections whose reading time is shown per person (the shared room sections, minus the rest). */
const SHOWN_SECTIONS: readonly Section[] = [
  'overview',
  'plan',
  'business-case',
  'documents',
  'stakeholders',
]
const SECTION_LABELS: Record<string, string> = Object.fromEntries(
  SHOWN_SECTIONS.map((section) => [section, sectionLabel(section)]),
)

function ago(at: number | null): string {
  if (at === null) return 'Never'
  const minutes = Math.round((Date.now() - at) / 60_000)
  if (minutes < 1) return 'Just now'
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  if (hours < 24) return `${hours} h ago`
  return `${Math.round(hours / 24)} days ago`
}

export function HealthBadge({ score }: { score: number }) {
  const tone = score >= 75 ? 'good' : score >= 45 ? 'fair' : 'poor'
  return (
    <span className={`health health--${tone}`} title={`Deal health ${score} of 100`}>
      {score}
    </span>
  )
}

function Bars({
  values,
  label,
  max,
  tone,
}: {
  values: Array<{ key: string; value: number; second?: number }>
  label: string
  max: number
  tone: string
}) {
  const width = 100 / values.length
  return (
    <svg
      className={`bars bars--${tone}`}
      viewBox="0 0 100 40"
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      {values.map((entry, index) => {
        const total = entry.value + (entry.second ?? 0)
        const height = max === 0 ? 0 : (total / max) * 38
        const first = max === 0 ? 0 : (entry.value / max) * 38
        return (
          <g key={entry.key}>
            <rect
              className="bars__second"
              x={index * width + 0.4}
              y={40 - height}
              width={width - 0.8}
              height={height - first}
            />
            <rect
              className="bars__first"
              x={index * width + 0.4}
              y={40 - first}
              width={width - 0.8}
              height={first}
            />
          </g>
        )
      })}
    </svg>
  )
}

/** The seller team's view of engagement: who is in, who is not, where attention goes. */
export function InsightsView() {
  const { details } = useRoom()
  const [data, setData] = useState<InsightsPayload | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    let cancelled = false
    const load = () =>
      call(signals.getInsights, { params: { roomId: details.room.id } }).then(
        (next) => {
          if (!cancelled) setData(next)
        },
        (error: unknown) => {
          if (!cancelled)
            setProblem(error instanceof Error ? error.message : 'Could not load insights.')
        },
      )
    void load()
    // Engagement arrives continuously; refresh while the tab is open.
    const timer = window.setInterval(load, 3000)
    return () => {
      cancelled = true
      window.clearInterval(timer)
    }
  }, [details.room.id])

  if (problem && !data) return <p className="form-error">{problem}</p>
  if (!data)
    return (
      <div className="loading" role="status">
        Loading insights…
      </div>
    )
  const { insights, health, alerts } = data
  const buyers = insights.people.filter(
    (person) => !(isRole(person.role) && isSellerRole(person.role)),
  )
  const maxActivity = Math.max(0, ...insights.activity.map((day) => day.buyer + day.seller))
  const maxMomentum = Math.max(0, ...insights.momentum.map((week) => week.completed))
  const buyerTotal = insights.activity.reduce((sum, day) => sum + day.buyer, 0)

  return (
    <div className="insights">
      <div className="section-head">
        <div>
          <h2>Insights</h2>
          <p className="muted">Seller team only. Buyer engagement never includes your own views.</p>
        </div>
        <a
          className="button button--quiet"
          href={`/api/rooms/${details.room.id}/events.csv`}
          download
        >
          Export events (CSV)
        </a>
      </div>
      <RoomNextActions roomId={details.room.id} />
      <div className="cards">
        <section className="card" aria-labelledby="health-heading">
          <h2 id="health-heading">Deal health</h2>
          <div className="health-row">
            <HealthBadge score={health.score} />
            <span className="muted">of 100</span>
          </div>
          {health.reasons.length === 0 ? (
            <p className="muted">Nothing is holding this deal back right now.</p>
          ) : (
            <ul className="plain-list reasons">
              {health.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="alerts-heading">
          <h2 id="alerts-heading">Alerts</h2>
          {alerts.length === 0 ? (
            <p className="muted">No alerts.</p>
          ) : (
            <ul className="plain-list alerts">
              {alerts.slice(0, 8).map((alert) => (
                <li key={`${alert.kind}-${alert.at}-${alert.message}`}>{alert.message}</li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="coverage-heading">
          <h2 id="coverage-heading">Coverage</h2>
          <p className="big-number">
            {insights.coverage.engaged}
            <span className="small muted">
              {' '}
              of {insights.coverage.invited} invited buyers engaged
            </span>
          </p>
          {insights.coverage.notEngaged.length > 0 && (
            <p className="muted small">Not yet: {insights.coverage.notEngaged.join(', ')}</p>
          )}
        </section>
      </div>

      <section className="card insights__wide" aria-labelledby="people-heading">
        <h2 id="people-heading">Time per person and section</h2>
        {buyers.length === 0 ? (
          <p className="muted">No buyers in the room yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="people-table">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">Visits</th>
                  {SHOWN_SECTIONS.map((section) => (
                    <th scope="col" key={section}>
                      {SECTION_LABELS[section]}
                    </th>
                  ))}
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {buyers.map((person) => (
                  <tr key={person.personId}>
                    <th scope="row">{person.name}</th>
                    <td>{ago(person.lastSeen)}</td>
                    <td>{person.opens}</td>
                    {SHOWN_SECTIONS.map((section) => (
                      <td key={section}>
                        {person.bySection[section] ? duration(person.bySection[section] ?? 0) : '—'}
                      </td>
                    ))}
                    <td>{duration(person.totalMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <NudgesPanel roomId={details.room.id} />

      <Suspense
        fallback={
          <p className="muted" role="status">
            Loading document reading…
          </p>
        }
      >
        <DocumentInsights documents={insights.documents} />
      </Suspense>

      <div className="cards">
        <section className="card" aria-labelledby="activity-heading">
          <h2 id="activity-heading">Activity, last 30 days</h2>
          <Bars
            label={`${buyerTotal} buyer events in the last 30 days`}
            values={insights.activity.map((day) => ({
              key: day.day,
              value: day.buyer,
              second: day.seller,
            }))}
            max={maxActivity}
            tone="activity"
          />
          <p className="muted small">
            <span className="legend legend--buyer" /> Buyers{' '}
            <span className="legend legend--seller" /> Seller team
          </p>
        </section>
        <section className="card" aria-labelledby="rereads-heading">
          <h2 id="rereads-heading">Most re-read</h2>
          {insights.sections.length === 0 ? (
            <p className="muted">No buyer has read anything yet.</p>
          ) : (
            <ol className="plain-list">
              {insights.sections.slice(0, 4).map((section) => (
                <li key={section.section}>
                  {SECTION_LABELS[section.section] ?? section.section}{' '}
                  <span className="muted small">
                    · {section.views} {section.views === 1 ? 'view' : 'views'}, {section.rereads}{' '}
                    {section.rereads === 1 ? 're-read' : 're-reads'}, {duration(section.totalMs)}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section className="card" aria-labelledby="momentum-heading">
          <h2 id="momentum-heading">Plan momentum</h2>
          {maxMomentum === 0 && <p className="muted">No tasks completed in the last 8 weeks.</p>}
          <Bars
            label={`Tasks completed per week, last 8 weeks: ${insights.momentum.map((week) => week.completed).join(', ')}`}
            values={insights.momentum.map((week) => ({
              key: week.weekStart,
              value: week.completed,
            }))}
            max={maxMomentum}
            tone="momentum"
          />
          <p className="muted small">
            Tasks completed per week · {insights.overdueBuyerTasks} buyer{' '}
            {insights.overdueBuyerTasks === 1 ? 'task' : 'tasks'} overdue now
          </p>
        </section>
        <CrmLinkCard roomId={details.room.id} />
      </div>
    </div>
  )
}
