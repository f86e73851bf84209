import * as z from 'zod/mini'
import { endpoint } from './endpoint.ts'
import { id, text } from './fields.ts'
import { RoomParams } from './rooms.ts'

const tag = 'guidance'

/** A next best action for the seller team: what to do, why (from the signals), where. */
export const NextAction = z
  .object({
    roomId: z.string(),
    key: z
      .string()
      .check(z.meta({ description: 'Names the situation; dismissing keeps it dismissed.' })),
    kind: z.enum(['blocked', 'buyer-task-overdue', 'unread-change', 'not-invited']),
    at: z.number().check(z.meta({ description: 'When it became true (0: not known).' })),
    message: z.string().check(z.meta({ description: 'What to do.' })),
    reason: z.string().check(z.meta({ description: 'Why, from the room’s signals.' })),
    href: z.string().check(z.meta({ description: 'The web app’s page to act on it.' })),
    linkLabel: z.string(),
  })
  .check(z.meta({ id: 'NextAction' }))
export type NextAction = z.infer<typeof NextAction>

export const NextActionOfRoom = z
  .extend(NextAction, { roomTitle: z.string() })
  .check(z.meta({ id: 'NextActionOfRoom' }))
export type NextActionOfRoom = z.infer<typeof NextActionOfRoom>

export const listRoomActions = endpoint({
  name: 'listRoomActions',
  method: 'GET',
  path: '/api/rooms/:roomId/next-actions',
  summary: 'The room’s next best actions, best first, without those the reader dismissed',
  tag,
  access: 'seeInsights',
  params: RoomParams,
  answer: z.object({ actions: z.array(NextAction) }),
})

export const dismissAction = endpoint({
  name: 'dismissAction',
  method: 'POST',
  path: '/api/rooms/:roomId/next-actions/dismiss',
  summary: 'Dismisses one next best action for the reader (a changed situation brings a new one)',
  tag,
  access: 'seeInsights',
  params: RoomParams,
  body: z.strictObject({ key: text('key', 500) }),
  answer: z.object({ actions: z.array(NextAction) }),
})

export const listMyActions = endpoint({
  name: 'listMyActions',
  method: 'GET',
  path: '/api/next-actions',
  summary:
    'Next best actions across the open rooms of the reader’s seller team, best first (at most 50), from the rooms’ summaries',
  tag,
  access: 'any session',
  answer: z.object({ actions: z.array(NextActionOfRoom) }),
})

export const RoomNudge = z
  .object({
    key: z.string(),
    personId: z.string(),
    name: z.string(),
    kind: z.enum(['invite-2', 'invite-5', 'task-before', 'task-after']),
    dueAt: z.number(),
    line: z.string().check(z.meta({ description: 'The reminder as the mail says it.' })),
    sentAt: z.nullable(z.number()),
    state: z.enum(['sent', 'planned', 'off', 'unsubscribed', 'missed']).check(
      z.meta({
        description:
          'sent; planned (will go out, batched at most one mail a day per person); off (the room’s or the person’s nudges are off); unsubscribed; missed (its time passed unsent).',
      }),
    ),
  })
  .check(z.meta({ id: 'RoomNudge' }))
export type RoomNudge = z.infer<typeof RoomNudge>

export const RoomNudges = z
  .object({
    roomOff: z.boolean(),
    people: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        off: z.boolean(),
        unsubscribed: z.boolean(),
      }),
    ),
    nudges: z.array(RoomNudge),
  })
  .check(z.meta({ id: 'RoomNudges' }))
export type RoomNudges = z.infer<typeof RoomNudges>

export const getRoomNudges = endpoint({
  name: 'getRoomNudges',
  method: 'GET',
  path: '/api/rooms/:roomId/nudges',
  summary: 'The room’s reminders: planned and sent, and whose are turned off',
  tag,
  access: 'seeInsights',
  params: RoomParams,
  answer: RoomNudges,
})

export const setRoomNudges = endpoint({
  name: 'setRoomNudges',
  method: 'POST',
  path: '/api/rooms/:roomId/nudges',
  summary: 'Turns the room’s reminders off or on, for the whole room or one person in it',
  tag,
  access: 'seeInsights',
  params: RoomParams,
  body: z.strictObject({
    personId: z.optional(z.nullable(id('personId', 'in the body'))),
    off: z.boolean({ error: '"off" must be true or false' }),
  }),
  answer: RoomNudges,
})

export const unsubscribeNudges = endpoint({
  name: 'unsubscribeNudges',
  method: 'GET',
  path: '/api/nudges/unsubscribe',
  summary: 'The reminders’ unsubscribe link (opened from the e-mail, no sign-in)',
  tag,
  access: 'anyone holding the link',
  query: z.object({
    t: z.optional(z.string()).check(z.meta({ description: 'The token from the e-mail.' })),
  }),
  answer: { mediaType: 'text/html', description: 'A page saying whether it worked' },
})
