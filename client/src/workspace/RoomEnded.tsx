import { ROOM_ENDED } from '../../../shared/src/stages.ts'
import { Notice } from '../ui/Notice.tsx'

/** What a buyer sees once the seller archived the room: a kind goodbye, not an error. */
export function RoomEnded() {
  return (
    <Notice title="This room has ended">
      <p>{ROOM_ENDED.replace(/^This room has ended\. /, '')}</p>
      <p className="muted">
        Nothing is lost: the seller team keeps the plan and what you decided together.
      </p>
    </Notice>
  )
}

/** Whether a refusal from the server is the room having ended. */
export const isRoomEnded = (message: string | null | undefined): boolean => message === ROOM_ENDED
