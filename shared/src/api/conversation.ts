import * as z from 'zod/mini'
import { endpoint } from './endpoint.ts'
import { queryId, queryInteger, queryList, queryTime } from './fields.ts'
import { RoomParams } from './rooms.ts'

const tag = 'conversation'

/** The kinds the room's timeline shows: what people did, never how long they looked. */
export const ACTIVITY_KINDS = [
  'task.added',
  'task.completed',
  'task.changed',
  'milestone.added',
  'milestone.changed',
  'business-case.edited',
  'comment.added',
  'thread.resolved',
  'thread.reopened',
  'person.mentioned',
  'consensus.marked',
  'stakeholder.added',
  /** A document was added (version 1) or got a new version: detail documentId, title, version. */
  'document.version-added',
] as const
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]

/** One thing someone did in the room, as the server recorded it. */
export const ActivityItem = z
  .object({
    at: z.number(),
    personId: z.string(),
    name: z.string(),
    side: z.enum(['buyer', 'seller']),
    kind: z.string(),
    detail: z.record(z.string(), z.unknown()),
  })
  .check(z.meta({ id: 'ActivityItem' }))
export type ActivityItem = z.infer<typeof ActivityItem>

const PersonName = z.object({ personId: z.string(), name: z.string() })

export const ActivityPage = z.object({
  items: z.array(ActivityItem),
  people: z.array(PersonName),
})
export type ActivityPage = z.infer<typeof ActivityPage>

export const listActivity = endpoint({
  name: 'listActivity',
  method: 'GET',
  path: '/api/rooms/:roomId/activity',
  summary: 'The room’s timeline, newest first, a page at a time',
  tag,
  access: 'readRoom',
  params: RoomParams,
  query: z.strictObject({
    limit: queryInteger('limit', 1, 200).check(
      z.meta({ description: 'Items per page (default 50).' }),
    ),
    before: queryTime('before').check(
      z.meta({ description: 'Items before this moment (epoch ms).' }),
    ),
    person: queryId('person').check(z.meta({ description: 'Only what this person did.' })),
    kind: queryList('kind', ACTIVITY_KINDS).check(
      z.meta({ description: 'Only these kinds (repeatable).' }),
    ),
  }),
  answer: ActivityPage,
})

export const Changes = z.object({
  since: z
    .nullable(z.number())
    .check(z.meta({ description: 'The end of the caller’s previous visit.' })),
  plan: z.array(ActivityItem),
  businessCase: z.array(
    z.object({
      sectionId: z.string(),
      title: z.string(),
      editors: z.array(PersonName),
      at: z.number(),
    }),
  ),
  threads: z.array(ActivityItem),
  consensus: z.array(ActivityItem),
  documents: z
    .array(ActivityItem)
    .check(
      z.meta({ description: 'Documents added or given a new version (`document.version-added`).' }),
    ),
})
export type Changes = z.infer<typeof Changes>

export const listChanges = endpoint({
  name: 'listChanges',
  method: 'GET',
  path: '/api/rooms/:roomId/changes',
  summary: 'What others changed since the caller’s previous visit',
  tag,
  access: 'readRoom',
  params: RoomParams,
  answer: Changes,
})

/** A business-case section with its last edit and, per person, their last read. */
export const SectionRead = z
  .object({
    sectionId: z.string(),
    title: z.string(),
    lastEditedAt: z.nullable(z.number()),
    lastEditedBy: z.nullable(z.string()),
    readers: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        seenAt: z.number(),
        current: z.boolean().check(z.meta({ description: 'Not older than the last edit.' })),
      }),
    ),
  })
  .check(z.meta({ id: 'SectionRead' }))
export type SectionRead = z.infer<typeof SectionRead>

export const listSectionReads = endpoint({
  name: 'listSectionReads',
  method: 'GET',
  path: '/api/rooms/:roomId/section-reads',
  summary: 'Who has read the latest version of each business-case section',
  tag,
  access: 'seeInsights',
  params: RoomParams,
  answer: z.object({ sections: z.array(SectionRead) }),
})
