import { isSellerTeam } from '../../../shared/src/access.ts'
import { audit } from '../access/audit.ts'
import { requireSession } from '../access/sessions.ts'
import { roomAlerts } from '../signals/alerts.ts'
import { personFromUnsubscribeToken } from '../signals/digest.ts'
import { dealHealth } from '../signals/health.ts'
import { roomInsights } from '../signals/insights.ts'
import { roomFacts } from '../signals/room-facts.ts'
import type { Storage } from '../storage/storage.ts'
import { sendJson } from './respond.ts'
import { clientIp, roomActor } from './room-access.ts'
import type { Route } from './router.ts'

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value)
  // Quote always; a leading = + - @ is neutralised so spreadsheets do not run it as a formula.
  return `"${(/^[=+\-@]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`
}

/** Routes of the signals layer: insights, health, alerts, the event export, the digest. */
export function signalsRoutes({ storage, secret }: { storage: Storage; secret: Buffer }): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/rooms/:roomId/insights',
      async handle({ request, response, params }) {
        const { roomId } = await roomActor(storage, request, params, 'seeInsights')
        const facts = await roomFacts(storage, roomId)
        sendJson(response, 200, {
          insights: roomInsights(facts),
          health: dealHealth(facts),
          alerts: roomAlerts(facts),
        })
      },
    },
    {
      method: 'GET',
      path: '/api/rooms/:roomId/events.csv',
      async handle({ request, response, params }) {
        const { roomId, me } = await roomActor(storage, request, params, 'seeInsights')
        const [events, members] = await Promise.all([
          storage.listEvents({ roomId }),
          storage.listMembers(roomId),
        ])
        const people = new Map(members.map((member) => [member.personId, member]))
        const lines = [
          ['at', 'person', 'email', 'side', 'event', 'section', 'duration_ms'].join(','),
        ]
        for (const event of events) {
          const person = people.get(event.personId)
          lines.push(
            [
              new Date(event.at).toISOString(),
              person?.name,
              person?.email,
              event.side,
              event.kind,
              event.section,
              event.durationMs,
            ]
              .map(csvCell)
              .join(','),
          )
        }
        await audit(storage, {
          roomId,
          actor: me.personId,
          action: 'events.exported',
          subject: roomId,
          detail: { rows: events.length },
          ip: clientIp(request),
        })
        response.writeHead(200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="quorum-${roomId}-events.csv"`,
          'Cache-Control': 'no-store',
        })
        response.end(`${lines.join('\r\n')}\r\n`)
      },
    },
    {
      method: 'GET',
      path: '/api/notifications',
      async handle({ request, response }) {
        const session = await requireSession(storage, request)
        const rooms = (await storage.listRoomsOf(session.person.id)).filter(
          (room) => isSellerTeam(room.role) && room.closedAt === null,
        )
        const notifications = []
        for (const room of rooms) {
          for (const alert of roomAlerts(await roomFacts(storage, room.id)))
            notifications.push({ roomId: room.id, roomTitle: room.title, ...alert })
        }
        sendJson(response, 200, {
          notifications: notifications.sort((a, b) => b.at - a.at).slice(0, 100),
        })
      },
    },
    {
      method: 'GET',
      path: '/api/digest/unsubscribe',
      async handle({ request, response }) {
        const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('t') ?? ''
        const personId = personFromUnsubscribeToken(secret, token)
        const ok = personId !== null && (await storage.getPerson(personId)) !== null
        if (ok) await storage.setDigestState(personId, { optOut: true })
        response.writeHead(ok ? 200 : 400, { 'Content-Type': 'text/html; charset=utf-8' })
        response.end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quorum</title></head><body style="font:15px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem"><h1>${ok ? 'Unsubscribed' : 'This link does not work'}</h1><p>${ok ? 'You will not get the daily digest any more. Alerts still show in Quorum.' : 'The unsubscribe link is incomplete (its "t" parameter is missing or damaged). Copy the whole link from the e-mail.'}</p></body></html>`,
        )
      },
    },
  ]
}
