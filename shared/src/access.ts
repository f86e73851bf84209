/**
 * Room roles and what each may do: one table, read by the server on every HTTP route and every
 * document, and by the UI to hide what the server would refuse anyway.
 */
export const ROLES = ['owner', 'co-owner', 'seller', 'champion', 'stakeholder', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/** The seller team's roles in a room: the owner, co-owners (the owner's powers), sellers. */
export const SELLER_ROLES = ['owner', 'co-owner', 'seller'] as const

/**
 * The instance is one workspace: its seller team. Admins manage the team (invite, change roles,
 * remove, single sign-on) and may move any room to another owner; members work in their rooms.
 */
export const TEAM_ROLES = ['admin', 'member'] as const
export type TeamRole = (typeof TEAM_ROLES)[number]

export function isTeamRole(value: unknown): value is TeamRole {
  return typeof value === 'string' && (TEAM_ROLES as readonly string[]).includes(value)
}

/** Roles a buyer can be invited with. */
export const BUYER_ROLES = ['champion', 'stakeholder', 'viewer'] as const
export type BuyerRole = (typeof BUYER_ROLES)[number]

/**
 * Who may join a room: only the people invited, or also anyone with an address at one of the
 * room's allowed domains, after a one-time code sent there.
 */
export const ACCESS_MODES = ['invited', 'domain'] as const
export type AccessMode = (typeof ACCESS_MODES)[number]

export const ACTIONS = [
  'readRoom',
  'editPlan',
  'editBusinessCase',
  'comment',
  'invite',
  'changeRoles',
  'revokeAccess',
  'closeRoom',
  'manageAccess',
  'seeInsights',
  'readInternal',
  'seeAudit',
  'export',
  /** Uploads documents and new versions, places them next to a task or milestone. */
  'addDocuments',
  /** Sees every version, restores one, sets the download policy, removes a document. */
  'manageDocuments',
  /** Hands the room to another teammate (the owner only; a workspace admin too, see team.ts). */
  'transferOwnership',
  /** Moves the deal's stage (won, lost, archived, reopened), clones it, saves it as a template. */
  'manageDeal',
] as const
export type Action = (typeof ACTIONS)[number]

const ALL: Record<Action, boolean> = Object.fromEntries(
  ACTIONS.map((action) => [action, true]),
) as Record<Action, boolean>
const NONE: Record<Action, boolean> = Object.fromEntries(
  ACTIONS.map((action) => [action, false]),
) as Record<Action, boolean>

/**
 * The permission table. The plan and the business case live in one Yjs document, and Yjs has no
 * per-field permissions, so `editPlan` and `editBusinessCase` are granted together for every role
 * (a test holds this invariant); the server enforces them as "may write the room document".
 */
export const PERMISSIONS: Readonly<Record<Role, Readonly<Record<Action, boolean>>>> = {
  owner: ALL,
  /** The owner's powers, except handing the room away (which would remove the owner). */
  'co-owner': { ...ALL, transferOwnership: false },
  seller: {
    ...ALL,
    closeRoom: false,
    manageAccess: false,
    seeAudit: false,
    transferOwnership: false,
  },
  champion: {
    ...NONE,
    readRoom: true,
    editPlan: true,
    editBusinessCase: true,
    comment: true,
    invite: true,
    export: true,
    addDocuments: true,
  },
  stakeholder: { ...NONE, readRoom: true, editPlan: true, editBusinessCase: true, comment: true },
  viewer: { ...NONE, readRoom: true },
}

export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[role][action]
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

export function isBuyerRole(value: unknown): value is BuyerRole {
  return typeof value === 'string' && (BUYER_ROLES as readonly string[]).includes(value)
}

/** The seller team: the only roles that may open a room's internal document. */
export function isSellerTeam(role: Role): boolean {
  return can(role, 'readInternal')
}

/** Whether a role may change the shared room document (plan, business case, stakeholders…). */
export function canEditRoom(role: Role): boolean {
  return can(role, 'editPlan')
}

/**
 * Roles `inviter` may give when inviting. The seller team invites any buyer role; a champion
 * brings in colleagues from their own side, as stakeholders or viewers.
 */
export function invitableRoles(inviter: Role): readonly BuyerRole[] {
  if (!can(inviter, 'invite')) return []
  return isSellerTeam(inviter) ? BUYER_ROLES : ['stakeholder', 'viewer']
}

/** Whether a role is one of the seller team's (held by seller accounts only). */
export function isSellerRole(role: Role): boolean {
  return (SELLER_ROLES as readonly string[]).includes(role)
}

/**
 * Roles `actor` may give anyone: the buyer roles they invite with, `seller` for the team, and
 * `co-owner` from those who manage the room's access (the owner and co-owners).
 */
export function assignableRoles(actor: Role): readonly Role[] {
  if (!isSellerTeam(actor)) return invitableRoles(actor)
  const team: Role[] = can(actor, 'manageAccess') ? ['seller', 'co-owner'] : ['seller']
  return [...invitableRoles(actor), ...team]
}

/**
 * Who changes someone's access: a room member (by role) or the operator at the command line,
 * who may do anything the rules below allow anyone to do.
 */
export type AccessActor = Role | 'operator'

/** A change of one person's membership of a room: from a role (or none) to a role (or none). */
export interface MembershipChange {
  /** Their role now; null when they are not a member. */
  from: Role | null
  /** The role they would have; null to remove them. */
  to: Role | null
  /** Whether their access to the room was revoked before (they were removed). */
  wasRevoked: boolean
  /** Whether the person has a seller account (sellers hold the seller team's roles only). */
  sellerAccount: boolean
}

/**
 * The one rule for changing membership, read by every route, the CLI and the UI: null when
 * `actor` may make the change, otherwise why not (a sentence for the person asking).
 * - The owner is never lowered or removed, and no one is made owner this way.
 * - Seller accounts hold the seller team's roles (seller, co-owner); buyers hold buyer roles.
 * - Only the owner and co-owners make or unmake co-owners; ownership moves by transfer only.
 * - Adding someone needs the right to invite with that role; bringing back someone the seller
 *   team removed needs the right to revoke access (a champion cannot undo a removal).
 * - Changing a role needs `changeRoles`; removing someone needs `revokeAccess`.
 * - Re-inviting with the same role (a new link) needs the right to invite with that role.
 */
export function membershipRefusal(actor: AccessActor, change: MembershipChange): string | null {
  const { from, to } = change
  if (to === 'owner' || from === 'owner') return 'The owner stays the owner of the room.'
  if (to !== null && change.sellerAccount !== isSellerRole(to))
    return change.sellerAccount
      ? 'That address belongs to a seller account; add them as a seller teammate.'
      : 'Only seller accounts join as seller teammates.'
  if (actor === 'operator') return null
  if (from === 'co-owner' && from !== to && !can(actor, 'manageAccess'))
    return 'Only the owner and co-owners change or remove a co-owner.'
  const assignable = assignableRoles(actor)
  if (to === null) {
    return can(actor, 'revokeAccess') ? null : 'Only the seller team removes people from the room.'
  }
  if (from === null) {
    if (change.wasRevoked && !can(actor, 'revokeAccess'))
      return 'The seller team removed this person from the room; only they can let them back in.'
    return assignable.includes(to) ? null : inviteRefusal(actor)
  }
  if (from !== to) {
    if (!can(actor, 'changeRoles'))
      return `This person is already in the room as ${from}; only the seller team changes roles.`
    return assignable.includes(to) ? null : `Your role (${actor}) cannot give the role ${to}.`
  }
  return assignable.includes(to) ? null : inviteRefusal(actor)
}

function inviteRefusal(actor: Role): string {
  const roles = invitableRoles(actor)
  return roles.length === 0
    ? `Your role (${actor}) cannot invite anyone.`
    : `As ${actor} you can invite: ${roles.join(', ')}.`
}
