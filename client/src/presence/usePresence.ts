import { useEffect, useState } from 'react'
import { SECTIONS, type Section, useRoom } from '../room-context/context.ts'

export interface PresenceUser {
  id: string
  name: string
  color: string
  role: string
}

export interface Peer {
  clientId: number
  user: PresenceUser
  section: Section | null
}

function readPeers(
  states: Map<number, Record<string, unknown>>,
  ownClientId: number,
  ownPersonId: string,
): Peer[] {
  const byPerson = new Map<string, Peer>()
  for (const [clientId, state] of states) {
    if (clientId === ownClientId) continue
    const user = state.user as Partial<PresenceUser> | undefined
    if (
      !user ||
      typeof user.id !== 'string' ||
      typeof user.name !== 'string' ||
      user.id === ownPersonId
    )
      continue
    const section = typeof state.section === 'string' ? (state.section as Section) : null
    // One person in two tabs is one avatar.
    byPerson.set(user.id, {
      clientId,
      user: { id: user.id, name: user.name, color: user.color ?? '#555', role: user.role ?? '' },
      section,
    })
  }
  return [...byPerson.values()].sort((a, b) => a.user.name.localeCompare(b.user.name))
}

/** Who else is in the room right now, and on which section. */
export function usePeers(): Peer[] {
  const { connection, details } = useRoom()
  const awareness = connection.awareness
  const [peers, setPeers] = useState<Peer[]>(() =>
    readPeers(awareness.getStates(), awareness.clientID, details.me.personId),
  )
  useEffect(() => {
    const onChange = () =>
      setPeers(readPeers(awareness.getStates(), awareness.clientID, details.me.personId))
    awareness.on('change', onChange)
    onChange()
    return () => awareness.off('change', onChange)
  }, [awareness, details.me.personId])
  return peers
}

/** Publishes who I am and where I am (the section), throttled by the awareness itself. */
export function usePublishPresence(section: Section): void {
  const { connection, details, color } = useRoom()
  useEffect(() => {
    connection.awareness.setLocalStateField('user', {
      id: details.me.personId,
      name: details.me.name,
      color,
      role: details.me.role,
    } satisfies PresenceUser)
  }, [connection, details.me, color])
  useEffect(() => {
    // Seller-only sections are not announced to the room: buyers see the seller on the overview.
    const shown = SECTIONS.find((item) => item.id === section)?.sellerOnly ? null : section
    connection.awareness.setLocalStateField('section', shown)
  }, [connection, section])
  // Active: the tab is visible and someone touched it in the last minute. The server stops the
  // dwell clock while it is not.
  useEffect(() => {
    let lastInput = Date.now()
    let active = true
    const publish = () => {
      const next = document.visibilityState === 'visible' && Date.now() - lastInput < IDLE_AFTER_MS
      if (next === active) return
      active = next
      connection.awareness.setLocalStateField('active', next)
    }
    const touched = () => {
      lastInput = Date.now()
      publish()
    }
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const
    for (const name of events) window.addEventListener(name, touched, { passive: true })
    document.addEventListener('visibilitychange', publish)
    const timer = window.setInterval(publish, 15_000)
    return () => {
      for (const name of events) window.removeEventListener(name, touched)
      document.removeEventListener('visibilitychange', publish)
      window.clearInterval(timer)
    }
  }, [connection])
}

/** No input for this long counts as idle. */
const IDLE_AFTER_MS = 60_000
