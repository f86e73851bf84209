/**
 * Room roles and what each may do: one table, read by the server on every HTTP route and every
 * document, and by the UI to hide what the server would refuse anyway.
 */
export const ROLES = ['owner', 'seller', 'champion', 'stakeholder', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/** Roles a buyer can be invited with. */
export const BUYER_ROLES = ['champion', 'stakeholder', 'viewer'] as const
export type BuyerRole = (typeof BUYER_ROLES)[number]

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
  seller: { ...ALL, closeRoom: false, manageAccess: false, seeAudit: false },
  champion: {
    ...NONE,
    readRoom: true,
    editPlan: true,
    editBusinessCase: true,
    comment: true,
    invite: true,
    export: true,
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
