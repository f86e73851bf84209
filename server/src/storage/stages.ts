import type { DealStage } from '../../../shared/src/stages.ts'

export type { DealStage }

/** Where a deal stands, kept on its room row. */
export interface RoomStage {
  stage: DealStage
  /** Why it was won or lost (required for lost); null otherwise. */
  reason: string | null
  /** When the stage last changed; null for a room never moved from open. */
  changedAt: number | null
}

/** Deal stages of rooms (see shared/src/stages.ts). */
export interface StageStore {
  /** A room's stage; null when there is no such room. */
  getRoomStage(roomId: string): Promise<RoomStage | null>
  /**
   * Moves a room to a stage. Archived also marks the room closed at `at` (the buyers' access
   * ends, see collaboration/authorize.ts); any other stage reopens it. False if no such room.
   */
  setRoomStage(
    roomId: string,
    stage: DealStage,
    reason: string | null,
    at: number,
  ): Promise<boolean>
}
