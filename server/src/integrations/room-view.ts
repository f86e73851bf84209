import type * as Y from 'yjs'
import type { AnswerOf } from '../../../shared/src/api/endpoint.ts'
import type { ApiRoom, ApiTask, getPlan, getRoom } from '../../../shared/src/api/v1.ts'
import {
  consensusMeter,
  type ItemConsensus,
  listMilestones,
  listStakeholders,
  listTasks,
  milestoneDone,
  planProgress,
  readMeta,
  type Task,
} from '../../../shared/src/room/index.ts'
import { roomUrl } from '../collaboration/rooms.ts'
import { summaryInfo } from '../signals/summary.ts'
import type { RoomDigest, RoomSummary } from '../storage/storage.ts'

type Plan = AnswerOf<typeof getPlan>
type RoomAnswer = AnswerOf<typeof getRoom>

/** How the public API shows a room and what is in it: one place, read by its routes and exports. */
export function apiRoom(room: RoomSummary, digest: RoomDigest | null, publicUrl: string): ApiRoom {
  const open = room.closedAt === null
  return {
    id: room.id,
    title: room.title,
    url: roomUrl(publicUrl, room.id),
    template: room.template,
    owner: { id: room.ownerId, name: room.ownerName, email: room.ownerEmail },
    members: room.memberCount,
    createdAt: room.createdAt,
    lastActivityAt: room.lastActivityAt,
    closedAt: room.closedAt,
    health: open && digest ? digest.health : null,
    summary: open && digest ? summaryInfo(digest) : null,
  }
}

export function apiTask(task: Task): ApiTask {
  return {
    id: task.id,
    milestoneId: task.milestoneId,
    title: task.title,
    ownerId: task.ownerId,
    side: task.side,
    dueDate: task.dueDate,
    status: task.status,
    doneAt: task.doneAt,
    doneBy: task.doneBy,
  }
}

export function apiPlan(doc: Y.Doc): Plan {
  const tasks = listTasks(doc)
  return {
    milestones: listMilestones(doc).map((milestone) => ({
      id: milestone.id,
      title: milestone.title,
      dueDate: milestone.dueDate,
      status: milestone.status,
      signoffBy: milestone.signoffBy,
      signedOff: milestone.signoffBy.length > 0 && milestoneDone(doc, milestone),
      tasks: tasks.filter((task) => task.milestoneId === milestone.id).map(apiTask),
    })),
    progress: planProgress(tasks),
  }
}

const counts = (consensus: ItemConsensus) => ({
  agree: consensus.counts.agree,
  concern: consensus.counts.concern,
  block: consensus.counts.block,
  silent: consensus.counts.silent,
})

export function apiConsensus(doc: Y.Doc): RoomAnswer['consensus'] {
  const meter = consensusMeter(doc)
  return {
    groupSize: meter.groupSize,
    businessCase: counts(meter.businessCase),
    items: meter.items.map((item) => ({
      itemKey: item.itemKey,
      label: item.label,
      kind: item.kind,
      counts: counts(item.consensus),
    })),
    objections: meter.objections.flatMap(({ item, mark }) =>
      mark.stance === 'agree'
        ? []
        : [
            {
              itemKey: item.itemKey,
              label: item.label,
              personId: mark.personId,
              stance: mark.stance,
              note: mark.note,
              at: mark.at,
            },
          ],
    ),
  }
}

/** A room with its plan, stakeholders and consensus, read from its document as stored. */
export function apiRoomDetail(room: ApiRoom, doc: Y.Doc): RoomAnswer {
  const meta = readMeta(doc)
  return {
    room: {
      ...room,
      buyerOrg: meta.buyerOrg,
      sellerOrg: meta.sellerOrg,
      closeDate: meta.targetCloseDate,
      stage: meta.stage,
    },
    plan: apiPlan(doc),
    stakeholders: listStakeholders(doc).map((stakeholder) => ({
      id: stakeholder.id,
      name: stakeholder.name,
      title: stakeholder.title,
      side: stakeholder.side,
      buyingRole: stakeholder.buyingRole,
      stance: stakeholder.stance,
      memberId: stakeholder.memberId,
    })),
    consensus: apiConsensus(doc),
  }
}
