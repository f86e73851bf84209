import * as z from 'zod/mini'
import { checkDate, TASK_STATUSES } from '../room/schema.ts'
import { INVITE_ROLES } from './access.ts'
import { endpoint } from './endpoint.ts'
import {
  email,
  id,
  name,
  optionalChoice,
  optionalDate,
  optionalText,
  queryInteger,
  queryList,
  queryTime,
  text,
} from './fields.ts'
import { PaperQuery } from './print.ts'
import { Role } from './rooms.ts'
import {
  ApiConsensus,
  ApiEvent,
  ApiMember,
  ApiPlan,
  ApiRoom,
  ApiStakeholder,
  ApiTask,
  EVENT_KINDS,
} from './v1-shapes.ts'

export * from './v1-shapes.ts'

/**
 * The public REST API, for integrators (a CRM sync, a script, a BI tool): an API key in
 * `Authorization: Bearer <key>` with the scope each operation names, never a session. Until
 * there are workspaces (issue 15) a key sees every room of the instance.
 */
const tag = 'api v1'

const RoomParams = z.strictObject({ roomId: id('roomId') })

/** A cursor from a previous answer's `next`. */
const cursor = (what: string) =>
  z.optional(
    text('cursor', 200).check(
      z.meta({ description: `The previous answer's "next", for the ${what} after it.` }),
    ),
  )

/** A calendar date or null (null clears it). */
const clearableDate = (field: string) =>
  z.optional(
    z.nullable(
      text(field, 10).check(
        z.superRefine((value, context) => {
          try {
            checkDate(value)
          } catch (error) {
            context.addIssue({
              code: 'custom',
              message: `"${field}" must be a real date written yyyy-mm-dd, or null. ${error instanceof Error ? error.message : ''}`,
            })
          }
        }),
        z.meta({ format: 'date' }),
      ),
    ),
  )

export const listRooms = endpoint({
  name: 'v1ListRooms',
  method: 'GET',
  path: '/api/v1/rooms',
  summary: 'Every room, newest first, a page at a time',
  tag,
  access: 'an API key with rooms:read',
  auth: 'api-key',
  query: z.strictObject({
    limit: queryInteger('limit', 1, 200).check(z.meta({ description: 'Default 50.' })),
    cursor: cursor('rooms'),
    status: optionalChoice('status', ['open', 'closed', 'all']).check(
      z.meta({ description: 'open (default), closed or all.' }),
    ),
    owner: z.optional(email('owner')).check(z.meta({ description: 'The owner’s e-mail.' })),
    activeSince: queryTime('activeSince').check(
      z.meta({ description: 'Only rooms with activity at or after this time (ms since 1970).' }),
    ),
  }),
  answer: z.object({
    rooms: z.array(ApiRoom),
    next: z
      .nullable(z.string())
      .check(z.meta({ description: 'The cursor of the next page; null on the last.' })),
  }),
})

export const createRoom = endpoint({
  name: 'v1CreateRoom',
  method: 'POST',
  path: '/api/v1/rooms',
  summary: 'Create a room from a template, with the buyer organisation and close date',
  tag,
  access: 'an API key with rooms:write',
  auth: 'api-key',
  status: 201,
  body: z.strictObject({
    title: name('title'),
    template: optionalText('template', 80).check(
      z.meta({
        description: 'standard, pilot or a template the team saved (default: the team’s default).',
      }),
    ),
    buyerOrg: optionalText('buyerOrg', 200),
    closeDate: optionalDate('closeDate'),
    owner: z.optional(email('owner')).check(
      z.meta({
        description:
          'The e-mail of the seller who owns it. Default: the key’s maker, else the first seller account.',
      }),
    ),
  }),
  answer: z.object({ id: z.string(), url: z.string() }),
})

export const getRoom = endpoint({
  name: 'v1GetRoom',
  method: 'GET',
  path: '/api/v1/rooms/:roomId',
  summary: 'A room with its plan, stakeholders, consensus and health',
  tag,
  access: 'an API key with rooms:read',
  auth: 'api-key',
  params: RoomParams,
  answer: z.object({
    room: z.object({
      ...ApiRoom.shape,
      buyerOrg: z.string(),
      sellerOrg: z.string(),
      closeDate: z.nullable(z.string()),
      stage: z.string(),
    }),
    plan: ApiPlan,
    stakeholders: z.array(ApiStakeholder),
    consensus: ApiConsensus,
  }),
})

