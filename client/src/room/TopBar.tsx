import { useLayoutEffect, useRef } from 'react'
import { can } from '../../../shared/src/access.ts'
import { readMeta } from '../../../shared/src/room/index.ts'
import { useBrand } from '../brand/brand-store.ts'
import { Notifications } from '../conversation/Notifications.tsx'
import { usePeers } from '../presence/usePresence.ts'
import { SECTIONS, useConnectionState, useDocValue, useRoom } from '../room-context/context.ts'
import { Avatar } from '../ui/Avatar.tsx'
import { formatDay, relativeDay } from '../ui/dates.ts'
import { firstName, initials } from '../ui/people.ts'
import { DealMenu } from '../workspace/DealMenu.tsx'
import { ViewAsBuyer } from './preview.tsx'
import { RoomSwitcher } from './RoomSwitcher.tsx'

const SYNC_LABELS = {
  loading: 'Opening…',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  synced: 'Synced',
  saving: 'Saving…',
  offline: 'Offline — changes saved on this device',
} as const

export function SyncBadge() {
  const { sync } = useConnectionState()
  return (
    <output className={`sync sync--${sync}`} aria-live="polite" data-sync={sync}>
      <span className="sync__dot" aria-hidden="true" />
      {SYNC_LABELS[sync]}
    </output>
  )
}

function Org({ name, side, logoUrl }: { name: string; side: string; logoUrl?: string | null }) {
  if (!name) return null
  return (
    <span className="org" title={`${side}: ${name}`}>
      {logoUrl ? (
        <img className="buyer-logo" src={logoUrl} alt="" />
      ) : (
        <span className="org__mark" aria-hidden="true">
          {initials(name)}
        </span>
      )}
      {name}
    </span>
  )
}

/** Publishes the top bar's height (`--topbar-h`) so panels can sit just below it. */
function useTopbarHeight() {
  const bar = useRef<HTMLElement>(null)
  useLayoutEffect(() => {
    const element = bar.current
    if (!element) return
    const observer = new ResizeObserver(() =>
      document.documentElement.style.setProperty('--topbar-h', `${element.offsetHeight}px`),
    )
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return bar
}

/** The printable room, for whoever may export it (the champion takes it to the approvers). */
function PrintLink() {
  const { details } = useRoom()
  if (!can(details.me.role, 'export')) return null
  const base = `/api/rooms/${encodeURIComponent(details.room.id)}`
  return (
    <span className="print-links">
      <a
        href={`${base}/print`}
        target="_blank"
        rel="noopener"
        title="A page laid out for A4 or Letter"
      >
        Print
      </a>
      <a href={`${base}/print.pdf`} title="The printable room as a PDF">
        PDF
      </a>
    </span>
  )
}

export function TopBar({
  switcher = false,
  buyerLogoUrl = null,
}: {
  /** The seller team's way back to the list and to their other rooms, and "view as buyer". */
  switcher?: boolean
  buyerLogoUrl?: string | null
}) {
  const meta = useDocValue(readMeta)
  const peers = usePeers()
  const bar = useTopbarHeight()
  const { details } = useRoom()
  const brand = useBrand()
  return (
    <header className="topbar" ref={bar}>
      <div className="topbar__deal">
        {switcher && <RoomSwitcher roomId={details.room.id} />}
        <div className="topbar__heading">
          {brand.logoUrl && (
            <img
              className="workspace-mark workspace-mark--room"
              src={brand.logoUrl}
              alt={brand.mailName ? `${brand.mailName} logo` : 'Seller logo'}
            />
          )}
          <h1 className="topbar__title">{meta.title}</h1>
        </div>
        <div className="topbar__meta">
          {(meta.buyerOrg || meta.sellerOrg) && (
            <span className="orgs">
              <Org name={meta.buyerOrg} side="Buyer" logoUrl={buyerLogoUrl} />
              {meta.buyerOrg && meta.sellerOrg && <span aria-hidden="true">↔</span>}
              <Org name={meta.sellerOrg} side="Seller" />
            </span>
          )}
          {meta.targetCloseDate && (
            <span>
              Target close {formatDay(meta.targetCloseDate)}{' '}
              <span className="muted">({relativeDay(meta.targetCloseDate)})</span>
            </span>
          )}
        </div>
      </div>
      <div className="topbar__side">
        <ul className="presence" aria-label="Here now">
          {peers.map((peer) => {
            const where = SECTIONS.find((section) => section.id === peer.section)?.label
            const label = `${peer.user.name}${where ? `, on ${where}` : ''}`
            return (
              <li key={peer.user.id} className="presence__person" title={label}>
                <Avatar id={peer.user.id} name={peer.user.name} label={label} />
                <span className="presence__where" aria-hidden="true">
                  {firstName(peer.user.name)}
                  {where ? ` · ${where}` : ''}
                </span>
              </li>
            )
          })}
        </ul>
        {switcher && <ViewAsBuyer />}
        <DealMenu />
        <PrintLink />
        <Notifications />
        <SyncBadge />
      </div>
    </header>
  )
}
