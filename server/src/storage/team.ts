import type { TeamRole } from '../../../shared/src/access.ts'

export type { TeamRole } from '../../../shared/src/access.ts'

/** A seller on the workspace's team (the instance is one workspace). */
export interface Teammate {
  personId: string
  email: string
  name: string
  role: TeamRole
  /** When they joined the team (for sellers from before teams: their account's creation). */
  joinedAt: number
  /** Rooms they own, open or closed. */
  roomsOwned: number
}

/**
 * The seller team: who is on it, with which workspace role, and the rooms each owns. A seller
 * account that is not on the team (removed) can no longer sign in.
 */
export interface TeamStore {
  /** Puts a seller on the team, or changes their role; returns them as listed. */
  putTeammate(personId: string, role: TeamRole, at: number): Promise<Teammate>
  getTeammate(personId: string): Promise<Teammate | null>
  /** Admins first, then by name. */
  listTeammates(): Promise<Teammate[]>
  /** Takes a seller off the team; false if they were not on it. */
  removeTeammate(personId: string): Promise<boolean>
  /** Ids of the rooms a person owns, oldest first. */
  roomsOwnedBy(personId: string): Promise<string[]>
  /**
   * Makes `personId` the owner of the room (their membership becomes `owner`, added if needed),
   * in one transaction; the previous owner becomes a co-owner, or leaves the room with `leaves`.
   * Returns the previous owner's id.
   */
  transferRoom(
    roomId: string,
    personId: string,
    options: { previousOwnerLeaves: boolean; at: number },
  ): Promise<string>
}
