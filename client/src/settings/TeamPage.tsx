import { useCallback, useEffect, useState } from 'react'
import type { TeamRole } from '../../../shared/src/access.ts'
import { team } from '../../../shared/src/api/index.ts'
import type { Teammate } from '../../../shared/src/api/team.ts'
import { ApiError, call } from '../api.ts'
import { SettingsPage } from './SettingsPage.tsx'
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

  return (
    <SettingsPage
      title="Team"
      state={
        state.kind === 'refused'
          ? { refused: state.message }
          : state.kind === 'ready'
            ? 'ready'
            : 'loading'
      }
    >
      {state.kind === 'ready' && (
        <>
          <Teammates teammates={state.teammates} me={state.me} reload={load} />
          {state.me.role === 'admin' && <SsoSettings />}
        </>
      )}
    </SettingsPage>
  )
}
