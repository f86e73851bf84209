import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import { can, isRole, isSellerTeam } from '../../../shared/src/access.ts'
import { access, rooms } from '../../../shared/src/api/index.ts'
import { listStakeholders, listTasks } from '../../../shared/src/room/index.ts'
import { mayEditRoom, mayManagePeople } from '../../../shared/src/room/write-rules.ts'
import { JoinRoom } from '../access/JoinRoom.tsx'
import { ApiError, call, OfflineError, type RoomDetails } from '../api.ts'
import { ActivityView } from '../conversation/ActivityView.tsx'
import { ConversationContext, type ThreadTarget } from '../conversation/model.ts'
import { ThreadPanel } from '../conversation/ThreadPanel.tsx'
import { navigate } from '../router.ts'
import '../conversation/conversation.css'
import { InsightsView } from '../insights/InsightsView.tsx'
import { Overview } from '../overview/Overview.tsx'
import { PlanView } from '../plan/PlanView.tsx'
import { usePublishPresence } from '../presence/usePresence.ts'
import { RoomConnection } from '../room-context/connection.ts'
import {
  RoomContext,
  type RoomContextValue,
  SECTIONS,
  type Section,
  useConnectionState,
  useDocValue,
  useRoom,
} from '../room-context/context.ts'
import { StakeholdersView } from '../stakeholders/StakeholdersView.tsx'
import { Notice } from '../ui/Notice.tsx'
import { colorFor } from '../ui/people.ts'
import { isRoomEnded, RoomEnded } from '../workspace/RoomEnded.tsx'
import { RoomStateBanner } from '../workspace/RoomStateBanner.tsx'
import { useScrollToItem } from './anchor.ts'
import { PreviewBanner, previewDetails, usePreviewRole } from './preview.tsx'
import { RoomWelcome, useRoomBrand } from './RoomWelcome.tsx'
import { TopBar } from './TopBar.tsx'
import '../brand/brand.css'

// The editor is the heaviest part of the app: load it only when the business case is opened.
const loadBusinessCase = () => import('../business-case/BusinessCase.tsx')
const BusinessCase = lazy(loadBusinessCase)
// So is the Documents section (uploads, versions; the viewer is a chunk of its own).
const DocumentsView = lazy(() =>
  import('../documents/DocumentsView.tsx').then((module) => ({ default: module.DocumentsView })),
)

const cacheKey = (roomId: string) => `quorum:room:${roomId}`

function cachedDetails(roomId: string): RoomDetails | null {
  try {
    const raw = localStorage.getItem(cacheKey(roomId))
    return raw ? (JSON.parse(raw) as RoomDetails) : null
  } catch {
    return null
  }
}

function isSection(value: string | null): value is Section {
  return SECTIONS.some((section) => section.id === value)
}

