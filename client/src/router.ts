import { useSyncExternalStore } from 'react'

/** A tiny history router: the app has a handful of routes and needs no library for them. */
const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('popstate', listener)
  }
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname)
}

/** The query string, re-read on every navigation. */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search)
}

const roomOf = (path: string) => /^\/r\/([A-Za-z0-9_-]+)/.exec(path)?.[1] ?? null

/**
 * Goes to `path`. A "view as buyer" preview (`?preview=<role>`) follows moves within its room
 * (sections, documents), so that no link inside the room quietly ends it; `endPreview` ends it.
 */
export function navigate(
  path: string,
  options: { replace?: boolean; endPreview?: boolean } = {},
): void {
  const preview = new URLSearchParams(window.location.search).get('preview')
  if (
    preview &&
    !options.endPreview &&
    !path.includes('?') &&
    roomOf(path) !== null &&
    roomOf(path) === roomOf(window.location.pathname)
  )
    path = `${path}?preview=${encodeURIComponent(preview)}`
  if (options.replace) window.history.replaceState(null, '', path)
  else window.history.pushState(null, '', path)
  for (const listener of listeners) listener()
}

export type Route =
  | { page: 'home' }
  /** `item`: what the section shows (a document in Documents: `/r/<room>/documents/<id>`). */
  | { page: 'room'; roomId: string; section: string | null; item: string | null }
  | { page: 'invite' | 'signin' | 'setup'; secret: string }
  | { page: 'integrations' }
  | { page: 'brand' }
  | { page: 'team' }
  | { page: 'not-found' }

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' }
  if (/^\/settings\/integrations\/?$/.test(pathname)) return { page: 'integrations' }
  if (/^\/settings\/brand\/?$/.test(pathname)) return { page: 'brand' }
  if (/^\/settings\/team\/?$/.test(pathname)) return { page: 'team' }
  const room = /^\/r\/([A-Za-z0-9_-]+)(?:\/([a-z-]+)(?:\/([A-Za-z0-9_-]+))?)?\/?$/.exec(pathname)
  if (room?.[1])
    return { page: 'room', roomId: room[1], section: room[2] ?? null, item: room[3] ?? null }
  const link = /^\/(i|signin|setup)\/([A-Za-z0-9_-]+)\/?$/.exec(pathname)
  if (link?.[1] && link[2]) {
    const page = link[1] === 'i' ? 'invite' : link[1] === 'signin' ? 'signin' : 'setup'
    return { page, secret: link[2] }
  }
  return { page: 'not-found' }
}
