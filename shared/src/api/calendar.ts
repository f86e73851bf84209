import * as z from 'zod/mini'
import { endpoint } from './endpoint.ts'
import { id } from './fields.ts'
import { RoomParams } from './rooms.ts'

const tag = 'calendar'

export const roomCalendar = endpoint({
  name: 'roomCalendar',
  method: 'POST',
  path: '/api/rooms/:roomId/calendar',
  summary: 'The secret address of a calendar feed of the plan’s due dates (the room’s, or yours)',
  tag,
  access: 'readRoom',
  params: RoomParams,
  body: z.strictObject({
    mine: z
      .optional(z.boolean({ error: '"mine" must be true or false' }))
      .check(
        z.meta({ description: 'Only the tasks you own (default: every due date of the plan).' }),
      ),
  }),
  answer: z.object({
    url: z.string().check(z.meta({ description: 'https (or http) address of the feed.' })),
    webcal: z.string().check(z.meta({ description: 'The same as webcal://, for calendar apps.' })),
  }),
})

export const calendarFeed = endpoint({
  name: 'calendarFeed',
  method: 'GET',
  path: '/api/calendar/:feedId/:file',
  summary: 'A calendar feed (iCalendar) of due dates; stops working when its person’s access ends',
  tag,
  access: 'anyone with the feed’s secret address, while its person still has access to the room',
  params: z.strictObject({
    feedId: id('feedId'),
    file: z.string().check(
      z.regex(/^[A-Za-z0-9_-]{43}\.ics$/, {
        error: 'This is not the address of a calendar feed',
      }),
    ),
  }),
  answer: { mediaType: 'text/calendar', description: 'An iCalendar (RFC 5545) file' },
})
