import { type FormEvent, useEffect, useRef, useState } from 'react'
import { sessions } from '../../../shared/src/api/index.ts'
import { ApiError, call, OfflineError } from '../api.ts'
import { navigate } from '../router.ts'
import { Notice } from '../ui/Notice.tsx'

/**
 * A personal invite or sign-in link: exchanged for a session cookie by the API (a POST, so mail
 * scanners that only fetch the page do not use the link up), then on to the room.
 */
export function LinkPage({ secret }: { secret: string }) {
  const [problem, setProblem] = useState<string | null>(null)
  const started = useRef(false)
  useEffect(() => {
    // StrictMode runs effects twice in development; a link must be redeemed once.
    if (started.current) return
    started.current = true
    call(sessions.redeemLink, { body: { secret } }).then(
      (result) => navigate(result.roomId ? `/r/${result.roomId}` : '/', { replace: true }),
      (error: unknown) => {
        if (error instanceof ApiError || error instanceof OfflineError) setProblem(error.message)
        else setProblem('Something went wrong while opening this link.')
      },
    )
  }, [secret])
  if (problem) {
    return (
      <Notice title="This link doesn’t work" tone="error">
        <p>{problem}</p>
      </Notice>
    )
  }
  return (
    <div className="loading" role="status">
      Opening your room…
    </div>
  )
}

/** First-run setup: the link printed by `npm start` creates the first seller account. */
export function SetupPage({ secret }: { secret: string }) {
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setProblem(null)
    try {
      await call(sessions.setup, { body: { secret, name, email } })
      navigate('/', { replace: true })
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Setup failed.')
      setBusy(false)
    }
  }
  return (
    <Notice title="Set up Quorum">
      <p>Create the first seller account. You can invite teammates and buyers from there.</p>
      <form className="stack" onSubmit={submit}>
        <label>
          Your name
          <input
            required
            value={name}
            onChange={(event) => setName(event.target.value)}
            autoComplete="name"
          />
        </label>
        <label>
          Work e-mail
          <input
            required
            type="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            autoComplete="email"
          />
        </label>
        {problem && (
          <p className="form-error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
    </Notice>
  )
}
