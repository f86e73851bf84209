import { type FormEvent, useEffect, useState } from 'react'
import { isRole } from '../../../shared/src/access.ts'
import { access } from '../../../shared/src/api/index.ts'
import {
  addStakeholder,
  BUYING_ROLES,
  type BuyingRole,
  listStakeholders,
  removeStakeholder,
  SIDES,
  type Side,
  STANCES,
  type Stakeholder,
  type Stance,
  updateStakeholder,
} from '../../../shared/src/room/index.ts'
import { mayRemoveStakeholder } from '../../../shared/src/room/write-rules.ts'
import { AccessPanel } from '../access/AccessPanel.tsx'
import { call } from '../api.ts'
import { RoomBrandPanel } from '../brand/RoomBrandPanel.tsx'
import { CommentButton } from '../conversation/Consensus.tsx'
import { useOpenCounts } from '../conversation/model.ts'
import { type CrmContactToInvite, useCrmContacts } from '../integrations/useCrmContacts.ts'
import { SIDE_LABELS } from '../plan/TaskRow.tsx'
import { usePeers } from '../presence/usePresence.ts'
import { useDocValue, useRoom } from '../room-context/context.ts'
import { Avatar } from '../ui/Avatar.tsx'
import { formatDay } from '../ui/dates.ts'

export const BUYING_ROLE_LABELS: Record<BuyingRole, string> = {
  champion: 'Champion',
  'economic-buyer': 'Economic buyer',
  technical: 'Technical evaluator',
  legal: 'Legal',
  procurement: 'Procurement',
  user: 'End user',
  other: 'Other',
}

const STANCE_LABELS: Record<Stance, string> = {
  unknown: 'Unknown',
  supporter: 'Supporter',
  neutral: 'Neutral',
  skeptic: 'Skeptic',
  blocker: 'Blocker',
}

/** Invites a contact of a linked CRM deal by the address the CRM has for them. */
function InviteContact({ contact }: { contact: CrmContactToInvite }) {
  const { details, refreshDetails } = useRoom()
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | string>('idle')
  const invite = async () => {
    setState('sending')
    try {
      await call(access.invite, {
        params: { roomId: details.room.id },
        body: { email: contact.email, name: contact.name, role: 'stakeholder' },
      })
      setState('sent')
      refreshDetails()
    } catch (error) {
      setState(error instanceof Error ? error.message : 'Could not invite.')
    }
  }
  if (state === 'sent') return <span className="badge">Invited, not joined</span>
  return (
    <span className="invite-contact">
      <button
        type="button"
        className="button button--quiet"
        title={`Send ${contact.name} a personal link at ${contact.email}`}
        aria-label={`Invite ${contact.email}`}
        disabled={state === 'sending'}
        onClick={() => void invite()}
      >
        Invite
      </button>
      {state !== 'idle' && state !== 'sending' && (
        <span className="form-error" role="alert">
          {state}
        </span>
      )}
    </span>
  )
}

function JoinState({
  person,
  here,
  contact,
}: {
  person: Stakeholder
  here: boolean
  contact: CrmContactToInvite | undefined
}) {
  const { memberById } = useRoom()
  // A contact of a linked deal is theirs once they open the room; invited, they are a member
  // with the contact's address before that.
  const byEmail = contact
    ? [...memberById.values()].find((each) => each.email === contact.email)
    : undefined
  const member = person.memberId ? memberById.get(person.memberId) : byEmail
  if (here) return <span className="badge badge--ok">In the room now</span>
  if (!member && !person.memberId && contact) return <InviteContact contact={contact} />
  if (!member)
    return <span className="muted small">{person.memberId ? 'Member' : 'Not invited'}</span>
  if (member.joinedAt === null) return <span className="badge">Invited, not joined</span>
  return (
    <span className="badge badge--ok">
      Joined {formatDay(new Date(member.joinedAt).toISOString().slice(0, 10))}
    </span>
  )
}

