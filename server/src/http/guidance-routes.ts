import type { FastifyInstance } from 'fastify'
import type { RoomNudge, RoomNudges } from '../../../shared/src/api/guidance.ts'
import { guidance } from '../../../shared/src/api/index.ts'
import { audit } from '../access/audit.ts'
import { requireSession } from '../access/sessions.ts'
import { Problem } from '../errors.ts'
import { ACTION_KINDS, type ActionKind, nextActions } from '../signals/next-actions.ts'
import { NUDGE_GRACE_MS, type NudgeKind } from '../signals/nudge-plan.ts'
import { personFromNudgeToken } from '../signals/nudges.ts'
import { roomFacts } from '../signals/room-facts.ts'
import type { Storage, StoredAction } from '../storage/storage.ts'
import type { ApiDependencies } from './api.ts'
import { clientIp, roomActor, sessionCookie } from './room-access.ts'
import { route } from './route.ts'

const DAY = 86_400_000
const NUDGE_KINDS: readonly NudgeKind[] = ['invite-2', 'invite-5', 'task-before', 'task-after']
const isActionKind = (kind: string): kind is ActionKind =>
  (ACTION_KINDS as readonly string[]).includes(kind)
const isNudgeKind = (kind: string): kind is NudgeKind =>
  (NUDGE_KINDS as readonly string[]).includes(kind)

/** An action as the API shows it (its rank is only the order). */
function shown<A extends StoredAction>({ rank: _rank, kind, ...action }: A) {
  return isActionKind(kind) ? [{ ...action, kind }] : []
}

/** The room's next best actions now, without those the person dismissed. */
async function roomActions(storage: Storage, roomId: string, personId: string) {
  const [facts, dismissed] = await Promise.all([
    roomFacts(storage, roomId),
    storage.listDismissedActions(personId, roomId),
  ])
  const hidden = new Set(dismissed)
  return nextActions({ ...facts, roomId }).filter((action) => !hidden.has(action.key))
}

/** The room's reminders and whose are off, as the seller team sees them. */
async function roomNudges(storage: Storage, roomId: string, now: number): Promise<RoomNudges> {
  const [planned, stops, members] = await Promise.all([
    storage.listRoomNudges(roomId),
    storage.listNudgeStops(roomId),
    storage.listMembers(roomId),
  ])
  const unsubscribed = new Set(
    await storage.listNudgeUnsubscribed(members.map((member) => member.personId)),
  )
  const off = new Set(stops.people)
  const names = new Map(members.map((member) => [member.personId, member.name]))
  const nudges: RoomNudge[] = []
  for (const nudge of planned) {
    if (!isNudgeKind(nudge.kind)) continue
    const lapsesAt = nudge.kind === 'task-before' ? nudge.dueAt + DAY : nudge.dueAt + NUDGE_GRACE_MS
    const state: RoomNudge['state'] =
      nudge.sentAt !== null
        ? 'sent'
        : stops.room || off.has(nudge.personId)
          ? 'off'
          : unsubscribed.has(nudge.personId)
            ? 'unsubscribed'
            : now >= lapsesAt
              ? 'missed'
              : 'planned'
    nudges.push({
      key: nudge.key,
      personId: nudge.personId,
      name: names.get(nudge.personId) ?? '',
      kind: nudge.kind,
      dueAt: nudge.dueAt,
      line: nudge.line,
      sentAt: nudge.sentAt,
      state,
    })
  }
  return {
    roomOff: stops.room,
    people: members
      .map((member) => ({
        personId: member.personId,
        name: member.name,
        off: off.has(member.personId),
        unsubscribed: unsubscribed.has(member.personId),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    nudges,
  }
}

/** Routes of the buyer journey's guidance: next best actions and nudges. */
export function guidanceRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config, tokenSecret } = dependencies
  const options = dependencies.routes
  const secure = config.publicUrl.startsWith('https://')

  route(app, guidance.listRoomActions, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'seeInsights')
    return { actions: (await roomActions(storage, roomId, me.personId)).flatMap(shown) }
  })

  route(app, guidance.dismissAction, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'seeInsights')
    const { key } = body()
    const actions = await roomActions(storage, roomId, me.personId)
    if (!actions.some((action) => action.key === key))
      throw new Problem('not-found', 'No such next best action in this room (or it is done)')
    await storage.dismissAction(me.personId, roomId, key, Date.now())
    return {
      actions: actions.filter((action) => action.key !== key).flatMap(shown),
    }
  })

  route(app, guidance.listMyActions, options, async ({ request, reply }) => {
    const session = await requireSession(storage, sessionCookie(request, reply, secure))
    // From the rooms' summaries (signals/summary.ts), not by loading every room.
    return { actions: (await storage.listActionsOf(session.person.id, 50)).flatMap(shown) }
  })

  route(app, guidance.getRoomNudges, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId } = await roomActor(storage, cookie, params.roomId, 'seeInsights')
    return roomNudges(storage, roomId, Date.now())
  })

  route(app, guidance.setRoomNudges, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'seeInsights')
    const { personId = null, off } = body()
    if (personId !== null && !(await storage.getMember(roomId, personId)))
      throw new Problem('not-found', 'That person is not in this room')
    await storage.setNudgeStop(roomId, personId, off, Date.now())
    await audit(storage, {
      roomId,
      actor: me.personId,
      action: off ? 'nudges.turned-off' : 'nudges.turned-on',
      subject: personId ?? roomId,
      detail: {},
      ip: clientIp(request),
    })
    return roomNudges(storage, roomId, Date.now())
  })

  route(app, guidance.unsubscribeNudges, options, async ({ query }) => {
    const personId = personFromNudgeToken(tokenSecret, query().t ?? '')
    const ok = personId !== null && (await storage.getPerson(personId)) !== null
    if (ok) await storage.unsubscribeNudges(personId, Date.now())
    return {
      status: ok ? 200 : 400,
      headers: { 'cache-control': 'no-store' },
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Quorum</title></head><body style="font:15px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem"><h1>${ok ? 'Unsubscribed' : 'This link does not work'}</h1><p>${ok ? 'You will not get reminders from Quorum deal rooms any more. The rooms themselves are unchanged: your links still open them.' : 'The unsubscribe link is incomplete (its "t" parameter is missing or damaged). Copy the whole link from the e-mail.'}</p></body></html>`,
    }
  })
}
