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

export function navigate(path: string, options: { replace?: boolean } = {}): void {
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
  | { page: 'team' }
  | { page: 'not-found' }

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' }
  if (/^\/settings\/integrations\/?$/.test(pathname)) return { page: 'integrations' }
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
