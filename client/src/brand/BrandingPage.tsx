import { type FormEvent, useEffect, useId, useState } from 'react'
import type { WorkspaceBrandInfo } from '../../../shared/src/api/brand.ts'
import { brand as brandApi, sessions } from '../../../shared/src/api/index.ts'
import {
  accentChecks,
  checkAccent,
  formatRatio,
  normalizeHex,
} from '../../../shared/src/brand/contrast.ts'
import { ApiError, call } from '../api.ts'
import { SettingsPage } from '../settings/SettingsPage.tsx'
import { setBrand, uploadLogo, useBrand } from './brand-store.ts'
import '../settings/settings.css'
import './brand.css'

const DEFAULT_ACCENT = '#3358d4'

/** The contrast of the accent wherever it is used, checked as it is typed (the server checks too). */
function ContrastTable({ accent }: { accent: string }) {
  const hex = normalizeHex(accent)
  if (!hex) return <p className="form-error">Write the colour as #rrggbb, e.g. #3358d4.</p>
  return (
    <table className="contrast-table">
      <caption className="visually-hidden">Contrast of the accent (WCAG AA needs 4.5:1)</caption>
      <thead>
        <tr>
          <th scope="col">Where</th>
          <th scope="col">Contrast</th>
          <th scope="col">WCAG AA</th>
        </tr>
      </thead>
      <tbody>
        {accentChecks(hex).map((check) => (
          <tr key={check.pair}>
            <td>{check.pair}</td>
            <td>{formatRatio(check.ratio)}</td>
            <td className={check.ok ? 'contrast-ok' : 'contrast-fail'}>
              {check.ok ? 'Passes' : 'Too low'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function BrandForm({ initial, saved }: { initial: WorkspaceBrandInfo; saved: WorkspaceBrandInfo }) {
  const id = useId()
  const [accent, setAccent] = useState(initial.accent ?? DEFAULT_ACCENT)
  const [mailName, setMailName] = useState(initial.mailName ?? '')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const verdict = checkAccent(accent)

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setMessage(null)
    try {
      const next = await call(brandApi.updateBrand, {
        body: { accent: accent === DEFAULT_ACCENT ? null : accent, mailName: mailName || null },
      })
      setBrand(next)
      setMessage({ ok: true, text: 'Saved. Buyers see the new brand the next time a page opens.' })
    } catch (error) {
      setMessage({ ok: false, text: error instanceof Error ? error.message : 'Not saved.' })
    }
  }

  const upload = async (file: File | undefined) => {
    if (!file) return
    setMessage(null)
    try {
      setBrand(await uploadLogo<WorkspaceBrandInfo>('/api/brand/logo', file))
      setMessage({ ok: true, text: 'Logo uploaded.' })
    } catch (error) {
      setMessage({ ok: false, text: error instanceof Error ? error.message : 'Not uploaded.' })
    }
  }

  return (
    <>
      <section className="settings-section" aria-labelledby={`${id}-logo`}>
        <h2 id={`${id}-logo`}>Logo</h2>
        <p className="muted small">
          PNG, JPEG or WebP, at most 1 MB; shown in every room's header (buyers see it) and on the
          rooms page.
        </p>
        <div className="brand-logo-row">
          {saved.logoUrl ? (
            <img className="brand-logo-preview" src={saved.logoUrl} alt="Current logo" />
          ) : (
            <span className="brand-logo-preview brand-logo-preview--none">No logo yet</span>
          )}
          <label className="button button--quiet">
            {saved.logoUrl ? 'Replace logo…' : 'Upload logo…'}
            <input
              type="file"
              className="visually-hidden"
              accept="image/png,image/jpeg,image/webp"
              onChange={(event) => void upload(event.target.files?.[0])}
            />
          </label>
          {saved.logoUrl && (
            <button
              type="button"
              className="button button--quiet"
              onClick={async () =>
                setBrand(await call(brandApi.updateBrand, { body: { removeLogo: true } }))
              }
            >
              Remove logo
            </button>
          )}
        </div>
      </section>
      <form className="settings-section key-form" onSubmit={save} aria-labelledby={`${id}-look`}>
        <h2 id={`${id}-look`}>Accent colour and mail name</h2>
        <div className="brand-accent-row">
          <label>
            Accent colour
            <input
              type="text"
              value={accent}
              onChange={(event) => setAccent(event.target.value)}
              aria-describedby={`${id}-contrast`}
              spellCheck={false}
            />
          </label>
          <label>
            <span className="visually-hidden">Pick the accent colour</span>
            <input
              type="color"
              value={normalizeHex(accent) ?? DEFAULT_ACCENT}
              onChange={(event) => setAccent(event.target.value)}
            />
          </label>
          <span
            className="brand-swatch"
            style={{ background: normalizeHex(accent) ?? 'transparent' }}
            aria-hidden="true"
          >
            Button
          </span>
        </div>
        <div id={`${id}-contrast`}>
          <ContrastTable accent={accent} />
          {!verdict.ok && verdict.suggestion && (
            <p className="form-error" role="status">
              {verdict.message}{' '}
              <button
                type="button"
                className="button button--quiet"
                onClick={() => setAccent(verdict.suggestion ?? DEFAULT_ACCENT)}
              >
                Use {verdict.suggestion}
              </button>
            </p>
          )}
        </div>
        <label>
          Name in e-mails
          <input
            type="text"
            value={mailName}
            maxLength={80}
            placeholder="e.g. Vendor Sales"
            onChange={(event) => setMailName(event.target.value)}
          />
          <span className="muted small">
            Mail to buyers comes from this name and is signed with it. Empty: Quorum.
          </span>
        </label>
        {message && (
          <p
            className={message.ok ? 'form-ok' : 'form-error'}
            role={message.ok ? 'status' : 'alert'}
          >
            {message.text}
          </p>
        )}
        <div>
          <button type="submit" className="button" disabled={!verdict.ok}>
            Save brand
          </button>
        </div>
      </form>
    </>
  )
}

/**
 * The workspace's brand, for the seller team. Until workspaces have roles (admin / member), every
 * seller of the instance may change it; then it is the admin's.
 */
export function BrandingPage() {
  const brand = useBrand()
  const [state, setState] = useState<'loading' | 'seller' | string>('loading')
  // The form starts from the brand as stored, read once (later saves update the shared store).
  const [initial, setInitial] = useState<WorkspaceBrandInfo | null>(null)
  useEffect(() => {
    call(sessions.getSession).then(
      async (session) => {
        if (session.person.kind !== 'seller' || session.roomId !== null)
          return setState('Branding is for the seller team.')
        const stored = await call(brandApi.getBrand)
        setBrand(stored)
        setInitial(stored)
        setState('seller')
      },
      (error: unknown) =>
        setState(
          error instanceof ApiError && error.status === 401
            ? 'Sign in as a seller to change the brand.'
            : 'Could not reach the server.',
        ),
    )
  }, [])
  return (
    <SettingsPage
      title="Branding"
      state={
        state === 'loading' || (state === 'seller' && !initial)
          ? 'loading'
          : state === 'seller'
            ? 'ready'
            : { refused: state }
      }
      intro={
        <p className="muted">
          What buyers see of your company in every room and in the mail they get. Any seller can
          change it for now; once the workspace has roles, only its admins can.
        </p>
      }
    >
      <BrandForm initial={initial ?? brand} saved={brand} />
    </SettingsPage>
  )
}
