import {
  listDocuments,
  listMilestones,
  listStakeholders,
  listTasks,
  type Milestone,
  readMeta,
} from '../../../shared/src/room/index.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import type { Storage } from '../storage/storage.ts'
import type { RoomFacts } from './insights.ts'

/** How far back insights, health and alerts look. */
export const NINETY_DAYS = 90 * 86_400_000
const AUDIT_PAGE = 500
/** Rooms whose joiners are remembered per storage (a room's list is rebuilt when evicted). */
const REMEMBERED_ROOMS = 1_000

/**
 * Who joined a room by verifying an address at the buyer's domain (the audit log's
 * `access.joined-by-email` of a newcomer). The log only grows: each room's rows are read once,
 * then only the rows added since, so Insights refreshing every few seconds stays cheap.
 */
const joinersByStorage = new WeakMap<
  Storage,
  Map<string, { afterSeq: number; people: Set<string> }>
>()

async function domainJoiners(storage: Storage, roomId: string): Promise<ReadonlySet<string>> {
  let rooms = joinersByStorage.get(storage)
  if (!rooms) {
    rooms = new Map()
    joinersByStorage.set(storage, rooms)
  }
  const known = rooms.get(roomId) ?? { afterSeq: 0, people: new Set<string>() }
  for (;;) {
    const rows = await storage.listAudit({ roomId, afterSeq: known.afterSeq, limit: AUDIT_PAGE })
    for (const row of rows) {
      known.afterSeq = Math.max(known.afterSeq, row.seq)
      if (row.action === 'access.joined-by-email' && row.detail.newcomer === true && row.actor)
        known.people.add(row.actor)
    }
    if (rows.length < AUDIT_PAGE) break
  }
  rooms.delete(roomId)
  rooms.set(roomId, known)
  if (rooms.size > REMEMBERED_ROOMS) {
    const oldest = rooms.keys().next().value
    if (oldest !== undefined) rooms.delete(oldest)
  }
  return known.people
}

/** Everything insights, health and alerts are computed from, for one room (and its milestones). */
export async function roomFacts(
  storage: Storage,
  roomId: string,
  now = Date.now(),
): Promise<RoomFacts & { milestones: Milestone[]; targetCloseDate: string | null }> {
  const [events, members, doc, room] = await Promise.all([
    storage.listEvents({ roomId, since: now - NINETY_DAYS }),
    storage.listMembers(roomId),
    loadRoomDoc(storage, roomId),
    storage.getRoom(roomId),
  ])
  try {
    return {
      events,
      members,
      stakeholders: listStakeholders(doc),
      tasks: listTasks(doc),
      milestones: listMilestones(doc),
      targetCloseDate: readMeta(doc).targetCloseDate,
      now,
      documents: listDocuments(doc),
      // Only a room open to a domain lets people in without an invitation.
      domainJoiners:
        room?.accessMode === 'domain' ? await domainJoiners(storage, roomId) : new Set(),
    }
  } finally {
    doc.destroy()
  }
}
