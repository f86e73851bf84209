import * as z from 'zod/mini'
import { BUYER_ROLES, ROLES } from '../access.ts'
import { DEAL_STAGES } from '../stages.ts'
import { endpoint } from './endpoint.ts'
import {
  id,
  name,
  optionalChoice,
  optionalDate,
  optionalText,
  queryId,
  queryInteger,
} from './fields.ts'

const tag = 'rooms'

export const RoomParams = z.strictObject({ roomId: id('roomId') })

export const Role = z.enum(ROLES).check(z.meta({ id: 'Role' }))

/** Deal health: 0 (in trouble) to 100 (healthy), and why points were taken off. */
export const DealHealth = z
  .object({ score: z.number(), reasons: z.array(z.string()) })
  .check(z.meta({ id: 'DealHealth' }))

export const listTemplates = endpoint({
  name: 'listTemplates',
  method: 'GET',
  path: '/api/templates',
  summary: 'The room templates a seller can start from',
  tag,
  access: 'anyone',
  answer: z.object({
    templates: z.array(
      z.object({
        name: z.string(),
        description: z.string(),
        milestones: z.array(z.object({ title: z.string(), tasks: z.int() })),
      }),
    ),
  }),
})

/**
 * How a room list can be sorted: by last activity (default), weakest health first, title, latest
 * buyer activity, soonest target close date.
 */
export const ROOM_SORTS = ['activity', 'health', 'title', 'buyer-activity', 'close-date'] as const
export type RoomSort = (typeof ROOM_SORTS)[number]

/**
 * Deal health bands of the room list's filter, the same the health badge shows: good (75 and
 * up), fair (45–74), poor (under 45). Only the seller team's open, summarized rooms have one.
 */
export const HEALTH_BANDS = {
  good: { min: 75, max: 100 },
  fair: { min: 45, max: 74 },
  poor: { min: 0, max: 44 },
} as const
export type HealthBand = keyof typeof HEALTH_BANDS
export const HEALTH_BAND_NAMES = Object.keys(HEALTH_BANDS) as [HealthBand, ...HealthBand[]]

export const RoomSummaryInfo = z
  .object({
    openAlerts: z.int(),
    buyersEngaged: z.int(),
    buyersInvited: z.int(),
    buyerVisits: z.int().check(z.meta({ description: 'Buyer visits in the last 90 days.' })),
    tasksDone: z.int(),
    tasksTotal: z.int(),
    milestonesDone: z.int(),
    milestonesTotal: z.int(),
    lastBuyerActivity: z.nullable(z.number()),
  })
  .check(z.meta({ id: 'RoomSummary' }))
export type RoomSummaryInfo = z.infer<typeof RoomSummaryInfo>

export const RoomListEntry = z
  .object({
    id: z.string(),
    title: z.string(),
    role: Role,
    owner: z.string(),
    members: z.int(),
    lastActivity: z.number(),
    closed: z.boolean(),
    stage: z
      .enum(DEAL_STAGES)
      .check(z.meta({ description: 'The deal stage: open, won, lost or archived (closed).' })),
    url: z.string(),
    ownerId: z.string(),
    buyerOrg: z.string().check(z.meta({ description: 'As of the room’s last summary.' })),
    closeDate: z
      .nullable(z.string())
      .check(z.meta({ description: 'Target close date (yyyy-mm-dd), as of the last summary.' })),
    health: z.nullable(DealHealth).check(z.meta({ description: 'Seller team only.' })),
    summary: z
      .nullable(RoomSummaryInfo)
      .check(z.meta({ description: 'Seller team only, open rooms only.' })),
  })
  .check(z.meta({ id: 'RoomListEntry' }))
export type RoomListEntry = z.infer<typeof RoomListEntry>

