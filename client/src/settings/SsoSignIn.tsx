import { type ReactNode, useEffect, useState } from 'react'
import { team } from '../../../shared/src/api/index.ts'
import { call } from '../api.ts'
import './team.css'

/**
 * "Sign in with SSO" on the start page when the team has single sign-on; the e-mailed link form
 * (`emailForm`) beside it, or instead of it when SSO is required. Shows why a sign-in at the
 * provider was refused (the server sends the browser back with the reason).
 */
export function SsoSignIn({ emailForm }: { emailForm: ReactNode }) {
  const [status, setStatus] = useState<{ enabled: boolean; required: boolean } | null>(null)
  const [refusal] = useState(() => new URLSearchParams(window.location.search).get('sso_error'))
  useEffect(() => {
    call(team.ssoStatus).then(setStatus, () => setStatus({ enabled: false, required: false }))
    // Said once: a reload or a bookmark of this address does not show it again.
    if (refusal) window.history.replaceState(null, '', window.location.pathname)
  }, [refusal])
  const problem = refusal && (
    <p className="form-error" role="alert">
      {refusal}
    </p>
  )
  if (!status?.enabled)
    return (
      <>
        {problem}
        {emailForm}
      </>
    )
  return (
    <div className="sso-signin">
      {problem}
      <a className="button" href="/api/sso/start">
        Sign in with SSO
      </a>
      {status.required ? (
        <p className="muted">
          Your team signs in with single sign-on (your company account). Buyers: open the personal
          link from your invitation.
        </p>
      ) : (
        <>
          <p className="sso-signin__or muted">or</p>
          {emailForm}
        </>
      )}
    </div>
  )
}
