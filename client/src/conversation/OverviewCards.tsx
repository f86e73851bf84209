import { useEffect, useState } from 'react'
import type { Changes } from '../../../shared/src/api/conversation.ts'
import { conversation } from '../../../shared/src/api/index.ts'
import { consensusMeter } from '../../../shared/src/room/index.ts'
import { ApiError, call } from '../api.ts'
import { useDocValue, useRoom } from '../room-context/context.ts'
import { navigate } from '../router.ts'
import { activityKey, describeActivity, formatTimeOf, pathOf, sectionOf } from './activity.ts'
import { STANCE_LABELS, StanceBar } from './Consensus.tsx'
import { useAllThreads, useConversation } from './model.ts'

/** How much of the buying group has agreed to what. */
export function ConsensusMeterCard() {
  const meter = useDocValue(consensusMeter)
  const { memberById, details } = useRoom()
  const { counts } = meter.businessCase
  return (
    <section className="card card--wide consensus-meter" aria-labelledby="overview-consensus">
      <h2 id="overview-consensus">Consensus</h2>
      {meter.groupSize === 0 ? (
        <p className="muted">
          Map the buying group on the Stakeholders page to see who agrees to what.
        </p>
      ) : (
        <>
          <p className="consensus-meter__headline">
            <span className="big-number">
              {counts.agree}
              <span className="small muted"> of {meter.groupSize}</span>
            </span>{' '}
            in the buying group agree to the business case
            {counts.concern + counts.block > 0 && (
              <span className="consensus-meter__alert">
                {' '}
                · {counts.concern + counts.block}{' '}
                {counts.concern + counts.block === 1 ? 'objection' : 'objections'}
              </span>
            )}
          </p>
          <ul className="consensus-meter__items" aria-label="Agreement per item">
            {meter.items.map((item) => (
              <li key={item.itemKey}>
                <span className="consensus-meter__label">{item.label}</span>
                <StanceBar counts={item.consensus.counts} />
                <span className="small muted">
                  {item.consensus.counts.agree}/{meter.groupSize} agree
                </span>
              </li>
            ))}
            {meter.items.length === 0 && <li className="muted">Nobody has marked anything yet.</li>}
          </ul>
          {meter.objections.length > 0 && (
            <>
              <h3 className="small">Concerns and blocks</h3>
              <ul className="objections">
                {meter.objections.slice(0, 5).map(({ item, mark }) => (
                  <li
                    key={`${item.itemKey}|${mark.personId}`}
                    className={`objection objection--${mark.stance}`}
                  >
                    <strong>{memberById.get(mark.personId)?.name ?? 'Someone'}</strong>{' '}
                    <span className={`pill pill--${mark.stance}`}>
                      {STANCE_LABELS[mark.stance]}
                    </span>{' '}
                    on{' '}
                    <a
                      href={`/r/${details.room.id}/${item.kind === 'milestone' ? 'plan' : 'business-case'}`}
                      onClick={(event) => {
                        event.preventDefault()
                        navigate(
                          `/r/${details.room.id}/${item.kind === 'milestone' ? 'plan' : 'business-case'}`,
                        )
                      }}
                    >
                      {item.label}
                    </a>
                    : <q>{mark.note}</q>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  )
}

/** Unresolved threads across the room. */
export function OpenQuestionsCard() {
  const threads = useAllThreads().filter((thread) => !thread.resolved)
  const { memberById } = useRoom()
  const { open } = useConversation()
  return (
    <section className="card" aria-labelledby="overview-questions">
      <h2 id="overview-questions">Open questions</h2>
      {threads.length === 0 ? (
        <p className="muted">No open threads. Comment on any task, milestone or section.</p>
      ) : (
        <ul className="plain-list open-questions">
          {threads
            .slice(-6)
            .reverse()
            .map((thread) => {
              const first = thread.messages[0]
              const last = thread.messages.at(-1)
              return (
                <li key={thread.id}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => open({ threadId: thread.id, label: 'an open question' })}
                  >
                    {first?.body.slice(0, 90) ?? 'A thread'}
                  </button>
                  <span className="muted small">
                    {' '}
                    · {memberById.get(first?.authorId ?? '')?.name ?? 'Someone'}
                    {thread.messages.length > 1 &&
                      ` · ${thread.messages.length - 1} repl${thread.messages.length === 2 ? 'y' : 'ies'}, last by ${memberById.get(last?.authorId ?? '')?.name ?? 'someone'}`}
                    {thread.internal && ' · seller team only'}
                  </span>
                </li>
              )
            })}
        </ul>
      )}
      {threads.length > 6 && <p className="muted small">And {threads.length - 6} more.</p>}
    </section>
  )
}

const sinceFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** What changed since this person last looked: fetched once when the room opens. */
export function WhatChangedCard() {
  const { details, memberById } = useRoom()
  const { open } = useConversation()
  const roomId = details.room.id
  const [changes, setChanges] = useState<Changes | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [dismissed, setDismissed] = useState(false)

  useEffect(() => {
    let cancelled = false
    call(conversation.listChanges, { params: { roomId } }).then(
      (result) => !cancelled && setChanges(result),
      (failure: unknown) =>
        !cancelled &&
        setError(failure instanceof ApiError ? failure.message : 'Could not load what changed.'),
    )
    return () => {
      cancelled = true
    }
  }, [roomId])

  if (dismissed) return null
  const nameOf = (id: string) => memberById.get(id)?.name ?? 'someone'
  const count = changes
    ? changes.plan.length +
      changes.businessCase.length +
      changes.threads.length +
      changes.consensus.length +
      (changes.documents?.length ?? 0)
    : 0
  const go = (path: string) => navigate(`/r/${roomId}/${path}`)

  return (
    <section className="card card--wide what-changed" aria-labelledby="overview-changed">
      <h2 id="overview-changed">What changed since you last looked</h2>
      {error && <p className="muted">{error}</p>}
      {!changes && !error && <p className="muted">Checking…</p>}
      {changes && changes.since === null && (
        <p className="muted">
          Welcome — this is your first visit. Changes made while you are away will be listed here.
        </p>
      )}
      {changes && changes.since !== null && count === 0 && (
        <p className="muted">Nothing new since {sinceFormat.format(changes.since)}.</p>
      )}
      {changes && changes.since !== null && count > 0 && (
        <>
          <p className="muted small">Since {sinceFormat.format(changes.since)}</p>
          <ul className="changes" aria-label="Changes since your last visit">
            {changes.businessCase.map((section) => (
              <li key={`bc-${section.sectionId}`}>
                <span className="changes__kind">Business case</span>
                <a
                  href={`/r/${roomId}/business-case#section-${section.sectionId}`}
                  onClick={(event) => {
                    event.preventDefault()
                    go(`business-case#section-${section.sectionId}`)
                  }}
                >
                  {section.title || section.sectionId}
                </a>{' '}
                edited by{' '}
                {section.editors.map((editor) => editor.name || nameOf(editor.personId)).join(', ')}
              </li>
            ))}
            {[
              ...changes.plan,
              ...changes.threads,
              ...changes.consensus,
              // An older server does not list documents.
              ...(changes.documents ?? []),
            ]
              .sort((a, b) => b.at - a.at)
              .map((item, _index) => (
                <li key={activityKey(item)}>
                  <span className="changes__kind">
                    {sectionOf(item) === 'plan'
                      ? 'Plan'
                      : sectionOf(item) === 'documents'
                        ? 'Documents'
                        : item.kind.startsWith('consensus')
                          ? 'Agreement'
                          : 'Comments'}
                  </span>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      const threadId = item.detail.threadId
                      if (typeof threadId === 'string') open({ threadId, label: 'a thread' })
                      else navigate(pathOf(item, roomId))
                    }}
                  >
                    {item.name || nameOf(item.personId)} {describeActivity(item, nameOf)}
                  </button>
                  <span className="muted small"> · {formatTimeOf(item.at)}</span>
                </li>
              ))}
          </ul>
          <button type="button" className="button button--quiet" onClick={() => setDismissed(true)}>
            Mark as seen
          </button>
        </>
      )}
    </section>
  )
}
