import type { FastifyInstance } from 'fastify'
import { calendar } from '../../../shared/src/api/index.ts'
import { feedCalendar, feedUrls, roomFeed } from '../integrations/calendar.ts'
import type { ApiDependencies } from './api.ts'
import { roomActor, sessionCookie } from './room-access.ts'
import { route } from './route.ts'

/** Calendar feeds of the plan's due dates: made by a member, read by calendar apps. */
export function calendarRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config, tokenSecret } = dependencies
  const options = dependencies.routes
  const secure = config.publicUrl.startsWith('https://')

  route(app, calendar.roomCalendar, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'readRoom')
    const feed = await roomFeed(storage, me.personId, roomId, body().mine ?? false)
    return feedUrls(config.publicUrl, tokenSecret, feed)
  })

  route(app, calendar.calendarFeed, options, async ({ params }) => {
    const secret = params.file.slice(0, -'.ics'.length)
    const body = await feedCalendar(storage, tokenSecret, config.publicUrl, params.feedId, secret)
    return {
      body,
      headers: {
        'cache-control': 'private, no-cache',
        'content-disposition': 'inline; filename="quorum-plan.ics"',
      },
    }
  })
}
