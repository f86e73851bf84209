import { type FormEvent, useEffect, useState } from 'react'
import { can, invitableRoles, isRole, type Role } from '../../../shared/src/access.ts'
import type { AuditRow, InviteRole, PendingLink } from '../../../shared/src/api/access.ts'
import { access } from '../../../shared/src/api/index.ts'
import { call } from '../api.ts'
import { useRoom } from '../room-context/context.ts'
import { SellerTeamControls } from './SellerTeamControls.tsx'

const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  'co-owner': 'Co-owner',
  seller: 'Seller',
  champion: 'Champion',
  stakeholder: 'Stakeholder',
  viewer: 'Viewer',
}

/**
 * What an invitation did, in a sentence. The seller team is told the outcome; a buyer inviting
 * learns only that the invitation went out (the server says nothing about who has an account).
 */
function inviteSentence(outcome: string | undefined, name: string, email: string, role: Role) {
  const mailed = `their personal link was e-mailed to ${email}`
  if (role === 'seller') return `${name} is on the seller team of this room.`
  if (outcome === 'resent')
    return `${name} is already in the room: a new personal link went to ${email}.`
  if (outcome === 'role-changed')
    return `${name} now has the ${ROLE_LABELS[role].toLowerCase()} role; ${mailed}.`
  if (outcome === 'restored') return `${name} can come back into the room; ${mailed}.`
  return `${name} is invited; ${mailed}.`
}

