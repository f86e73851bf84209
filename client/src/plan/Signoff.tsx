import { useState } from 'react'
import {
  listStakeholders,
  type Milestone,
  milestoneDone,
  milestoneSignoff,
  updateMilestone,
} from '../../../shared/src/room/index.ts'
import { useDocValue, useRoom } from '../room-context/context.ts'

/**
 * A milestone's sign-off: who must agree before it counts as done, and where each of them
 * stands. The seller team and the champion choose the signers.
 */
export function Signoff({ milestone }: { milestone: Milestone }) {
  const { connection, canManagePeople } = useRoom()
  const state = useDocValue(
    (doc) => ({
      signoff: milestoneSignoff(doc, milestone),
      done: milestoneDone(doc, milestone),
      people: listStakeholders(doc).filter((person) => person.side !== 'seller'),
    }),
    [milestone],
  )
  const [choosing, setChoosing] = useState(false)
  const { signers, signedOff } = state.signoff
  const agreed = signers.filter((signer) => signer.mark?.stance === 'agree').length

  const toggle = (stakeholderId: string, on: boolean) => {
    const next = on
      ? [...milestone.signoffBy, stakeholderId]
      : milestone.signoffBy.filter((id) => id !== stakeholderId)
    updateMilestone(connection.doc, milestone.id, { signoffBy: next })
  }

  return (
    <div className="signoff">
      {state.done ? (
        <span className="badge badge--done" data-milestone-done="true">
          Done{signers.length > 0 && signedOff ? ' · signed off' : ''}
        </span>
      ) : signers.length > 0 ? (
        <span className="badge badge--waiting">
          Awaiting sign-off · {agreed} of {signers.length}
        </span>
      ) : null}
      {signers.length > 0 && (
        <ul className="signoff__people" aria-label={`Sign-off for ${milestone.title}`}>
          {signers.map(({ stakeholder, mark }) => (
            <li key={stakeholder.id} className={`signer signer--${mark?.stance ?? 'silent'}`}>
              {stakeholder.name}:{' '}
              {!stakeholder.memberId
                ? 'not in the room yet'
                : mark?.stance === 'agree'
                  ? 'agreed'
                  : mark?.stance === 'concern'
                    ? 'has a concern'
                    : mark?.stance === 'block'
                      ? 'blocks'
                      : 'not yet'}
            </li>
          ))}
        </ul>
      )}
      {canManagePeople && (
        <button
          type="button"
          className="link-button small"
          aria-expanded={choosing}
          onClick={() => setChoosing((value) => !value)}
        >
          {signers.length > 0 ? 'Change sign-off' : 'Require sign-off'}
        </button>
      )}
      {choosing && (
        <fieldset className="signoff__choose">
          <legend>Who must agree before “{milestone.title}” is done?</legend>
          {state.people.length === 0 && (
            <p className="muted small">Add the buying group on the Stakeholders page first.</p>
          )}
          {state.people.map((person) => (
            <label key={person.id} className="checkbox">
              <input
                type="checkbox"
                checked={milestone.signoffBy.includes(person.id)}
                onChange={(event) => toggle(person.id, event.target.checked)}
              />
              {person.name}
              {person.title && <span className="muted small"> · {person.title}</span>}
            </label>
          ))}
          <button type="button" className="button button--quiet" onClick={() => setChoosing(false)}>
            Done choosing
          </button>
        </fieldset>
      )}
    </div>
  )
}