export const listRooms = endpoint({
  name: 'listRooms',
  method: 'GET',
  path: '/api/rooms',
  summary: 'The rooms the signed-in person can open (a buyer session: its one room)',
  tag,
  access: 'any session',
  query: z.strictObject({
    sort: optionalChoice('sort', ROOM_SORTS).check(
      z.meta({ description: 'activity (default), health (weakest first), title, buyer-activity.' }),
    ),
    limit: queryInteger('limit', 1, 500).check(
      z.meta({ description: 'Rooms per page (default 100).' }),
    ),
    offset: queryInteger('offset', 0, 10_000_000).check(
      z.meta({ description: 'Rooms to skip: the previous answer’s nextOffset.' }),
    ),
    owner: queryId('owner').check(
      z.meta({ description: 'Only rooms this person owns (a person id; `me` for oneself).' }),
    ),
    health: optionalChoice('health', HEALTH_BAND_NAMES).check(
      z.meta({ description: 'Only open rooms of this deal health: good (75+), fair, poor (<45).' }),
    ),
    closeFrom: optionalDate('closeFrom').check(
      z.meta({ description: 'Only rooms whose target close date is on or after this day.' }),
    ),
    closeTo: optionalDate('closeTo').check(
      z.meta({ description: 'Only rooms whose target close date is on or before this day.' }),
    ),
    attention: optionalChoice('attention', ['true']).check(
      z.meta({ description: '`true`: only open rooms with open alerts (needs attention).' }),
    ),
    q: optionalText('q', 100).check(
      z.meta({ description: 'Words in the title or the buyer organisation.' }),
    ),
    stage: optionalChoice('stage', DEAL_STAGES).check(
      z.meta({ description: 'Only rooms at this deal stage.' }),
    ),
  }),
  answer: z.object({
    rooms: z.array(RoomListEntry),
    owners: z
      .array(z.object({ id: z.string(), name: z.string() }))
      .check(z.meta({ description: 'Who owns the person’s rooms (for the owner filter).' })),
    total: z.int().check(z.meta({ description: 'Rooms in the whole list.' })),
    nextOffset: z
      .nullable(z.int())
      .check(z.meta({ description: 'The offset of the next page; null on the last.' })),
  }),
})

export const createRoom = endpoint({
  name: 'createRoom',
  method: 'POST',
  path: '/api/rooms',
  summary: 'Create a room from a template',
  tag,
  access: 'seller account',
  status: 201,
  body: z.strictObject({
    title: name('title'),
    template: optionalText('template', 80).check(
      z.meta({
        description: 'standard, pilot or a template the team saved (default: the team’s default).',
      }),
    ),
    buyerOrg: optionalText('buyerOrg', 200),
    targetCloseDate: optionalDate('targetCloseDate'),
  }),
  answer: z.object({ id: z.string(), url: z.string() }),
})

export const MemberInfo = z
  .object({
    personId: z.string(),
    name: z.string(),
    role: Role,
    joinedAt: z.nullable(z.number()),
    email: z
      .optional(z.string())
      .check(z.meta({ description: 'Seller team, and one’s own only.' })),
  })
  .check(z.meta({ id: 'Member' }))
export type MemberInfo = z.infer<typeof MemberInfo>

export const RoomDetails = z.object({
  room: z.object({
    id: z.string(),
    title: z.string(),
    template: z.string(),
    createdAt: z.number(),
    stage: z.optional(z.enum(DEAL_STAGES)),
    stageReason: z.optional(z.nullable(z.string())),
    savedTemplate: z
      .optional(
        z.nullable(
          z.object({
            id: z.string(),
            name: z.string(),
            anchorDay: z.string(),
            isDefault: z.boolean(),
          }),
        ),
      )
      .check(z.meta({ description: 'Set when the room is a saved template’s (template mode).' })),
  }),
  me: z.object({ personId: z.string(), name: z.string(), email: z.string(), role: Role }),
  members: z.array(MemberInfo),
})
export type RoomDetails = z.infer<typeof RoomDetails>

export const getRoom = endpoint({
  name: 'getRoom',
  method: 'GET',
  path: '/api/rooms/:roomId',
  summary: 'The room, the caller’s membership and the members',
  tag,
  access: 'readRoom',
  params: RoomParams,
  answer: RoomDetails,
})

export const mintRoomToken = endpoint({
  name: 'mintRoomToken',
  method: 'POST',
  path: '/api/rooms/:roomId/token',
  summary: 'A short-lived token for the collaboration socket (/collab), bound to this session',
  tag,
  access: 'readRoom',
  params: RoomParams,
  answer: z.object({
    token: z.string(),
    expiresAt: z.int().check(z.meta({ description: 'Seconds since 1970.' })),
    documents: z.object({ shared: z.string(), internal: z.nullable(z.string()) }),
  }),
})

export const mintPreviewToken = endpoint({
  name: 'mintPreviewToken',
  method: 'POST',
  path: '/api/rooms/:roomId/preview-token',
  summary:
    'View as buyer: a token that opens the room as a buyer role sees it, read-only, recording nothing',
  tag,
  access: 'readInternal',
  params: RoomParams,
  body: z.strictObject({
    role: z.enum(BUYER_ROLES, {
      error: (issue) =>
        `"role" must be one of ${BUYER_ROLES.join(', ')} (got ${JSON.stringify(issue.input ?? null)})`,
    }),
  }),
  answer: z.object({
    token: z.string(),
    expiresAt: z.int().check(z.meta({ description: 'Seconds since 1970.' })),
    role: z.enum(BUYER_ROLES),
    documents: z.object({
      shared: z.string(),
      internal: z.null().check(z.meta({ description: 'A preview never opens the seller notes.' })),
    }),
  }),
})
