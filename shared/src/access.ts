/**
 * Room roles and what each may do. The server enforces this table on every document; the UI
 * only hides what the server already refuses. (The full action table grows with the access layer.)
 */
export const ROLES = ['owner', 'seller', 'champion', 'stakeholder', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/** Roles a buyer can be invited with. */
export const BUYER_ROLES = ['champion', 'stakeholder', 'viewer'] as const
export type BuyerRole = (typeof BUYER_ROLES)[number]

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

export function isBuyerRole(value: unknown): value is BuyerRole {
  return typeof value === 'string' && (BUYER_ROLES as readonly string[]).includes(value)
}

/** The seller team: the only roles that may open a room's internal document. */
export function isSellerTeam(role: Role): boolean {
  return role === 'owner' || role === 'seller'
}

/** Whether a role may change the shared room document (plan, business case, stakeholders…). */
export function canEditRoom(role: Role): boolean {
  return role !== 'viewer'
}
