import {
  listMilestones,
  listStakeholders,
  listTasks,
  type Milestone,
} from '../../../shared/src/room/index.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import type { Storage } from '../storage/storage.ts'
import type { RoomFacts } from './insights.ts'

/** How far back insights, health and alerts look. */
export const NINETY_DAYS = 90 * 86_400_000

/** Everything insights, health and alerts are computed from, for one room (and its milestones). */
export async function roomFacts(
  storage: Storage,
  roomId: string,
  now = Date.now(),
): Promise<RoomFacts & { milestones: Milestone[] }> {
  const [events, members, doc] = await Promise.all([
    storage.listEvents({ roomId, since: now - NINETY_DAYS }),
    storage.listMembers(roomId),
    loadRoomDoc(storage, roomId),
  ])
  try {
    return {
      events,
      members,
      stakeholders: listStakeholders(doc),
      tasks: listTasks(doc),
      milestones: listMilestones(doc),
      now,
    }
  } finally {
    doc.destroy()
  }
}
