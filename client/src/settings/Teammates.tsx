import { type FormEvent, useState } from 'react'
import { TEAM_ROLES, type TeamRole } from '../../../shared/src/access.ts'
import { team } from '../../../shared/src/api/index.ts'
import type { Teammate } from '../../../shared/src/api/team.ts'
import { call } from '../api.ts'

const ROLE_HELP: Record<TeamRole, string> = {
  admin: 'manages the team and single sign-on',
  member: 'works in their rooms',
}

const messageOf = (error: unknown, fallback: string) =>
  error instanceof Error ? error.message : fallback

/** An admin invites a seller by e-mail: sales engineer, manager, legal… */
function InviteTeammate({ onInvited }: { onInvited: (sentence: string) => Promise<void> }) {
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [role, setRole] = useState<TeamRole>('member')
  const [problem, setProblem] = useState<string | null>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setProblem(null)
    try {
      const added = await call(team.addTeammate, { body: { email, name, role } })
      setEmail('')
      setName('')
      await onInvited(
        `${added.teammate.name} is on the team; an invitation went to ${added.teammate.email}.`,
      )
    } catch (error) {
      setProblem(messageOf(error, 'Could not invite them.'))
    }
  }
  return (
    <form className="key-form team-invite" onSubmit={submit} aria-label="Invite a teammate">
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label>
        Work e-mail
        <input
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          required
          autoComplete="off"
        />
      </label>
      <label>
        Role on the team
        <select value={role} onChange={(e) => setRole(e.target.value as TeamRole)}>
          {TEAM_ROLES.map((each) => (
            <option key={each} value={each}>
              {each === 'admin' ? 'Admin' : 'Member'} ({ROLE_HELP[each]})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button">
        Invite to the team
      </button>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}

/** Taking someone off the team: whose rooms go to whom, said before it happens. */
function RemoveTeammate({
  leaving,
  others,
  onDone,
}: {
  leaving: Teammate
  others: Teammate[]
  onDone: (sentence: string | null) => Promise<void>
}) {
  const [heir, setHeir] = useState(others[0]?.personId ?? '')
  const [problem, setProblem] = useState<string | null>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    try {
      const result = await call(team.removeTeammate, {
        params: { personId: leaving.personId },
        body: { moveRoomsTo: heir },
      })
      const to = others.find((each) => each.personId === heir)?.name ?? 'the new owner'
      await onDone(
        `${leaving.name} is off the team: ${result.roomsMoved} room${result.roomsMoved === 1 ? '' : 's'} moved to ${to}, ${result.sessionsEnded} session${result.sessionsEnded === 1 ? '' : 's'} ended.`,
      )
    } catch (error) {
      setProblem(messageOf(error, 'Could not remove them.'))
    }
  }
  return (
    <form className="team-remove" onSubmit={submit} aria-label={`Remove ${leaving.name}`}>
      <p>
        Remove <strong>{leaving.name}</strong>? They are signed out everywhere at once and leave
        every room.{' '}
        {leaving.roomsOwned === 0
          ? 'They own no rooms now; any they own by then go to the teammate chosen here.'
          : `Their ${leaving.roomsOwned} room${leaving.roomsOwned === 1 ? '' : 's'} will be owned by the teammate chosen here.`}
      </p>
      <label>
        Move their rooms to
        <select value={heir} onChange={(e) => setHeir(e.target.value)} required>
          {others.map((each) => (
            <option key={each.personId} value={each.personId}>
              {each.name} ({each.email})
            </option>
          ))}
        </select>
      </label>
      <div className="new-key__actions">
        <button type="submit" className="button button--danger" disabled={!heir}>
          Remove {leaving.name}
        </button>
        <button type="button" className="button button--quiet" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}

/** The team, admins first: everyone sees it; an admin invites, changes roles and removes. */
export function Teammates({
  teammates,
  me,
  reload,
}: {
  teammates: Teammate[]
  me: { personId: string; role: TeamRole }
  reload: () => Promise<void>
}) {
  const [removing, setRemoving] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const admin = me.role === 'admin'
  const changeRole = async (teammate: Teammate, role: TeamRole) => {
    setProblem(null)
    try {
      await call(team.setTeamRole, { params: { personId: teammate.personId }, body: { role } })
      setNotice(`${teammate.name} is now ${role === 'admin' ? 'an admin' : 'a member'}.`)
      await reload()
    } catch (error) {
      setProblem(messageOf(error, 'Could not change the role.'))
    }
  }
  const done = async (sentence: string | null) => {
    setRemoving(null)
    if (sentence) setNotice(sentence)
    await reload()
  }
  return (
    <section className="settings-section" aria-labelledby="team-heading">
      <h2 id="team-heading">Teammates</h2>
      <p className="muted">
        Everyone on the seller team can create rooms and be added to rooms as a seller or co-owner.{' '}
        {admin ? 'As an admin you invite, change roles and remove.' : 'Admins manage the team.'}
      </p>
      {admin && (
        <InviteTeammate
          onInvited={async (sentence) => {
            setNotice(sentence)
            await reload()
          }}
        />
      )}
      {notice && (
        <p className="form-ok" role="status">
          {notice}
        </p>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {teammates.length === 0 ? (
        <p className="empty">No one is on the team yet.</p>
      ) : (
        <table className="team-table">
          <caption className="visually-hidden">The seller team</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Rooms owned</th>
              {admin && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {teammates.map((teammate) => (
              <tr key={teammate.personId}>
                <td>
                  <span className="team-table__name">
                    {teammate.name}
                    {teammate.personId === me.personId && <span className="muted"> (you)</span>}
                  </span>
                  <span className="muted small">{teammate.email}</span>
                </td>
                <td>
                  {admin ? (
                    <select
                      aria-label={`Role of ${teammate.name}`}
                      value={teammate.role}
                      onChange={(e) => changeRole(teammate, e.target.value as TeamRole)}
                    >
                      <option value="admin">Admin</option>
                      <option value="member">Member</option>
                    </select>
                  ) : teammate.role === 'admin' ? (
                    'Admin'
                  ) : (
                    'Member'
                  )}
                </td>
                <td>
                  {teammate.roomsOwned} room{teammate.roomsOwned === 1 ? '' : 's'}
                </td>
                {admin && (
                  <td>
                    {teammate.personId !== me.personId && (
                      <button
                        type="button"
                        className="button button--quiet"
                        aria-label={`Remove ${teammate.name} from the team`}
                        aria-expanded={removing === teammate.personId}
                        onClick={() =>
                          setRemoving(removing === teammate.personId ? null : teammate.personId)
                        }
                      >
                        Remove…
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removing &&
        (() => {
          const leaving = teammates.find((each) => each.personId === removing)
          if (!leaving) return null
          return (
            <RemoveTeammate
              leaving={leaving}
              others={teammates.filter((each) => each.personId !== removing)}
              onDone={done}
            />
          )
        })()}
    </section>
  )
}
