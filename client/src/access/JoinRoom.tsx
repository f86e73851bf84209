import { type FormEvent, useState } from 'react'
import { access } from '../../../shared/src/api/index.ts'
import { call } from '../api.ts'
import { Notice } from '../ui/Notice.tsx'

/**
 * Entering a room open to verified addresses: an e-mail at an allowed domain, then the 6-digit
 * code sent there. No account, no password.
 */
export function JoinRoom({ roomId, onJoined }: { roomId: string; onJoined: () => void }) {
  const [email, setEmail] = useState('')
  const [code, setCode] = useState('')
  const [step, setStep] = useState<'email' | 'code'>('email')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setProblem(null)
    try {
      await action()
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Something went wrong.')
    } finally {
      setBusy(false)
    }
  }

  const sendCode = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      await call(access.requestJoinCode, { params: { roomId }, body: { email } })
      setStep('code')
    })
  }
  const verify = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      await call(access.verifyJoinCode, { params: { roomId }, body: { email, code } })
      onJoined()
    })
  }

  return (
    <Notice title="Join the deal room">
      {step === 'email' ? (
        <form className="stack" onSubmit={sendCode}>
          <p>
            Enter your work e-mail. We will send you a 6-digit code to open the room; no account
            needed.
          </p>
          <label>
            Work e-mail
            <input
              type="email"
              required
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          {problem && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Sending…' : 'Send me a code'}
          </button>
        </form>
      ) : (
        <form className="stack" onSubmit={verify}>
          <p>
            We sent a code to <strong>{email}</strong>. It works once, for 10 minutes.
          </p>
          <label>
            6-digit code
            <input
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              required
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
            />
          </label>
          {problem && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" className="button" disabled={busy || code.length !== 6}>
            {busy ? 'Checking…' : 'Open the room'}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setStep('email')}>
            Use another address
          </button>
        </form>
      )}
    </Notice>
  )
}