function StakeholderRow({
  person,
  editable,
  here,
  openThreads,
  contact,
}: {
  person: Stakeholder
  editable: boolean
  here: boolean
  openThreads: number
  contact: CrmContactToInvite | undefined
}) {
  const { connection, details } = useRoom()
  const doc = connection.doc
  const role = isRole(details.me.role) ? details.me.role : 'viewer'
  const [title, setTitle] = useState(person.title)
  const [editing, setEditing] = useState(false)
  useEffect(() => {
    if (!editing) setTitle(person.title)
  }, [person.title, editing])
  return (
    <tr>
      <th scope="row">
        <span className="person">
          <Avatar id={person.memberId ?? person.id} name={person.name} size={28} />
          {person.name}
        </span>
      </th>
      <td>
        <input
          aria-label={`Job title of ${person.name}`}
          value={title}
          readOnly={!editable}
          placeholder={editable ? 'Add a title' : ''}
          onFocus={() => setEditing(true)}
          onChange={(event) => setTitle(event.target.value)}
          onBlur={() => {
            setEditing(false)
            if (title !== person.title) updateStakeholder(doc, person.id, { title: title.trim() })
          }}
        />
      </td>
      <td>
        <select
          aria-label={`Buying role of ${person.name}`}
          value={person.buyingRole}
          disabled={!editable}
          onChange={(event) =>
            updateStakeholder(doc, person.id, { buyingRole: event.target.value as BuyingRole })
          }
        >
          {BUYING_ROLES.map((role) => (
            <option key={role} value={role}>
              {BUYING_ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <select
          aria-label={`Side of ${person.name}`}
          value={person.side}
          disabled={!editable}
          onChange={(event) =>
            updateStakeholder(doc, person.id, { side: event.target.value as Side })
          }
        >
          {SIDES.map((side) => (
            <option key={side} value={side}>
              {SIDE_LABELS[side]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <select
          aria-label={`Stance of ${person.name}`}
          value={person.stance}
          disabled={!editable}
          onChange={(event) =>
            updateStakeholder(doc, person.id, { stance: event.target.value as Stance })
          }
        >
          {STANCES.map((stance) => (
            <option key={stance} value={stance}>
              {STANCE_LABELS[stance]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <JoinState person={person} here={here} contact={contact} />
      </td>
      <td className="people-table__actions">
        <CommentButton
          anchor={{ kind: 'stakeholder', id: person.id }}
          label={person.name}
          count={openThreads}
        />
        {editable && mayRemoveStakeholder(role, person.memberId) && (
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${person.name}`}
            onClick={() => removeStakeholder(doc, person.id)}
          >
            <span aria-hidden="true">×</span>
          </button>
        )}
      </td>
    </tr>
  )
}

/** The buying group: who they are, what they decide, where they stand, and who has joined. */
export function StakeholdersView() {
  const { connection, canManagePeople, details } = useRoom()
  const people = useDocValue(listStakeholders)
  const openCounts = useOpenCounts()
  const peers = usePeers()
  const contacts = useCrmContacts()
  const here = new Set([details.me.personId, ...peers.map((peer) => peer.user.id)])
  const [name, setName] = useState('')
  const [title, setTitle] = useState('')
  const [role, setRole] = useState<BuyingRole>('other')

  const add = (event: FormEvent) => {
    event.preventDefault()
    if (!name.trim()) return
    addStakeholder(connection.doc, { name, title, buyingRole: role, side: 'buyer' })
    setName('')
    setTitle('')
    setRole('other')
  }

  return (
    <div className="stakeholders">
      <div className="section-head">
        <div>
          <h2>Stakeholders</h2>
          <p className="muted">Everyone who has a say in this decision, on both sides.</p>
        </div>
      </div>
      {people.length === 0 ? (
        <p className="empty">No one is on the map yet. People appear here as they join the room.</p>
      ) : (
        <div className="table-scroll">
          <table className="people-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Title</th>
                <th scope="col">Buying role</th>
                <th scope="col">Side</th>
                <th scope="col">Stance</th>
                <th scope="col">In the room</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <StakeholderRow
                  key={person.id}
                  person={person}
                  editable={canManagePeople}
                  here={person.memberId !== null && here.has(person.memberId)}
                  openThreads={openCounts.get(`stakeholder:${person.id}`) ?? 0}
                  contact={contacts.get(person.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManagePeople && (
        <form className="add-person" onSubmit={add} aria-label="Add a stakeholder">
          <input
            aria-label="Stakeholder name"
            placeholder="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <input
            aria-label="Stakeholder title"
            placeholder="Title (e.g. CFO)"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
          <select
            aria-label="Stakeholder buying role"
            value={role}
            onChange={(e) => setRole(e.target.value as BuyingRole)}
          >
            {BUYING_ROLES.map((r) => (
              <option key={r} value={r}>
                {BUYING_ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          <button type="submit" className="button" disabled={!name.trim()}>
            Add stakeholder
          </button>
        </form>
      )}
      <AccessPanel />
      <RoomBrandPanel />
    </div>
  )
}
