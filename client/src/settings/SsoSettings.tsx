import { type FormEvent, useCallback, useEffect, useState } from 'react'
import { team } from '../../../shared/src/api/index.ts'
import type { SsoSettingsInfo } from '../../../shared/src/api/team.ts'
import { call } from '../api.ts'

const messageOf = (error: unknown, fallback: string) =>
  error instanceof Error ? error.message : fallback

/**
 * Single sign-on with the team's identity provider (Google Workspace, Microsoft Entra ID, Okta,
 * Keycloak: any OpenID Connect provider). Saved only once the provider answers.
 */
export function SsoSettings() {
  const [info, setInfo] = useState<SsoSettingsInfo | null>(null)
  const [issuer, setIssuer] = useState('')
  const [clientId, setClientId] = useState('')
  const [clientSecret, setClientSecret] = useState('')
  const [domains, setDomains] = useState('')
  const [required, setRequired] = useState(false)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  const show = useCallback((next: SsoSettingsInfo) => {
    setInfo(next)
    setIssuer(next.issuer)
    setClientId(next.clientId)
    setClientSecret('')
    setDomains(next.domains.join(', '))
    setRequired(next.required)
  }, [])
  useEffect(() => {
    call(team.getSsoSettings).then(show, (error: unknown) =>
      setMessage({ ok: false, text: messageOf(error, 'Could not load the settings.') }),
    )
  }, [show])

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setMessage(null)
    try {
      const saved = await call(team.putSsoSettings, {
        body: {
          issuer,
          clientId,
          ...(clientSecret ? { clientSecret } : {}),
          domains: domains.split(/[\s,]+/).filter(Boolean),
          required,
        },
      })
      show(saved)
      setMessage({
        ok: true,
        text: `Saved: the provider answered. ${saved.required ? 'Sellers now sign in with SSO only.' : 'Sellers can sign in with SSO or an e-mailed link.'}`,
      })
    } catch (error) {
      setMessage({ ok: false, text: messageOf(error, 'Could not save.') })
    } finally {
      setBusy(false)
    }
  }
  const turnOff = async () => {
    if (!window.confirm('Turn single sign-on off? Sellers go back to e-mailed sign-in links.'))
      return
    try {
      show(await call(team.removeSsoSettings))
      setMessage({ ok: true, text: 'Single sign-on is off.' })
    } catch (error) {
      setMessage({ ok: false, text: messageOf(error, 'Could not turn it off.') })
    }
  }

  if (!info)
    return (
      <section className="settings-section" aria-labelledby="sso-heading">
        <h2 id="sso-heading">Single sign-on</h2>
        {message ? (
          <p className="form-error" role="alert">
            {message.text}
          </p>
        ) : (
          <p className="muted" role="status">
            Loading…
          </p>
        )}
      </section>
    )
  const fromEnvironment = info.source === 'environment'
  return (
    <section className="settings-section" aria-labelledby="sso-heading">
      <h2 id="sso-heading">Single sign-on</h2>
      <p className="muted">
        Sellers sign in with their company account through any OpenID Connect provider (Google
        Workspace, Microsoft Entra ID, Okta, Keycloak). Register Quorum there as a web application
        with this redirect address, then enter what the provider gives you. Buyers are never asked
        to use it: they keep opening their personal links.
      </p>
      <p>
        Redirect address: <code className="sso-callback">{info.callbackUrl}</code>
      </p>
      <p className="sso-state" role="status">
        {info.source === null
          ? 'Single sign-on is off.'
          : fromEnvironment
            ? 'Single sign-on is set by the server’s environment (OIDC_* variables); change it there.'
            : `Single sign-on is on${info.required ? ' and required for sellers' : ''}.`}
      </p>
      <form className="key-form" onSubmit={save} aria-label="Single sign-on settings">
        <fieldset disabled={fromEnvironment || busy}>
          <label>
            Issuer URL
            <input
              type="url"
              value={issuer}
              onChange={(e) => setIssuer(e.target.value)}
              placeholder="https://accounts.google.com"
              required
            />
          </label>
          <label>
            Client ID
            <input value={clientId} onChange={(e) => setClientId(e.target.value)} required />
          </label>
          <label>
            Client secret
            <input
              type="password"
              value={clientSecret}
              onChange={(e) => setClientSecret(e.target.value)}
              autoComplete="new-password"
              placeholder={info.hasSecret ? 'Saved; type a new one to replace it' : ''}
              required={!info.hasSecret}
            />
          </label>
          <label>
            Allowed e-mail domains
            <input
              value={domains}
              onChange={(e) => setDomains(e.target.value)}
              placeholder="example.com, example.co.uk"
              aria-describedby="sso-domains-help"
              required
            />
          </label>
          <p id="sso-domains-help" className="muted small">
            Only addresses the provider has verified at these domains sign in. Someone new at them
            gets a seller account (member) the first time.
          </p>
          <label className="key-form__scope">
            <input
              type="checkbox"
              checked={required}
              onChange={(e) => setRequired(e.target.checked)}
            />
            Require single sign-on for sellers (turns off e-mailed sign-in links for them)
          </label>
        </fieldset>
        {!fromEnvironment && (
          <div className="new-key__actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Checking the provider…' : 'Check and save'}
            </button>
            {info.source === 'team page' && (
              <button type="button" className="button button--quiet" onClick={turnOff}>
                Turn off
              </button>
            )}
          </div>
        )}
      </form>
      {message && (
        <p className={message.ok ? 'form-ok' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  )
}