function InviteForm() {
  const { details, refreshDetails } = useRoom()
  const role = isRole(details.me.role) ? details.me.role : 'viewer'
  // The seller team also adds teammates (existing seller accounts) to the room.
  const roles: InviteRole[] = [
    ...invitableRoles(role),
    ...(can(role, 'readInternal') ? (['seller'] as const) : []),
  ]
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [inviteRole, setInviteRole] = useState<InviteRole>(
    roles.includes('stakeholder') ? 'stakeholder' : (roles[0] ?? 'viewer'),
  )
  const [result, setResult] = useState<{ ok: boolean; text: string; url?: string } | null>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    try {
      const invite = await call(access.invite, {
        params: { roomId: details.room.id },
        body: { email, name, role: inviteRole },
      })
      setResult({
        ok: true,
        text: inviteSentence(invite.outcome, name, email, inviteRole),
        url: invite.url ?? undefined,
      })
      setEmail('')
      setName('')
      refreshDetails()
    } catch (error) {
      setResult({
        ok: false,
        text: error instanceof Error ? error.message : 'The invitation failed.',
      })
    }
  }
  return (
    <form className="access-form" onSubmit={submit} aria-label="Invite someone">
      <h3>Invite someone</h3>
      <div className="access-form__row">
        <input
          aria-label="Invitee name"
          placeholder="Name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <input
          aria-label="Invitee e-mail"
          placeholder="name@buyer.com"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <select
          aria-label="Invitee role"
          value={inviteRole}
          onChange={(e) => setInviteRole(e.target.value as InviteRole)}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {r === 'seller' ? 'Seller teammate' : ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        <button type="submit" className="button">
          Send invitation
        </button>
      </div>
      {result && (
        <p className={result.ok ? 'form-ok' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
          {result.url && (
            <>
              {' '}
              <input
                className="link-copy"
                aria-label="Personal link"
                readOnly
                value={result.url}
                onFocus={(e) => e.target.select()}
              />
            </>
          )}
        </p>
      )}
    </form>
  )
}

/** Personal links sent but not opened yet; each can be withdrawn. */
function PendingLinks() {
  const { details } = useRoom()
  const [links, setLinks] = useState<PendingLink[]>([])
  const [version, setVersion] = useState(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: fetch again when a link was withdrawn (version) or the members changed (a link was opened)
  useEffect(() => {
    void version
    call(access.listLinks, { params: { roomId: details.room.id } }).then(
      (result) => setLinks(result.links),
      () => setLinks([]),
    )
  }, [details.room.id, version, details.members])
  if (links.length === 0) return null
  const withdraw = async (link: PendingLink) => {
    await call(access.revokeLink, { params: { roomId: details.room.id, linkId: link.id } }).catch(
      () => {},
    )
    setVersion((v) => v + 1)
  }
  return (
    <div className="access-form">
      <h3>Links not opened yet</h3>
      <ul className="plain-list">
        {links.map((link) => (
          <li key={link.id} className="pending-link">
            <span>
              {link.name} <span className="muted small">{link.email}</span>
              {link.expiresAt && (
                <span className="muted small">
                  {' '}
                  · expires {new Date(link.expiresAt).toLocaleDateString()}
                </span>
              )}
            </span>
            <button type="button" className="button button--quiet" onClick={() => withdraw(link)}>
              Withdraw link for {link.name}
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}

function AccessMode() {
  const { details } = useRoom()
  const [mode, setMode] = useState<'invited' | 'domain'>('invited')
  const [domains, setDomains] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const save = async (event: FormEvent) => {
    event.preventDefault()
    try {
      const list = domains.split(/[\s,]+/).filter(Boolean)
      await call(access.setAccessMode, {
        params: { roomId: details.room.id },
        body: { mode, domains: list },
      })
      setMessage({
        ok: true,
        text:
          mode === 'domain'
            ? `Anyone with a verified address at ${list.join(', ')} can join with the room link.`
            : 'Only people with a personal link can enter.',
      })
    } catch (error) {
      setMessage({ ok: false, text: error instanceof Error ? error.message : 'Could not save.' })
    }
  }
  return (
    <form className="access-form" onSubmit={save} aria-label="Who can enter">
      <h3>Who can enter</h3>
      <label className="radio">
        <input
          type="radio"
          name="mode"
          checked={mode === 'invited'}
          onChange={() => setMode('invited')}
        />{' '}
        Invited people only (personal links)
      </label>
      <label className="radio">
        <input
          type="radio"
          name="mode"
          checked={mode === 'domain'}
          onChange={() => setMode('domain')}
        />{' '}
        Anyone with a verified e-mail at these domains
      </label>
      {mode === 'domain' && (
        <input
          aria-label="Allowed domains"
          placeholder="buyer.com, buyer.co.uk"
          value={domains}
          onChange={(e) => setDomains(e.target.value)}
        />
      )}
      <div>
        <button type="submit" className="button button--quiet">
          Save access
        </button>
      </div>
      {message && (
        <p className={message.ok ? 'form-ok' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  )
}

function AuditLog() {
  const { details } = useRoom()
  const [rows, setRows] = useState<AuditRow[] | null>(null)
  useEffect(() => {
    call(access.listAudit, { params: { roomId: details.room.id } }).then(
      (result) => setRows(result.entries.slice(0, 50)),
      () => setRows([]),
    )
  }, [details.room.id])
  const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <details className="access-form">
      <summary>Access log</summary>
      {rows === null ? (
        <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Who or what</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.seq}>
                <td>{when.format(row.at)}</td>
                <td>{row.action}</td>
                <td>{row.subject ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  )
}

/** Who is in the room and how they got in: invitations, removal, access mode, closing, the log. */
export function AccessPanel() {
  const { details, refreshDetails } = useRoom()
  const role = isRole(details.me.role) ? details.me.role : 'viewer'
  const [problem, setProblem] = useState<string | null>(null)
  if (!can(role, 'invite') && !can(role, 'revokeAccess')) return null

  const revoke = async (personId: string, name: string) => {
    if (!window.confirm(`Remove ${name}'s access to this room? Their open pages close at once.`))
      return
    try {
      await call(access.revokeMember, { params: { roomId: details.room.id, personId } })
      refreshDetails()
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not remove access.')
    }
  }
  const close = async () => {
    if (
      !window.confirm(
        'Close (archive) this room? Buyers lose access at once and unused links stop working; the seller team keeps reading it.',
      )
    )
      return
    try {
      await call(access.closeRoom, { params: { roomId: details.room.id } })
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not close the room.')
    }
  }

  return (
    <section className="access" aria-labelledby="access-heading">
      <h2 id="access-heading">Access</h2>
      {can(role, 'invite') && <InviteForm />}
      {can(role, 'revokeAccess') && (
        <div className="table-scroll">
          <table className="people-table">
            <caption className="visually-hidden">Room members</caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {details.members.map((member) => (
                <tr key={member.personId}>
                  <th scope="row">
                    {member.name} <span className="muted small">{member.email}</span>
                  </th>
                  <td>{isRole(member.role) ? ROLE_LABELS[member.role] : member.role}</td>
                  <td>
                    {member.joinedAt ? (
                      new Date(member.joinedAt).toLocaleDateString()
                    ) : (
                      <span className="muted">Not yet</span>
                    )}
                  </td>
                  <td>
                    {member.role !== 'owner' && member.personId !== details.me.personId && (
                      <button
                        type="button"
                        className="button button--quiet"
                        onClick={() => revoke(member.personId, member.name)}
                      >
                        Remove access for {member.name}
                      </button>
                    )}
                    <SellerTeamControls
                      roomId={details.room.id}
                      member={member}
                      me={role}
                      myId={details.me.personId}
                      onChanged={refreshDetails}
                      onProblem={setProblem}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {can(role, 'revokeAccess') && <PendingLinks />}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {can(role, 'manageAccess') && <AccessMode />}
      {can(role, 'seeAudit') && <AuditLog />}
      {can(role, 'closeRoom') && (
        <div className="access-form">
          <h3>Close the room</h3>
          <p className="muted">
            Archives the room: buyers lose access at once and unused links stop working; the seller
            team keeps reading it. The Deal menu at the top can reopen it.
          </p>
          <div>
            <button type="button" className="button button--danger" onClick={close}>
              Close room
            </button>
          </div>
        </div>
      )}
    </section>
  )
}