function Rail({ section, roomId }: { section: Section; roomId: string }) {
  const { canSeeInsights } = useRoom()
  const openTasks = useDocValue(
    (doc) => listTasks(doc).filter((task) => task.status !== 'done').length,
  )
  return (
    <nav className="rail" aria-label="Room sections">
      <ul>
        {SECTIONS.filter((item) => !item.sellerOnly || canSeeInsights).map((item) => (
          <li key={item.id}>
            <a
              href={`/r/${roomId}/${item.id}`}
              aria-current={item.id === section ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault()
                navigate(`/r/${roomId}/${item.id}`)
              }}
            >
              {item.label}
              {item.sellerOnly && <span className="rail__private">Seller only</span>}
              {item.id === 'plan' && openTasks > 0 && (
                <span className="rail__count">
                  {openTasks}
                  <span className="visually-hidden"> open tasks</span>
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

function RoomBody({
  section,
  roomId,
  item,
}: {
  section: Section
  roomId: string
  item: string | null
}) {
  const { refused, opened } = useConnectionState()
  usePublishPresence(section)
  useScrollToItem(section, opened ? item : null)
  const open = (next: Section) => navigate(`/r/${roomId}/${next}`)
  if (refused && isRoomEnded(refused)) return <RoomEnded />
  if (refused) {
    return (
      <Notice title="Access revoked" tone="error">
        <p>{refused}</p>
        <p>
          Your access to this room has ended. If you think this is a mistake, ask the person who
          invited you.
        </p>
      </Notice>
    )
  }
  // Only before the room's first arrival: once shown, reconnects are told by the sync badge,
  // never by unmounting a half-typed task or the editor someone is typing in.
  if (!opened) {
    return (
      <div className="loading" role="status">
        Opening the room…
      </div>
    )
  }
  return (
    <>
      {section === 'overview' && <Overview onOpen={open} />}
      {section === 'plan' && <PlanView />}
      {section === 'business-case' && (
        <Suspense
          fallback={
            <div className="loading" role="status">
              Loading the editor…
            </div>
          }
        >
          <BusinessCase />
        </Suspense>
      )}
      {section === 'documents' && (
        <Suspense
          fallback={
            <div className="loading" role="status">
              Loading the documents…
            </div>
          }
        >
          <DocumentsView documentId={item} />
        </Suspense>
      )}
      {section === 'stakeholders' && <StakeholdersView />}
      {section === 'insights' && <InsightsView />}
      {section === 'activity' && <ActivityView />}
    </>
  )
}

/** A deal room: its live document, who is here, and the four sections. */
export function RoomPage({
  roomId,
  section,
  item = null,
}: {
  roomId: string
  section: string | null
  /** What the section shows: a document's id in Documents. */
  item?: string | null
}) {
  const [fetched, setDetails] = useState<RoomDetails | null>(() => cachedDetails(roomId))
  const preview = usePreviewRole()
  // Only the seller team previews; the server refuses anyone else's preview token anyway.
  const previewAs =
    preview && fetched && isRole(fetched.me.role) && isSellerTeam(fetched.me.role) ? preview : null
  const details = useMemo(
    () => (fetched && previewAs ? previewDetails(fetched, previewAs) : fetched),
    [fetched, previewAs],
  )
  const [roomBrand] = useRoomBrand(roomId)
  const [problem, setProblem] = useState<{ title: string; message: string } | null>(null)
  const [connection, setConnection] = useState<RoomConnection | null>(null)
  const [joining, setJoining] = useState(false)
  const sellerOnly = SECTIONS.find((item) => item.id === section)?.sellerOnly === true
  const current: Section =
    isSection(section) &&
    (!sellerOnly ||
      (details && can(isRole(details.me.role) ? details.me.role : 'viewer', 'seeInsights')))
      ? section
      : 'overview'

  // Room details (members, roles) come from the API; fetch again when someone new shows up.
  const [detailsVersion, setDetailsVersion] = useState(0)
  useEffect(() => {
    let cancelled = false
    void detailsVersion
    call(rooms.getRoom, { params: { roomId } }).then(
      (fresh) => {
        if (cancelled) return
        localStorage.setItem(cacheKey(roomId), JSON.stringify(fresh))
        setDetails(fresh)
      },
      async (error: unknown) => {
        if (cancelled) return
        if (error instanceof OfflineError) {
          if (!cachedDetails(roomId)) {
            setProblem({
              title: 'You are offline',
              message:
                'This room has not been opened on this device yet. Connect to the internet and reload.',
            })
          }
          return
        }
        if (error instanceof ApiError) {
          localStorage.removeItem(cacheKey(roomId))
          if (error.status === 410 && isRoomEnded(error.message)) {
            setProblem({ title: 'ended', message: error.message })
            return
          }
          if (error.status === 401) {
            // No session: a room open to verified addresses lets people in by e-mail code.
            const join = await call(access.joinMode, { params: { roomId } }).catch(() => null)
            if (cancelled) return
            if (join?.mode === 'domain') {
              setJoining(true)
              return
            }
          }
          setProblem({
            title:
              error.status === 401
                ? 'Please open your personal link'
                : 'This room is not available',
            message: error.message,
          })
        }
      },
    )
    return () => {
      cancelled = true
    }
  }, [roomId, detailsVersion])

  useEffect(() => {
    if (!connection || !details) return
    const known = new Set(details.members.map((member) => member.personId))
    let last = 0
    const check = () => {
      const unknown = listStakeholders(connection.doc).some(
        (person) => person.memberId !== null && !known.has(person.memberId),
      )
      if (unknown && Date.now() - last > 10_000) {
        last = Date.now()
        setDetailsVersion((version) => version + 1)
      }
    }
    connection.doc.on('update', check)
    return () => connection.doc.off('update', check)
  }, [connection, details])

  const personId = details?.me.personId
  const sellerTeam = details ? isRole(details.me.role) && isSellerTeam(details.me.role) : false
  const realSellerTeam =
    fetched !== null && isRole(fetched.me.role) && isSellerTeam(fetched.me.role)
  // A refused change: the room opens again from the server's copy (a new generation).
  const [generation, setGeneration] = useState(0)
  const [lostChange, setLostChange] = useState<string | null>(null)
  useEffect(() => {
    if (!personId) return
    void generation
    const next = new RoomConnection(
      roomId,
      personId,
      sellerTeam,
      {
        writeRefused: (message) => {
          setLostChange(message)
          setGeneration((value) => value + 1)
          // The refusal may come from a role changed meanwhile: read the rights again.
          setDetailsVersion((version) => version + 1)
        },
        roleChanged: () => setDetailsVersion((version) => version + 1),
      },
      previewAs,
    )
    setConnection(next)
    next.start().catch((error: unknown) => console.error('room connection failed', error))
    // Prefetch the editor while the browser is idle, so the business case opens fast (and offline).
    const idle = window.setTimeout(() => void loadBusinessCase(), 1500)
    return () => {
      window.clearTimeout(idle)
      next.destroy()
    }
  }, [roomId, personId, sellerTeam, generation, previewAs])

  const context = useMemo<RoomContextValue | null>(() => {
    if (!details || !connection || connection.roomId !== roomId) return null
    if (connection.previewAs !== previewAs) return null
    const role = isRole(details.me.role) ? details.me.role : 'viewer'
    return {
      connection,
      details,
      // A preview shows the room as the role sees it, and saves nothing.
      // A preview shows the room as the role sees it, and saves nothing; an archived room is
      // read-only for everyone (reopen it to change it).
      canEdit: previewAs === null && mayEditRoom(role) && details.room.stage !== 'archived',
      canManagePeople: previewAs === null && mayManagePeople(role),
      canSeeInsights: can(role, 'seeInsights'),
      color: colorFor(details.me.personId),
      memberById: new Map(details.members.map((member) => [member.personId, member])),
      refreshDetails: () => setDetailsVersion((version) => version + 1),
    }
  }, [details, connection, roomId, previewAs])

  const [threadTarget, setThreadTarget] = useState<ThreadTarget | null>(null)
  const closeThreads = useCallback(() => setThreadTarget(null), [])
  const conversation = useMemo(() => ({ open: setThreadTarget }), [])

  useEffect(() => {
    const label = SECTIONS.find((item) => item.id === current)?.label
    document.title = details ? `${label} · ${details.room.title} · Quorum` : 'Quorum'
  }, [details, current])

  if (joining) {
    return (
      <JoinRoom
        roomId={roomId}
        onJoined={() => {
          setJoining(false)
          setDetailsVersion((version) => version + 1)
        }}
      />
    )
  }
  if (problem && isRoomEnded(problem.message)) return <RoomEnded />
  if (problem) {
    return (
      <Notice title={problem.title} tone="error">
        <p>{problem.message}</p>
      </Notice>
    )
  }
  if (!context) {
    return (
      <div className="loading" role="status">
        Opening the room…
      </div>
    )
  }
  return (
    <RoomContext.Provider value={context}>
      <ConversationContext.Provider value={conversation}>
        {previewAs && <PreviewBanner role={previewAs} />}
        <div className={`room${threadTarget ? ' room--with-panel' : ''}`}>
          <TopBar
            switcher={realSellerTeam && !previewAs}
            buyerLogoUrl={roomBrand?.buyerLogoUrl ?? null}
          />
          <Rail section={current} roomId={roomId} />
          <main className="room__main" id="main">
            {roomBrand && (!sellerTeam || previewAs) && (
              <RoomWelcome roomId={roomId} brand={roomBrand} preview={previewAs !== null} />
            )}
            <RoomStateBanner />
            {lostChange && (
              <div className="room-alert" role="alert">
                <p>
                  <strong>Your last change was not saved.</strong> {lostChange} The room has been
                  reloaded, so you see what everyone else sees.
                </p>
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => setLostChange(null)}
                >
                  Dismiss
                </button>
              </div>
            )}
            {!context.canEdit && !previewAs && details?.room.stage !== 'archived' && (
              <p className="role-note" role="note">
                You are viewing this room. You can read everything; your role cannot make changes.
              </p>
            )}
            <RoomBody section={current} roomId={roomId} item={current === section ? item : null} />
          </main>
          {threadTarget && (
            <ThreadPanel target={threadTarget} onTarget={setThreadTarget} onClose={closeThreads} />
          )}
        </div>
      </ConversationContext.Provider>
    </RoomContext.Provider>
  )
}
