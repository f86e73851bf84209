import { type FormEvent, useEffect, useState } from 'react'
import type { AnswerOf } from '../../../shared/src/api/endpoint.ts'
import { rooms as roomsApi, sessions, signals } from '../../../shared/src/api/index.ts'
import type { Notification } from '../../../shared/src/api/signals.ts'
import { ApiError, call, OfflineError } from '../api.ts'
import { WorkspaceMark } from '../brand/WorkspaceMark.tsx'
import { MyNextActions } from '../insights/NextActions.tsx'
import { SsoSignIn } from '../settings/SsoSignIn.tsx'
import { Notice } from '../ui/Notice.tsx'
import {
  TeamTemplates,
  type TemplateListing,
  TemplateSelect,
  useTemplates,
} from '../workspace/TeamTemplates.tsx'
import { RoomList } from './RoomList.tsx'

type SessionInfo = AnswerOf<typeof sessions.getSession>

import { navigate } from '../router.ts'

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out' }
  | { kind: 'offline' }
  | { kind: 'seller'; session: SessionInfo }

function NewRoomForm({
  onCreated,
  templates,
}: {
  onCreated: (id: string) => void
  templates: TemplateListing | null
}) {
  const [title, setTitle] = useState('')
  const [buyerOrg, setBuyerOrg] = useState('')
  const [picked, setTemplate] = useState<string | null>(null)
  const template = picked ?? templates?.default ?? 'standard'
  const [problem, setProblem] = useState<string | null>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setProblem(null)
    try {
      const room = await call(roomsApi.createRoom, { body: { title, buyerOrg, template } })
      onCreated(room.id)
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not create the room.')
    }
  }
  return (
    <form className="new-room" onSubmit={submit} aria-label="New room">
      <input
        aria-label="Room title"
        placeholder="Deal name, e.g. Acme — rollout 2027"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        required
      />
      <input
        aria-label="Buyer organisation"
        placeholder="Buyer organisation"
        value={buyerOrg}
        onChange={(e) => setBuyerOrg(e.target.value)}
      />
      <TemplateSelect listing={templates} value={picked} onChange={setTemplate} />
      <button type="submit" className="button" disabled={!title.trim()}>
        Create room
      </button>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}

/** Alerts across the seller's rooms, newest first. */
function Notifications() {
  const [items, setItems] = useState<Notification[]>([])
  useEffect(() => {
    call(signals.listNotifications).then(
      (result) => setItems(result.notifications.slice(0, 8)),
      () => setItems([]),
    )
  }, [])
  if (items.length === 0) return null
  return (
    <section className="notifications" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">Alerts</h2>
      <ul className="plain-list">
        {items.map((item) => (
          <li key={`${item.roomId}-${item.kind}-${item.at}-${item.message}`}>
            <a
              href={`/r/${item.roomId}/insights`}
              onClick={(event) => {
                event.preventDefault()
                navigate(`/r/${item.roomId}/insights`)
              }}
            >
              {item.roomTitle}
            </a>
            : {item.message}
          </li>
        ))}
      </ul>
    </section>
  )
}

/** Sellers sign in with a link sent by e-mail; the answer never says whether an account exists. */
function SellerSignIn() {
  const [email, setEmail] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    try {
      const result = await call(sessions.signIn, { body: { email } })
      setMessage({ ok: true, text: result.message })
    } catch (error) {
      setMessage({
        ok: false,
        text: error instanceof Error ? error.message : 'Could not send the link.',
      })
    }
  }
  return (
    <form className="stack" onSubmit={submit} aria-label="Seller sign-in">
      <label>
        Sellers: your work e-mail
        <input
          type="email"
          required
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      {message && (
        <p className={message.ok ? 'form-ok' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <button type="submit" className="button">
        Send me a sign-in link
      </button>
    </form>
  )
}

/**
 * The creation form with the team's templates, next best actions, alerts, the rooms, the saved
 * templates.
 */
function SellerRooms({ myId }: { myId: string }) {
  const { listing, reload } = useTemplates()
  return (
    <>
      <NewRoomForm onCreated={(id) => navigate(`/r/${id}`)} templates={listing} />
      <MyNextActions />
      <Notifications />
      <RoomList myId={myId} />
      <TeamTemplates listing={listing} reload={reload} />
    </>
  )
}

/** Sellers land on their rooms; a buyer goes straight to the room their link opened. */
export function HomePage() {
  const [state, setState] = useState<State>({ kind: 'loading' })
  useEffect(() => {
    let cancelled = false
    ;(async () => {
      try {
        const session = await call(sessions.getSession)
        if (session.roomId) {
          navigate(`/r/${session.roomId}`, { replace: true })
          return
        }
        if (!cancelled) setState({ kind: 'seller', session })
      } catch (error) {
        if (cancelled) return
        if (error instanceof OfflineError) setState({ kind: 'offline' })
        else if (error instanceof ApiError && error.status === 401) setState({ kind: 'signed-out' })
        else setState({ kind: 'signed-out' })
      }
    })()
    return () => {
      cancelled = true
    }
  }, [])

  if (state.kind === 'loading') {
    return (
      <div className="loading" role="status">
        Loading…
      </div>
    )
  }
  if (state.kind === 'offline') {
    return (
      <Notice title="You are offline">
        <p>Rooms you have opened on this device still open from their links while offline.</p>
      </Notice>
    )
  }
  if (state.kind === 'signed-out') {
    return (
      <Notice title="Quorum">
        <p>One live workspace per deal, shared by the seller team and the buying group.</p>
        <p className="muted">Buyers: open the personal link you were sent to enter your room.</p>
        <SsoSignIn emailForm={<SellerSignIn />} />
      </Notice>
    )
  }
  const signOut = async (everywhere: boolean) => {
    await call(everywhere ? sessions.signOutEverywhere : sessions.signOut).catch(() => {})
    setState({ kind: 'signed-out' })
  }
  return (
    <main className="rooms-page">
      <header className="rooms-page__head">
        <div>
          <WorkspaceMark />
          <h1>Your rooms</h1>
        </div>
        <div className="rooms-page__me">
          <span className="muted">{state.session.person.name}</span>
          <a
            href="/settings/team"
            className="button button--quiet"
            onClick={(event) => {
              event.preventDefault()
              navigate('/settings/team')
            }}
          >
            Team
          </a>
          <a
            href="/settings/integrations"
            className="button button--quiet"
            onClick={(event) => {
              event.preventDefault()
              navigate('/settings/integrations')
            }}
          >
            Integrations
          </a>
          <a
            href="/settings/brand"
            className="button button--quiet"
            onClick={(event) => {
              event.preventDefault()
              navigate('/settings/brand')
            }}
          >
            Branding
          </a>
          <button type="button" className="button button--quiet" onClick={() => signOut(false)}>
            Sign out
          </button>
          <button type="button" className="button button--quiet" onClick={() => signOut(true)}>
            Sign out everywhere
          </button>
        </div>
      </header>
      <SellerRooms myId={state.session.person.id} />
    </main>
  )
}
