import type { FastifyInstance } from 'fastify'
import { signals } from '../../../shared/src/api/index.ts'
import { audit } from '../access/audit.ts'
import { requireSession } from '../access/sessions.ts'
import { isAlertKind, roomAlerts } from '../signals/alerts.ts'
import { personFromUnsubscribeToken } from '../signals/digest.ts'
import { documentEngagement } from '../signals/document-insights.ts'
import { dealHealth } from '../signals/health.ts'
import { roomInsights } from '../signals/insights.ts'
import { roomFacts } from '../signals/room-facts.ts'
import type { ApiDependencies } from './api.ts'
import { clientIp, roomActor, sessionCookie } from './room-access.ts'
import { route } from './route.ts'

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value)
  // Quote always; a leading = + - @ is neutralised so spreadsheets do not run it as a formula.
  return `"${(/^[=+\-@]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`
}

/** Routes of the signals layer: insights, health, alerts, the event export, the digest. */
export function signalsRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config, tokenSecret } = dependencies
  const options = dependencies.routes
  const secure = config.publicUrl.startsWith('https://')

  route(app, signals.getInsights, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId } = await roomActor(storage, cookie, params.roomId, 'seeInsights')
    const facts = await roomFacts(storage, roomId)
    return {
      insights: roomInsights(facts),
      health: dealHealth(facts),
      alerts: roomAlerts(facts),
    }
  })

  route(app, signals.exportEvents, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'seeInsights')
    const [events, members] = await Promise.all([
      storage.listEvents({ roomId }),
      storage.listMembers(roomId),
    ])
    const people = new Map(members.map((member) => [member.personId, member]))
    const lines = [['at', 'person', 'email', 'side', 'event', 'section', 'duration_ms'].join(',')]
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
    return {
      body: `${lines.join('\r\n')}\r\n`,
      headers: {
        'content-disposition': `attachment; filename="quorum-${roomId}-events.csv"`,
        'cache-control': 'no-store',
      },
    }
  })

  route(app, signals.exportDocumentEngagement, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'seeInsights')
    const facts = await roomFacts(storage, roomId)
    const emails = new Map(facts.members.map((member) => [member.personId, member.email]))
    const header = ['document', 'title', 'version', 'person', 'email', 'opens', 'downloads']
    const lines = [[...header, 'page', 'time_ms'].join(',')]
    let rows = 0
    for (const document of documentEngagement(facts.events, facts.documents ?? [], facts.members)) {
      for (const reader of document.readers) {
        const head = [
          document.documentId,
          document.title,
          reader.version,
          reader.name,
          emails.get(reader.personId),
          reader.opens,
          reader.downloads,
        ]
        reader.msByPage.forEach((ms, index) => {
          lines.push([...head, index + 1, ms].map(csvCell).join(','))
          rows++
        })
      }
    }
    await audit(storage, {
      roomId,
      actor: me.personId,
      action: 'document-engagement.exported',
      subject: roomId,
      detail: { rows },
      ip: clientIp(request),
    })
    return {
      body: `${lines.join('\r\n')}\r\n`,
      headers: {
        'content-disposition': `attachment; filename="quorum-${roomId}-documents.csv"`,
        'cache-control': 'no-store',
      },
    }
  })

  route(app, signals.listNotifications, options, async ({ request, reply }) => {
    const session = await requireSession(storage, sessionCookie(request, reply, secure))
    // From the rooms' summaries (signals/summarizer.ts), not by loading every room.
    const alerts = await storage.listAlertsOf(session.person.id, 100)
    const notifications = alerts.flatMap(({ kind, ...alert }) =>
      isAlertKind(kind) ? [{ ...alert, kind }] : [],
    )
    return { notifications }
  })

  route(app, signals.unsubscribeDigest, options, async ({ query }) => {
    const personId = personFromUnsubscribeToken(tokenSecret, query().t ?? '')
    const ok = personId !== null && (await storage.getPerson(personId)) !== null
    if (ok) await storage.setDigestState(personId, { optOut: true })
    return {
      status: ok ? 200 : 400,
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quorum</title></head><body style="font:15px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem"><h1>${ok ? 'Unsubscribed' : 'This link does not work'}</h1><p>${ok ? 'You will not get the daily digest any more. Alerts still show in Quorum.' : 'The unsubscribe link is incomplete (its "t" parameter is missing or damaged). Copy the whole link from the e-mail.'}</p></body></html>`,
    }
  })
}
