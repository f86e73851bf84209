import { type FormEvent, useId, useState } from 'react'
import {
  type ConsensusStance,
  clearConsensus,
  type ItemConsensus,
  itemConsensus,
  listConsensus,
  markConsensus,
} from '../../../shared/src/room/index.ts'
import { useDocValue, useRoom } from '../room-context/context.ts'
import { useConversation } from './model.ts'

export const STANCE_LABELS: Record<ConsensusStance, string> = {
  agree: 'Agree',
  concern: 'Concern',
  block: 'Block',
}

const ROLE_BADGES: Record<string, string> = {
  'economic-buyer': 'Economic buyer',
  champion: 'Champion',
}

/** Who stands where on an item, against the buying group. */
export function ConsensusSummary({ consensus }: { consensus: ItemConsensus }) {
  const { memberById } = useRoom()
  const { counts, buyingGroup, others } = consensus
  return (
    <div className="consensus-summary">
      <StanceBar counts={counts} />
      <ul className="stances" aria-label="Where each stakeholder stands">
        {buyingGroup.map(({ stakeholder, mark }) => {
          const badge = ROLE_BADGES[stakeholder.buyingRole]
          const stance = mark?.stance ?? 'silent'
          const word = mark ? STANCE_LABELS[mark.stance].toLowerCase() : 'not weighed in'
          return (
            <li
              key={stakeholder.id}
              className={`stance stance--${stance}${badge ? ' stance--key' : ''}`}
            >
              <span className="stance__dot" aria-hidden="true" />
              <span className="stance__name">{stakeholder.name}</span>
              {badge && <span className="stance__role">{badge}</span>}
              <span className="stance__word">
                {stakeholder.memberId ? word : 'not in the room yet'}
              </span>
              {mark?.note && <q className="stance__note">{mark.note}</q>}
            </li>
          )
        })}
        {others.map((mark) => (
          <li key={mark.personId} className={`stance stance--${mark.stance}`}>
            <span className="stance__dot" aria-hidden="true" />
            <span className="stance__name">{memberById.get(mark.personId)?.name ?? 'Someone'}</span>
            <span className="stance__word">{STANCE_LABELS[mark.stance].toLowerCase()}</span>
            {mark.note && <q className="stance__note">{mark.note}</q>}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** A bar of agree / concern / block / not yet, with the figures in words for screen readers. */
export function StanceBar({ counts }: { counts: ItemConsensus['counts'] }) {
  const total = counts.agree + counts.concern + counts.block + counts.silent
  const text = `${counts.agree} of ${total} agree, ${counts.concern} with concerns, ${counts.block} blocking, ${counts.silent} not weighed in`
  return (
    <div className="stance-bar" role="img" aria-label={text} title={text}>
      {(['agree', 'concern', 'block', 'silent'] as const).map((stance) =>
        counts[stance] > 0 ? (
          <span
            key={stance}
            className={`stance-bar__part stance-bar__part--${stance}`}
            style={{ flexGrow: counts[stance] }}
          />
        ) : null,
      )}
      {total === 0 && (
        <span className="stance-bar__part stance-bar__part--silent" style={{ flexGrow: 1 }} />
      )}
    </div>
  )
}

/** My mark on an item (agree / concern / block, a note for the last two) and everyone else's. */
export function ConsensusControl({
  itemKey,
  label,
  compact = false,
}: {
  itemKey: string
  label: string
  compact?: boolean
}) {
  const { connection, details, canEdit } = useRoom()
  const me = details.me.personId
  const consensus = useDocValue((doc) => itemConsensus(doc, itemKey), [itemKey])
  const mine = useDocValue(
    (doc) => listConsensus(doc, itemKey).find((mark) => mark.personId === me) ?? null,
    [itemKey, me],
  )
  const [asking, setAsking] = useState<ConsensusStance | null>(null)
  const [note, setNote] = useState('')
  const [expanded, setExpanded] = useState(!compact)
  const noteId = useId()

  const choose = (stance: ConsensusStance) => {
    if (stance === 'agree') {
      markConsensus(connection.doc, itemKey, me, 'agree')
      setAsking(null)
      return
    }
    setNote(mine?.stance === stance ? mine.note : '')
    setAsking(stance)
  }
  const save = (event: FormEvent) => {
    event.preventDefault()
    if (!asking || !note.trim()) return
    markConsensus(connection.doc, itemKey, me, asking, note)
    setAsking(null)
  }

  return (
    <section
      className={`consensus${compact ? ' consensus--compact' : ''}`}
      aria-label={`Consensus on ${label}`}
    >
      <div className="consensus__row">
        {canEdit && (
          <fieldset className="consensus__choices">
            <legend className="visually-hidden">Your position on {label}</legend>
            {(['agree', 'concern', 'block'] as const).map((stance) => (
              <button
                key={stance}
                type="button"
                className={`stance-button stance-button--${stance}`}
                aria-pressed={mine?.stance === stance}
                onClick={() => choose(stance)}
              >
                {STANCE_LABELS[stance]}
              </button>
            ))}
            {mine && (
              <button
                type="button"
                className="link-button small"
                onClick={() => clearConsensus(connection.doc, itemKey, me)}
              >
                Clear my mark
              </button>
            )}
          </fieldset>
        )}
        {compact && (
          <button
            type="button"
            className="link-button small consensus__toggle"
            aria-expanded={expanded}
            onClick={() => setExpanded((value) => !value)}
          >
            {consensus.counts.agree} agree
            {consensus.counts.concern > 0 && ` · ${consensus.counts.concern} concern`}
            {consensus.counts.block > 0 && ` · ${consensus.counts.block} block`}
            {` · ${consensus.counts.silent} not yet`}
          </button>
        )}
      </div>
      {asking && (
        <form className="consensus__note" onSubmit={save}>
          <label htmlFor={noteId}>
            {asking === 'block'
              ? 'What would have to change for you to agree?'
              : 'What is your concern?'}
          </label>
          <textarea
            id={noteId}
            value={note}
            rows={2}
            // biome-ignore lint/a11y/noAutofocus: the field opens because the person chose to explain
            autoFocus
            onChange={(event) => setNote(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setAsking(null)
            }}
          />
          <div className="consensus__note-actions">
            <span className="muted small">Everyone in the room sees this note.</span>
            <button type="button" className="button button--quiet" onClick={() => setAsking(null)}>
              Cancel
            </button>
            <button type="submit" className="button" disabled={!note.trim()}>
              {asking === 'block' ? 'Block' : 'Raise concern'}
            </button>
          </div>
        </form>
      )}
      {expanded && <ConsensusSummary consensus={consensus} />}
    </section>
  )
}

/** A "Comments" button with the item's open-thread count. */
export function CommentButton({
  anchor,
  label,
  count,
}: {
  anchor: { kind: 'task' | 'milestone' | 'stakeholder' | 'section'; id: string }
  label: string
  count: number
}) {
  const { open } = useConversation()
  return (
    <button
      type="button"
      className={`comment-button${count > 0 ? ' comment-button--open' : ''}`}
      aria-label={`Comments on ${label}${count > 0 ? `, ${count} open` : ''}`}
      onClick={() => open({ anchor, label })}
    >
      <svg
        aria-hidden="true"
        width="15"
        height="15"
        viewBox="0 0 16 16"
        className="comment-button__icon"
      >
        <path
          d="M2.5 3.5h11v7h-6l-3.5 3v-3h-1.5z"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.4"
          strokeLinejoin="round"
        />
      </svg>
      {count > 0 && <span className="comment-button__count">{count}</span>}
    </button>
  )
}
