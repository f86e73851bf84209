import { describe, expect, it } from 'vitest'
import type { Stakeholder, Task } from '../../../shared/src/room/index.ts'
import type { EngagementEvent, EngagementKind, Member } from '../storage/storage.ts'
import { roomAlerts } from './alerts.ts'
import { dealHealth } from './health.ts'
import { roomInsights } from './insights.ts'

const DAY = 86_400_000
const NOW = Date.parse('2026-06-15T12:00:00Z')

const member = (personId: string, name: string, role: Member['role']): Member => ({
  roomId: 'r',
  personId,
  name,
  role,
  email: `${personId}@x.test`,
  createdAt: 0,
  joinedAt: null,
})
const stakeholder = (
  memberId: string | null,
  name: string,
  buyingRole: Stakeholder['buyingRole'],
): Stakeholder => ({
  id: `s-${name}`,
  name,
  title: '',
  side: 'buyer',
  buyingRole,
  stance: 'unknown',
  memberId,
})
const event = (
  personId: string,
  kind: EngagementKind,
  daysAgo: number,
  extra: Partial<EngagementEvent> = {},
): EngagementEvent => ({
  roomId: 'r',
  personId,
  side: personId === 'sam' ? 'seller' : 'buyer',
  kind,
  section: null,
  durationMs: null,
  detail: {},
  at: NOW - daysAgo * DAY,
  ...extra,
})
const task = (
  title: string,
  side: Task['side'],
  dueDate: string | null,
  status: Task['status'] = 'todo',
  doneAt: number | null = null,
): Task => ({
  id: title,
  milestoneId: 'm',
  title,
  order: 'a',
  ownerId: null,
  side,
  dueDate,
  status,
  doneAt,
  doneBy: null,
})

const members = [
  member('sam', 'Sam Seller', 'owner'),
  member('dana', 'Dana Park', 'champion'),
  member('cfo', 'Chris CFO', 'stakeholder'),
  member('lee', 'Lee', 'viewer'),
]
const stakeholders = [
  stakeholder('dana', 'Dana Park', 'champion'),
  stakeholder('cfo', 'Chris CFO', 'economic-buyer'),
  stakeholder('lee', 'Lee', 'technical'),
]

describe('deal health', () => {
  it('is 100 for an engaged buying group on schedule', () => {
    const events = [
      event('dana', 'room.opened', 1),
      event('cfo', 'room.opened', 2),
      event('lee', 'room.opened', 0.5),
    ]
    expect(
      dealHealth({
        events,
        members,
        stakeholders,
        tasks: [task('t', 'buyer', '2026-07-01')],
        now: NOW,
      }),
    ).toEqual({ score: 100, reasons: [] })
  })

  it('explains each point it takes off, biggest first', () => {
    const events = [event('dana', 'room.opened', 9), event('sam', 'room.opened', 0)]
    const tasks = [
      task('Security questionnaire', 'buyer', '2026-06-01'),
      task('Legal review', 'buyer', '2026-06-10'),
      task('x', 'buyer', '2026-06-12'),
      task('Demo', 'seller', '2026-06-01'),
    ]
    const health = dealHealth({ events, members, stakeholders, tasks, now: NOW })
    expect(health.reasons).toEqual([
      'No buyer activity for 9 days',
      'The economic buyer has never opened the room',
      'The champion has been quiet for 9 days',
      '3 buyer tasks overdue',
      'Only 1 of 3 invited buyers have engaged',
    ])
    expect(health.score).toBe(100 - 27 - 25 - 15 - 15 - 10)
  })

  it('does not count seller activity as buyer activity', () => {
    const events = [
      event('sam', 'room.opened', 0),
      event('sam', 'section.viewed', 0, { section: 'plan', durationMs: 60_000 }),
    ]
    const health = dealHealth({ events, members, stakeholders, tasks: [], now: NOW })
    expect(health.reasons).toContain('No buyer has opened the room yet')
  })
})

describe('alerts', () => {
  it('raises each kind from a synthetic history', () => {
    const events = [
      event('dana', 'room.opened', 20),
      event('cfo', 'room.opened', 12),
      event('cfo', 'room.opened', 2),
      ...[1, 2, 3].map(() =>
        event('cfo', 'section.viewed', 2, { section: 'business-case', durationMs: 30_000 }),
      ),
      event('lee', 'stakeholder.first-seen', 1),
    ]
    const alerts = roomAlerts({
      events,
      members,
      stakeholders,
      tasks: [task('Send the security questionnaire', 'buyer', '2026-06-10')],
      now: NOW,
    })
    expect(alerts.map((alert) => alert.message).sort()).toEqual(
      [
        'Lee joined the room',
        'The business case was read 3 times on 2026-06-13',
        'The deal woke up: first buyer activity in 10 days',
        'Buyer task "Send the security questionnaire" is overdue (due 2026-06-10)',
        'Champion Dana Park has been quiet for 20 days',
      ].sort(),
    )
    // Newest first.
    expect(alerts.map((alert) => alert.at)).toEqual(
      [...alerts.map((alert) => alert.at)].sort((a, b) => b - a),
    )
    expect(new Set(alerts.map((alert) => alert.kind))).toEqual(
      new Set([
        'stakeholder-joined',
        'rereads',
        'deal-woke-up',
        'task-overdue',
        'key-person-quiet',
      ]),
    )
  })

  it('stays quiet for a healthy room', () => {
    const events = [
      event('dana', 'room.opened', 1),
      event('cfo', 'section.viewed', 0, { section: 'business-case', durationMs: 1000 }),
    ]
    expect(roomAlerts({ events, members, stakeholders, tasks: [], now: NOW })).toEqual([])
  })
})

describe('insights', () => {
  it('adds up time per person and section, re-reads, coverage, activity and momentum', () => {
    const events = [
      event('dana', 'room.opened', 0),
      event('dana', 'section.viewed', 0, { section: 'plan', durationMs: 3000 }),
      event('dana', 'section.viewed', 0, { section: 'business-case', durationMs: 2000 }),
      event('dana', 'section.viewed', 0, { section: 'business-case', durationMs: 1000 }),
      event('sam', 'section.viewed', 0, { section: 'business-case', durationMs: 50_000 }),
    ]
    const tasks = [
      task('a', 'buyer', null, 'done', NOW - 1 * DAY),
      task('b', 'joint', null, 'done', NOW - 8 * DAY),
    ]
    const insights = roomInsights({ events, members, stakeholders, tasks, now: NOW })
    expect(insights.people.find((p) => p.personId === 'dana')).toMatchObject({
      opens: 1,
      totalMs: 6000,
      bySection: { plan: 3000, 'business-case': 3000 },
    })
    expect(insights.sections[0]).toEqual({
      section: 'business-case',
      totalMs: 3000,
      views: 2,
      rereads: 1,
    })
    expect(insights.coverage).toEqual({ engaged: 1, invited: 3, notEngaged: ['Chris CFO', 'Lee'] })
    expect(insights.activity.at(-1)).toEqual({ day: '2026-06-15', buyer: 4, seller: 1 })
    // Weeks start on Monday: the 14th and the 7th (both Sundays) fall in the two weeks before this one.
    expect(insights.momentum.slice(-3).map((week) => week.completed)).toEqual([1, 1, 0])
  })
})
