import { describe, expect, it, vi } from 'vitest'
import { ROLES } from '../../../shared/src/access.ts'
import { differences, fingerprint } from '../testing/fingerprint.ts'
import { startTestServer } from '../testing/harness.ts'
import {
  isRoomRoute,
  pathOf,
  ROUTE_CASES,
  type RouteCase,
  routeKey,
  ruleAllows,
} from '../testing/route-table.ts'
import { type SeatedRoom, Stage, SUBJECTS, type Subject } from '../testing/stage.ts'
import type { Mailer } from './mail.ts'

/**
 * The routes come from Fastify itself (its onRoute hook) and the mailer from the server itself,
 * so a route added without an entry in the matrix fails here, and mail sent after an answer is
 * waited for.
 */
const captured = vi.hoisted(() => ({ mailers: [] as Mailer[] }))

vi.mock('./mail.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./mail.ts')>()
  return {
    ...actual,
    createMailer(...args: Parameters<typeof actual.createMailer>) {
      const mailer = actual.createMailer(...args)
      captured.mailers.push(mailer)
      return mailer
    },
  }
})

const excerpt = (text: string) => text.replace(/\s+/g, ' ').slice(0, 120)

/**
 * Tries one route as one subject and returns what differs from the table: the answer (2xx when
 * the rule allows it, else 401 without a session and 403 with one) and, for a refusal, any change
 * to what is stored. `elsewhere` tries a room route on a room the subject is not in.
 */
async function tryRoute(
  stage: Stage,
  mailer: Mailer,
  route: RouteCase,
  subject: Subject,
  tag: string,
  answers: Array<{ subject: Subject; text: string; route: string }>,
  elsewhere = false,
): Promise<string[]> {
  const seated: SeatedRoom =
    route.room === 'fresh' && !elsewhere ? await stage.seatedRoom() : stage.main
  const roomId = elsewhere
    ? stage.other.roomId
    : route.room === 'joinable'
      ? stage.joinable.roomId
      : seated.roomId
  const seat = seated.seats[subject]
  const shape = route.request ? await route.request({ stage, roomId, subject, tag }) : {}
  const allowed = !elsewhere && ruleAllows(route.rule, seat)
  const cookie = route.endsSession ? await stage.spareCookie(seat) : seat.cookie
  const name = `${subject} → ${routeKey(route)}${elsewhere ? ' on a room they are not in' : ''}`

  await mailer.settled()
  const before = fingerprint(stage.test.storage)
  const answer = await stage.send(
    { address: seat.address, cookie },
    route.method,
    pathOf(route, roomId, shape),
    shape.body,
  )
  await mailer.settled()
  const after = fingerprint(stage.test.storage)
  if (route.endsSession === 'all' && seat.person) await stage.renew(seat)
  answers.push({ subject, text: answer.text, route: routeKey(route) })

  const got = `answered ${answer.status} ${excerpt(answer.text)}`
  if (allowed) {
    const expected = route.allowedAnswer?.status
    const ok =
      expected === undefined
        ? answer.status >= 200 && answer.status < 300
        : answer.status === expected
    return ok ? [] : [`${name}: allowed by the table (${route.rule}), ${got}`]
  }
  // No key, no session read: the public API answers 401 whoever is signed in.
  const expected = seat.person === null || route.rule === 'api key' ? 401 : 403
  const problems =
    answer.status === expected
      ? []
      : [`${name}: refused by the table (${route.rule}), expected ${expected}, ${got}`]
  const changed = differences(before, after)
  if (changed.length > 0) problems.push(`${name}: refused, yet it changed ${changed.join('; ')}`)
  return problems
}

// Some four hundred requests, each its own session: a minute and more on a busy machine.
describe('authorization matrix over HTTP: every subject × every API route', {
  timeout: 120_000,
}, () => {
  it('answers exactly as the roles table says, a refusal changes nothing, and no room leaks into another', async () => {
    const test = await startTestServer()
    const stage = await Stage.open(test)
    const mailer = captured.mailers.at(-1)
    if (!mailer) throw new Error('the server made no mailer')

    // Every API route Fastify has is in the matrix, and every route of the matrix exists.
    const registered = [
      ...new Set(
        test.server.routes.filter((route) => route.path.startsWith('/api/')).map(routeKey),
      ),
    ]
    const declared = ROUTE_CASES.map(routeKey)
    expect(
      registered.filter((key) => !declared.includes(key)),
      'routes without an entry in server/src/testing/route-table.ts',
    ).toEqual([])
    expect(
      declared.filter((key) => !registered.includes(key)),
      'entries of no route',
    ).toEqual([])
    expect(new Set(declared).size).toBe(declared.length)

    const mismatches: string[] = []
    const answers: Array<{ subject: Subject; text: string; route: string }> = []
    let count = 0
    for (const route of ROUTE_CASES) {
      for (const subject of SUBJECTS) {
        const tag = `${subject}-${++count}`
        mismatches.push(...(await tryRoute(stage, mailer, route, subject, tag, answers)))
      }
    }
    // Every room route, by everyone of the main room, on a room they are not in: refused.
    const roomRoutes = ROUTE_CASES.filter(isRoomRoute)
    for (const route of roomRoutes) {
      for (const role of ROLES) {
        const tag = `${role}-${++count}`
        mismatches.push(...(await tryRoute(stage, mailer, route, role, tag, answers, true)))
      }
    }
    expect(mismatches).toEqual([])

    // Signing out (here or everywhere) ended no one else's session.
    for (const subject of SUBJECTS) {
      const seat = stage.main.seats[subject]
      const answer = await stage.send(seat, 'GET', '/api/session')
      expect(answer.status, `${subject}'s session`).toBe(seat.person ? 200 : 401)
    }
    // Canary: nothing of the other room ever reached anyone of the main room.
    // The other room's owner is a teammate (one instance, one workspace): the team list names them.
    const leaks = answers.filter(
      ({ subject, text, route }) =>
        subject !== 'outsider' &&
        route !== 'GET /api/team' &&
        (text.includes(stage.other.roomId) || text.includes(stage.other.owner.email)),
    )
    expect(leaks.map(({ subject, text }) => `${subject}: ${excerpt(text)}`)).toEqual([])
    expect(answers).toHaveLength(
      ROUTE_CASES.length * SUBJECTS.length + roomRoutes.length * ROLES.length,
    )
    // Some 500 requests one after another: 23 s alone on a loaded two-core machine, past the
    // default 30 s when other suites run beside it.
  }, 120_000)
})
