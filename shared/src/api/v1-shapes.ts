import * as z from 'zod/mini'
import { MILESTONE_STATUSES, SIDES, TASK_STATUSES } from '../room/schema.ts'
import { DealHealth, Role, RoomSummaryInfo } from './rooms.ts'

/** The shapes of the public REST API's answers (its endpoints are in v1.ts). */

/** Every kind of event Quorum records: engagement (who looked at what, how long) and activity. */
export const EVENT_KINDS = [
  'room.opened',
  'room.left',
  'section.viewed',
  'section.read',
  'stakeholder.first-seen',
  'task.added',
  'task.changed',
  'task.completed',
  'milestone.added',
  'milestone.changed',
  'business-case.edited',
  'comment.added',
  'thread.resolved',
  'thread.reopened',
  'person.mentioned',
  'consensus.marked',
  'stakeholder.added',
  'document.viewed',
  'document.page-viewed',
  'document.downloaded',
  'document.version-added',
] as const
export type EventKind = (typeof EVENT_KINDS)[number]

const Person = z.object({ id: z.string(), name: z.string(), email: z.string() })

/** A room as listed: what is kept in rows and summaries (no room is loaded to list it). */
export const ApiRoom = z
  .object({
    id: z.string(),
    title: z.string(),
    url: z.string(),
    template: z.string(),
    owner: Person,
    members: z.int(),
    createdAt: z.number(),
    lastActivityAt: z.number(),
    closedAt: z.nullable(z.number()),
    health: z.nullable(DealHealth).check(z.meta({ description: 'Open rooms only.' })),
    summary: z.nullable(RoomSummaryInfo).check(z.meta({ description: 'Open rooms only.' })),
  })
  .check(z.meta({ id: 'ApiRoom' }))
export type ApiRoom = z.infer<typeof ApiRoom>

export const ApiTask = z
  .object({
    id: z.string(),
    milestoneId: z.string(),
    title: z.string(),
    ownerId: z
      .nullable(z.string())
      .check(z.meta({ description: 'A stakeholder id (see the room’s stakeholders).' })),
    side: z.enum(SIDES),
    dueDate: z.nullable(z.string()),
    status: z.enum(TASK_STATUSES),
    doneAt: z.nullable(z.number()),
    doneBy: z.nullable(z.string()).check(z.meta({ description: 'A person id.' })),
  })
  .check(z.meta({ id: 'ApiTask' }))
export type ApiTask = z.infer<typeof ApiTask>

export const ApiMilestone = z
  .object({
    id: z.string(),
    title: z.string(),
    dueDate: z.nullable(z.string()),
    status: z.enum(MILESTONE_STATUSES),
    signoffBy: z.array(z.string()).check(z.meta({ description: 'Stakeholder ids.' })),
    signedOff: z
      .boolean()
      .check(z.meta({ description: 'Every stakeholder in signoffBy agrees (none: false).' })),
    tasks: z.array(ApiTask),
  })
  .check(z.meta({ id: 'ApiMilestone' }))

export const ApiPlan = z
  .object({
    milestones: z.array(ApiMilestone),
    progress: z.object({ done: z.int(), total: z.int() }),
  })
  .check(z.meta({ id: 'ApiPlan' }))

const StanceCounts = z.object({
  agree: z.int(),
  concern: z.int(),
  block: z.int(),
  silent: z.int(),
})

export const ApiConsensus = z
  .object({
    groupSize: z.int().check(z.meta({ description: 'Buyer-side stakeholders.' })),
    businessCase: StanceCounts,
    items: z.array(
      z.object({
        itemKey: z.string(),
        label: z.string(),
        kind: z.enum(['business-case', 'section', 'milestone']),
        counts: StanceCounts,
      }),
    ),
    objections: z.array(
      z.object({
        itemKey: z.string(),
        label: z.string(),
        personId: z.string(),
        stance: z.enum(['concern', 'block']),
        note: z.string(),
        at: z.number(),
      }),
    ),
  })
  .check(z.meta({ id: 'ApiConsensus' }))

export const ApiStakeholder = z
  .object({
    id: z.string(),
    name: z.string(),
    title: z.string(),
    side: z.enum(SIDES),
    buyingRole: z.string(),
    stance: z.string(),
    memberId: z.nullable(z.string()),
  })
  .check(z.meta({ id: 'ApiStakeholder' }))

export const ApiMember = z
  .object({
    personId: z.string(),
    name: z.string(),
    email: z.string(),
    role: Role,
    invitedAt: z.number(),
    joinedAt: z.nullable(z.number()),
  })
  .check(z.meta({ id: 'ApiMember' }))

export const ApiEvent = z
  .object({
    id: z.string().check(z.meta({ description: 'Grows in the order events were recorded.' })),
    kind: z.enum(EVENT_KINDS),
    at: z.number(),
    personId: z.string(),
    side: z.enum(['buyer', 'seller']),
    section: z.nullable(z.string()),
    durationMs: z.nullable(z.number()),
    detail: z.record(z.string(), z.unknown()),
  })
  .check(z.meta({ id: 'ApiEvent' }))
