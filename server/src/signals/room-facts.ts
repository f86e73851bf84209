import { listStakeholders, listTasks } from '../../../shared/src/room/index.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import type { Storage } from '../storage/storage.ts'
import type { RoomFacts } from './insights.ts'

const NINETY_DAYS = 90 * 86_400_000

/** Everything insights, health and alerts are computed from, for one room. */
export async function roomFacts(
  storage: Storage,
  roomId: string,
  now = Date.now(),
): Promise<RoomFacts> {
  const [events, members, doc] = await Promise.all([
    storage.listEvents({ roomId, since: now - NINETY_DAYS }),
    storage.listMembers(roomId),
    loadRoomDoc(storage, roomId),
  ])
  try {
    return { events, members, stakeholders: listStakeholders(doc), tasks: listTasks(doc), now }
  } finally {
    doc.destroy()
  }
}
