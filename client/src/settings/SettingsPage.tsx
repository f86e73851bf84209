import type { ReactNode } from 'react'
import { navigate } from '../router.ts'
import { Notice } from '../ui/Notice.tsx'

/**
 * A seller's settings page (Team, Integrations, Branding) while it loads, when it is refused
 * (the message says why), and once it may be shown: a way back to the rooms, the title, the page.
 */
export function SettingsPage({
  title,
  state,
  intro,
  children,
}: {
  title: string
  /** 'loading', 'ready', or why the page is refused. */
  state: 'loading' | 'ready' | { refused: string }
  intro?: ReactNode
  children?: ReactNode
}) {
  if (state === 'loading')
    return (
      <div className="loading" role="status">
        Loading…
      </div>
    )
  if (state !== 'ready')
    return (
      <Notice title={title} tone="error">
        <p>{state.refused}</p>
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
        <h1>{title}</h1>
        {intro}
      </header>
      {children}
    </main>
  )
}
