import { describe, expect, it } from 'vitest'
import type { Stakeholder, Task } from '../../../shared/src/room/index.ts'
import type { Member } from '../storage/storage.ts'
import type { GuidanceFacts } from './next-actions.ts'
import { plannedNudges } from './nudge-plan.ts'

const DAY = 86_400_000
const INVITED = Date.parse('2026-06-01T09:00:00Z')

const member = (personId: string, role: Member['role'], joinedAt: number | null): Member => ({
  roomId: 'r',
  personId,
  name: personId,
  role,
  email: `${personId}@x.test`,
  createdAt: INVITED,
  joinedAt,
})
const owner = (id: string, memberId: string | null): Stakeholder => ({
  id,
  name: id,
  title: '',
  side: 'buyer',
  buyingRole: 'other',
  stance: 'unknown',
  memberId,
})
const task = (id: string, patch: Partial<Task>): Task => ({
  id,
  milestoneId: 'm',
  title: id,
  order: 'a',
  ownerId: null,
  side: 'buyer',
  dueDate: null,
  status: 'todo',
  doneAt: null,
  doneBy: null,
  ...patch,
})
const facts = (patch: Partial<GuidanceFacts>): GuidanceFacts => ({
  roomId: 'r',
  events: [],
  members: [],
  stakeholders: [],
  tasks: [],
  milestones: [],
  sections: [],
  consensus: [],
  now: INVITED,
  ...patch,
})
const plan = (patch: Partial<GuidanceFacts>) =>
  plannedNudges(facts(patch)).map(
    (nudge) => `${nudge.personId} ${nudge.kind} ${new Date(nudge.dueAt).toISOString()}`,
  )

describe('the reminders a room plans', () => {
  it('invited people who have not opened the room: 2 and 5 days after the invitation; not sellers, not those who opened it', () => {
    expect(
      plan({
        members: [
          member('seller', 'owner', null),
          member('champ', 'champion', INVITED + DAY),
          member('cfo', 'stakeholder', null),
        ],
      }),
    ).toEqual(['cfo invite-2 2026-06-03T09:00:00.000Z', 'cfo invite-5 2026-06-06T09:00:00.000Z'])
  })

  it('task owners: the day before and the day after the due date, for tasks not done with an owner in the room', () => {
    const people = [owner('s-champ', 'champ'), owner('s-gone', 'gone'), owner('s-map', null)]
    expect(
      plan({
        members: [member('champ', 'champion', INVITED)],
        stakeholders: people,
        tasks: [
          task('review', { ownerId: 's-champ', dueDate: '2026-06-10' }),
          task('done', { ownerId: 's-champ', dueDate: '2026-06-10', status: 'done' }),
          task('undated', { ownerId: 's-champ' }),
          task('unowned', { dueDate: '2026-06-10' }),
          task('removed-owner', { ownerId: 's-gone', dueDate: '2026-06-10' }),
          task('not-invited-owner', { ownerId: 's-map', dueDate: '2026-06-10' }),
        ],
      }),
    ).toEqual([
      'champ task-before 2026-06-09T00:00:00.000Z',
      'champ task-after 2026-06-11T00:00:00.000Z',
    ])
  })

  it('a new due date is a new reminder (a new key); the same situation keeps its key', () => {
    const base = {
      members: [member('champ', 'champion', INVITED)],
      stakeholders: [owner('s', 'champ')],
    }
    const keys = (dueDate: string) =>
      plannedNudges(facts({ ...base, tasks: [task('t', { ownerId: 's', dueDate })] })).map(
        (nudge) => nudge.key,
      )
    expect(keys('2026-06-10')).toEqual(keys('2026-06-10'))
    expect(keys('2026-06-12')).not.toEqual(keys('2026-06-10'))
  })
})
