/**
 * The workspace's brand (one instance is one workspace) and each room's: what buyers see of the
 * seller's identity, and the note that welcomes them. Logos are blobs (the blob store's keys);
 * only their keys are kept here.
 */
export interface WorkspaceBrand {
  /** `#rrggbb`, checked for contrast before it is stored; null: Quorum's own. */
  accent: string | null
  /** The name mail is sent under and greets with; null: the instance's default. */
  mailName: string | null
  /** The blob key of the logo (a PNG); null: none. */
  logoKey: string | null
  updatedAt: number
}

/** A change to a brand: a field left out is kept, a null clears it. */
export type BrandPatch<T> = { [K in keyof T]?: T[K] }

export interface RoomBrand {
  roomId: string
  /** The blob key of the buyer's logo (a PNG); null: none. */
  buyerLogoKey: string | null
  /** The seller's welcome note, shown once to each person on their first visit; '' for none. */
  welcomeNote: string
  updatedAt: number
}

export interface BrandingStore {
  /** The brand in force (nothing set: every field null, updatedAt 0). */
  getWorkspaceBrand(): Promise<WorkspaceBrand>
  putWorkspaceBrand(
    patch: BrandPatch<Omit<WorkspaceBrand, 'updatedAt'>>,
    at: number,
  ): Promise<WorkspaceBrand>
  /** A room's brand (nothing set: no logo, no note, updatedAt 0). */
  getRoomBrand(roomId: string): Promise<RoomBrand>
  putRoomBrand(
    roomId: string,
    patch: BrandPatch<Omit<RoomBrand, 'roomId' | 'updatedAt'>>,
    at: number,
  ): Promise<RoomBrand>
  /** Whether the person has already seen (dismissed) the room's welcome note. */
  hasSeenWelcome(roomId: string, personId: string): Promise<boolean>
  /** Notes that the person has seen the welcome note; true the first time. */
  markWelcomeSeen(roomId: string, personId: string, at: number): Promise<boolean>
}

export const NO_WORKSPACE_BRAND: WorkspaceBrand = {
  accent: null,
  mailName: null,
  logoKey: null,
  updatedAt: 0,
}

/** A patch applied over what is stored: left-out fields keep their value. */
export function patched<T extends object>(current: T, patch: Partial<NoInfer<T>>): T {
  const next = { ...current }
  for (const key of Object.keys(patch) as Array<keyof T>) {
    const value = patch[key]
    if (value !== undefined) next[key] = value
  }
  return next
}
