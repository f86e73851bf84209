import { type FormEvent, useState } from 'react'
import { can } from '../../../shared/src/access.ts'
import { workspace } from '../../../shared/src/api/index.ts'
import {
  DEAL_STAGES,
  type DealStage,
  STAGE_LABELS,
  stageRefusal,
} from '../../../shared/src/stages.ts'
import { call } from '../api.ts'
import { useRoom } from '../room-context/context.ts'
import { navigate } from '../router.ts'
import { StageBadge } from './StageBadge.tsx'

const HINTS: Record<DealStage, string> = {
  open: 'Buyers work in the room.',
  won: 'Buyers keep their access.',
  lost: 'Say why; buyers keep their access.',
  archived: 'Buyers’ access ends at once; the team keeps reading.',
}

const message = (error: unknown, fallback: string) =>
  error instanceof Error ? error.message : fallback

/** Moves the deal to a stage; lost needs a reason. */
function StageForm() {
  const { details, refreshDetails } = useRoom()
  const current = details.room.stage ?? 'open'
  const [stage, setStage] = useState<DealStage>(current)
  const [reason, setReason] = useState(details.room.stageReason ?? '')
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null)
  const refusal = stageRefusal(stage, reason.trim() === '' ? null : reason)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (refusal) return setStatus({ ok: false, text: refusal })
    if (
      stage === 'archived' &&
      !window.confirm('Archive this room? Buyers lose access at once; the team keeps reading it.')
    )
      return
    try {
      const saved = await call(workspace.setStage, {
        params: { roomId: details.room.id },
        body: { stage, reason: stage === 'won' || stage === 'lost' ? reason : undefined },
      })
      setStatus({ ok: true, text: `The deal is ${STAGE_LABELS[saved.stage].toLowerCase()}.` })
      refreshDetails()
    } catch (error) {
      setStatus({ ok: false, text: message(error, 'Could not change the stage.') })
    }
  }
  return (
    <form onSubmit={submit} className="deal-menu__form" aria-label="Deal stage">
      <fieldset>
        <legend>Deal stage</legend>
        {DEAL_STAGES.map((each) => (
          <label key={each} className="deal-menu__choice">
            <input
              type="radio"
              name="stage"
              value={each}
              checked={stage === each}
              onChange={() => setStage(each)}
            />
            <span>
              {STAGE_LABELS[each]}
              {each === 'open' && current === 'archived' ? ' (reopen)' : ''}
              <span className="muted small"> — {HINTS[each]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {(stage === 'won' || stage === 'lost') && (
        <label>
          {stage === 'lost' ? 'Why was it lost? (required)' : 'Why was it won? (optional)'}
          <input
            value={reason}
            maxLength={500}
            required={stage === 'lost'}
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
      )}
      <button
        type="submit"
        className="button"
        disabled={stage === current && stage !== 'lost' && stage !== 'won'}
      >
        Save stage
      </button>
      {status && (
        <p className={status.ok ? 'form-ok' : 'form-error'} role={status.ok ? 'status' : 'alert'}>
          {status.text}
        </p>
      )}
    </form>
  )
}

/** A one-field form that makes something from this room (a clone, a template). */
function MakeFrom({
  label,
  button,
  placeholder,
  make,
}: {
  label: string
  button: string
  placeholder: string
  make: (value: string) => Promise<string>
}) {
  const [value, setValue] = useState('')
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    try {
      setStatus({ ok: true, text: await make(value.trim()) })
      setValue('')
    } catch (error) {
      setStatus({ ok: false, text: message(error, 'That did not work.') })
    }
  }
  return (
    <form onSubmit={submit} className="deal-menu__form" aria-label={label}>
      <label>
        {label}
        <input
          value={value}
          placeholder={placeholder}
          required
          onChange={(event) => setValue(event.target.value)}
        />
      </label>
      <button type="submit" className="button button--quiet" disabled={!value.trim()}>
        {button}
      </button>
      {status && (
        <p className={status.ok ? 'form-ok' : 'form-error'} role={status.ok ? 'status' : 'alert'}>
          {status.text}
        </p>
      )}
    </form>
  )
}

/**
 * The seller team's deal menu in the room's top bar: the stage (won, lost with a reason,
 * archived, reopened), a clone for another buyer, and saving the room as a team template.
 */
export function DealMenu() {
  const { details } = useRoom()
  if (!can(details.me.role, 'manageDeal') || details.room.savedTemplate) return null
  const roomId = details.room.id
  return (
    <details className="deal-menu">
      <summary>
        <StageBadge stage={details.room.stage ?? 'open'} />
        <span className="deal-menu__label">Deal</span>
      </summary>
      <div className="deal-menu__panel">
        <StageForm />
        <MakeFrom
          label="Clone for another buyer"
          button="Clone room"
          placeholder="New room title"
          make={async (title) => {
            const made = await call(workspace.cloneRoom, { params: { roomId }, body: { title } })
            navigate(`/r/${made.id}`)
            return `Cloned: “${title}”.`
          }}
        />
        <MakeFrom
          label="Save as a team template"
          button="Save template"
          placeholder="Template name"
          make={async (name) => {
            const saved = await call(workspace.saveTemplate, { params: { roomId }, body: { name } })
            return `Template “${saved.name}” saved: pick it when creating a room.`
          }}
        />
      </div>
    </details>
  )
}
