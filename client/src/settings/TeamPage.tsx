import { useCallback, useEffect, useState } from 'react'
import type { TeamRole } from '../../../shared/src/access.ts'
import { team } from '../../../shared/src/api/index.ts'
import type { Teammate } from '../../../shared/src/api/team.ts'
import { ApiError, call } from '../api.ts'
import { navigate } from '../router.ts'
import { Notice } from '../ui/Notice.tsx'
import { SsoSettings } from './SsoSettings.tsx'
import { Teammates } from './Teammates.tsx'
import './settings.css'
import './team.css'

type State =
  | { kind: 'loading' }
  | { kind: 'refused'; message: string }
  | { kind: 'ready'; me: { personId: string; role: TeamRole }; teammates: Teammate[] }

/** The seller team (the workspace): teammates and, for admins, single sign-on. */
export function TeamPage() {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const load = useCallback(async () => {
    try {
      const answer = await call(team.listTeam)
      setState({ kind: 'ready', me: answer.me, teammates: answer.teammates })
    } catch (error) {
      setState({
        kind: 'refused',
        message:
          error instanceof ApiError && error.status === 401
            ? 'Sign in as a seller to see the team.'
            : error instanceof ApiError && error.status === 403
              ? 'The Team page is for the seller team.'
              : 'Could not reach the server.',
      })
    }
  }, [])
  useEffect(() => {
    void load()
  }, [load])

  if (state.kind === 'loading')
    return (
      <div className="loading" role="status">
        Loading…
      </div>
    )
  if (state.kind === 'refused')
    return (
      <Notice title="Team" tone="error">
        <p>{state.message}</p>
        <p>
          <a href="/">Go to the start page</a>
        </p>
      </Notice>
    )
  return (
    <main className="settings-page">
      <header className="settings-page__head">
        <a
          href="/"
          className="muted small"
          onClick={(event) => {
            event.preventDefault()
            navigate('/')
          }}
        >
          ← Your rooms
        </a>
        <h1>Team</h1>
      </header>
      <Teammates teammates={state.teammates} me={state.me} reload={load} />
      {state.me.role === 'admin' && <SsoSettings />}
    </main>
  )
}