export const closeRoom = endpoint({
  name: 'v1CloseRoom',
  method: 'POST',
  path: '/api/v1/rooms/:roomId/close',
  summary: 'Close a room: everyone in it is disconnected, links and feeds stop working',
  tag,
  access: 'an API key with rooms:write',
  auth: 'api-key',
  params: RoomParams,
  answer: z.object({ id: z.string(), closedAt: z.number() }),
})

export const listMembers = endpoint({
  name: 'v1ListMembers',
  method: 'GET',
  path: '/api/v1/rooms/:roomId/members',
  summary: 'The room’s members with their roles',
  tag,
  access: 'an API key with rooms:read',
  auth: 'api-key',
  params: RoomParams,
  answer: z.object({ members: z.array(ApiMember) }),
})

export const inviteMember = endpoint({
  name: 'v1InviteMember',
  method: 'POST',
  path: '/api/v1/rooms/:roomId/members',
  summary: 'Invite someone with a role; the personal link goes to their mailbox',
  tag,
  access: 'an API key with rooms:write',
  auth: 'api-key',
  status: 201,
  params: RoomParams,
  body: z.strictObject({
    email: email('email'),
    name: name('name').check(z.overwrite((value) => value.trim())),
    role: optionalChoice('role', INVITE_ROLES).check(
      z.meta({ description: 'Default stakeholder; seller adds a seller account as a teammate.' }),
    ),
  }),
  answer: z.object({
    personId: z.string(),
    role: Role,
    outcome: z.string(),
    url: z
      .nullable(z.string())
      .check(z.meta({ description: 'Their personal link, for someone new to the room only.' })),
  }),
})

export const revokeMember = endpoint({
  name: 'v1RevokeMember',
  method: 'POST',
  path: '/api/v1/rooms/:roomId/members/:personId/revoke',
  summary: 'Take someone’s access away: links, sessions and open pages end within a second',
  tag,
  access: 'an API key with rooms:write',
  auth: 'api-key',
  params: z.strictObject({ roomId: id('roomId'), personId: id('personId') }),
  answer: z.object({ revoked: z.literal(true) }),
})

export const getPlan = endpoint({
  name: 'v1GetPlan',
  method: 'GET',
  path: '/api/v1/rooms/:roomId/plan',
  summary: 'The mutual action plan: milestones and their tasks, in order',
  tag,
  access: 'an API key with rooms:read',
  auth: 'api-key',
  params: RoomParams,
  answer: ApiPlan,
})

export const updateTask = endpoint({
  name: 'v1UpdateTask',
  method: 'POST',
  path: '/api/v1/rooms/:roomId/tasks/:taskId',
  summary: 'Change a task’s status, owner or due date (live in every open copy of the room)',
  tag,
  access: 'an API key with rooms:write',
  auth: 'api-key',
  params: z.strictObject({ roomId: id('roomId'), taskId: id('taskId') }),
  body: z.strictObject({
    status: optionalChoice('status', TASK_STATUSES),
    ownerId: z
      .optional(z.nullable(id('ownerId', 'in the body')))
      .check(z.meta({ description: 'A stakeholder id; null for nobody.' })),
    dueDate: clearableDate('dueDate'),
  }),
  answer: ApiTask,
})

export const listEvents = endpoint({
  name: 'v1ListEvents',
  method: 'GET',
  path: '/api/v1/rooms/:roomId/events',
  summary: 'Engagement and activity events in the order recorded, a page at a time',
  tag,
  access: 'an API key with events:read',
  auth: 'api-key',
  params: RoomParams,
  query: z.strictObject({
    limit: queryInteger('limit', 1, 1000).check(z.meta({ description: 'Default 100.' })),
    cursor: cursor('events'),
    kind: queryList('kind', EVENT_KINDS).check(
      z.meta({ description: 'Only these kinds (repeatable).' }),
    ),
    since: queryTime('since').check(z.meta({ description: 'Only events at or after (ms).' })),
    until: queryTime('until').check(z.meta({ description: 'Only events before (ms).' })),
  }),
  answer: z.object({
    events: z.array(ApiEvent),
    next: z.nullable(z.string()).check(
      z.meta({
        description:
          'The cursor after the last event given; also on the last page, to ask later for what is new.',
      }),
    ),
  }),
})

export const exportPdf = endpoint({
  name: 'v1ExportPdf',
  method: 'GET',
  path: '/api/v1/rooms/:roomId/export.pdf',
  summary: 'The printable room as a PDF (the page the web app prints)',
  tag,
  access: 'an API key with rooms:read',
  auth: 'api-key',
  params: RoomParams,
  query: PaperQuery,
  answer: { mediaType: 'application/pdf', description: 'The printable room, printed' },
})
