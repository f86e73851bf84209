import { useEffect, useState } from 'react'
import { sessions } from '../../../shared/src/api/index.ts'
import { ApiError, call } from '../api.ts'
import { ApiKeys } from './ApiKeys.tsx'
import { CrmConnections } from './CrmConnections.tsx'
import { SettingsPage } from './SettingsPage.tsx'
import { Webhooks } from './Webhooks.tsx'
import './settings.css'

type State = { kind: 'loading' } | { kind: 'refused'; message: string } | { kind: 'seller' }

/**
 * The seller team's integrations: API keys for the REST API, and webhooks (with Slack).
 * Until there are workspaces (issue 15) these belong to the whole Quorum instance.
 */
export function IntegrationsPage() {
  const [state, setState] = useState<State>({ kind: 'loading' })
  useEffect(() => {
    call(sessions.getSession).then(
      (session) =>
        setState(
          session.person.kind === 'seller' && session.roomId === null
            ? { kind: 'seller' }
            : { kind: 'refused', message: 'Integrations are for the seller team.' },
        ),
      (error: unknown) =>
        setState({
          kind: 'refused',
          message:
            error instanceof ApiError && error.status === 401
              ? 'Sign in as a seller to manage integrations.'
              : 'Could not reach the server.',
        }),
    )
  }, [])
  return (
    <SettingsPage
      title="Integrations"
      state={
        state.kind === 'refused'
          ? { refused: state.message }
          : state.kind === 'seller'
            ? 'ready'
            : 'loading'
      }
    >
      <ApiKeys />
      <Webhooks />
      <CrmConnections />
    </SettingsPage>
  )
}
