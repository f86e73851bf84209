import type { ReactNode } from 'react'

/** A full-page message: errors people can act on, never a stack trace. */
export function Notice({
  title,
  tone = 'info',
  children,
}: {
  title: string
  tone?: 'info' | 'error'
  children: ReactNode
}) {
  return (
    <main className={`notice notice--${tone}`}>
      <div className="notice__card" role={tone === 'error' ? 'alert' : undefined}>
        <p className="notice__brand">Quorum</p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  )
}
