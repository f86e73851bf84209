import { useEffect, useState } from 'react'
import { sessions } from '../../../shared/src/api/index.ts'
import { ApiError, call } from '../api.ts'
import { navigate } from '../router.ts'
import { Notice } from '../ui/Notice.tsx'
import { ApiKeys } from './ApiKeys.tsx'
import { CrmConnections } from './CrmConnections.tsx'
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
  if (state.kind === 'loading')
    return (
      <div className="loading" role="status">
        Loading…
      </div>
    )
  if (state.kind === 'refused')
    return (
      <Notice title="Integrations" tone="error">
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
        <h1>Integrations</h1>
      </header>
      <ApiKeys />
      <Webhooks />
      <CrmConnections />
    </main>
  )
}
