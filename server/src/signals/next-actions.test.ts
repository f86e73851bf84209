import { describe, expect, it } from 'vitest'
import type { ConsensusMark, Stakeholder, Task } from '../../../shared/src/room/index.ts'
import type { EngagementEvent, EngagementKind, Member } from '../storage/storage.ts'
import { type GuidanceFacts, nextActions } from './next-actions.ts'

const DAY = 86_400_000
const NOW = Date.parse('2026-06-15T12:00:00Z')

const member = (personId: string, role: Member['role']): Member => ({
  roomId: 'r',
  personId,
  name: personId,
  role,
  email: `${personId}@x.test`,
  createdAt: 0,
  joinedAt: 1,
})
const person = (
  id: string,
  name: string,
  buyingRole: Stakeholder['buyingRole'],
  memberId: string | null,
  title = '',
): Stakeholder => ({ id, name, title, side: 'buyer', buyingRole, stance: 'unknown', memberId })
const event = (
  personId: string,
  kind: EngagementKind,
  at: number,
  sectionId: string,
  side: 'buyer' | 'seller' = 'buyer',
): EngagementEvent => ({
  roomId: 'r',
  personId,
  side,
  kind,
  section: null,
  durationMs: null,
  detail: { sectionId },
  at,
})
const task = (id: string, title: string, patch: Partial<Task> = {}): Task => ({
  id,
  milestoneId: 'm1',
  title,
  order: 'a',
  ownerId: null,
  side: 'buyer',
  dueDate: null,
  status: 'todo',
  doneAt: null,
  doneBy: null,
  ...patch,
})

/** A room with a seller, a CFO (economic buyer) and a champion, both in the room. */
function room(patch: Partial<GuidanceFacts> = {}): GuidanceFacts {
  return {
    roomId: 'r',
    events: [],
    members: [member('seller', 'owner'), member('cfo', 'stakeholder'), member('champ', 'champion')],
    stakeholders: [
      person('s-cfo', 'Dana Lee', 'economic-buyer', 'cfo', 'CFO'),
      person('s-champ', 'Alex Kim', 'champion', 'champ'),
    ],
    tasks: [],
    milestones: [{ id: 'm1', title: 'Evaluation', order: 'a', dueDate: null, status: 'active' }],
    sections: [
      { id: 'why', title: 'Why now' },
      { id: 'cost', title: 'Cost' },
    ],
    consensus: [],
    now: NOW,
    ...patch,
  } as GuidanceFacts
}

const summary = (facts: GuidanceFacts) =>
  nextActions(facts).map((action) => `${action.message} — ${action.reason} → ${action.href}`)

describe('next best actions', () => {
  it('a quiet, healthy room has nothing to do', () => {
    expect(nextActions(room())).toEqual([])
  })

  it('the CFO has not read Cost since it changed 4 days ago: send her the section', () => {
    const changed = NOW - 4 * DAY
    const facts = room({
      events: [
        event('cfo', 'section.read', changed - DAY, 'cost'),
        event('seller', 'business-case.edited', changed, 'cost', 'seller'),
        // The champion read it since.
        event('champ', 'section.read', changed + DAY, 'cost'),
      ],
    })
    expect(summary(facts)).toEqual([
      'Send Dana Lee the section — Dana Lee (CFO) has not read “Cost” since it changed 4 days ago → /r/r/business-case/cost',
    ])
    // Changed yesterday: too soon to chase.
    const fresh = room({
      events: [event('seller', 'business-case.edited', NOW - DAY, 'cost', 'seller')],
    })
    expect(nextActions(fresh)).toEqual([])
    // Read now: the action goes away.
    const read = room({
      events: [...facts.events, event('cfo', 'section.read', NOW - 1000, 'cost')],
    })
    expect(nextActions(read)).toEqual([])
  })

  it('a changed situation has a new key: a dismissed action does not hide the next change', () => {
    const first = nextActions(
      room({ events: [event('seller', 'business-case.edited', NOW - 3 * DAY, 'why', 'seller')] }),
    )
    const again = nextActions(
      room({ events: [event('seller', 'business-case.edited', NOW - 2 * DAY, 'why', 'seller')] }),
    )
    expect(first.map((action) => action.key)).not.toEqual(again.map((action) => action.key))
    expect(first).toHaveLength(2)
  })

  it('Legal is mapped but not invited: invite them', () => {
    const facts = room({
      stakeholders: [...room().stakeholders, person('s-legal', 'Legal', 'legal', null)],
    })
    expect(summary(facts)).toEqual([
      'Invite Legal — Legal (legal) is on the stakeholder map but not invited → /r/r/stakeholders/invite',
    ])
    expect(nextActions(facts)[0]?.key).toBe('uninvited:s-legal')
  })

  it('the security review is overdue and owned by the buyer: ask the champion', () => {
    const facts = room({
      stakeholders: [
        ...room().stakeholders,
        person('s-it', 'Sam Ortiz', 'technical', null, 'CISO'),
      ],
      tasks: [
        task('t1', 'Security review', { ownerId: 's-it', dueDate: '2026-06-12' }),
        task('t2', 'Done already', { dueDate: '2026-06-01', status: 'done' }),
        task('t3', 'Seller task', { side: 'seller', dueDate: '2026-06-01' }),
        task('t4', 'Due today', { dueDate: '2026-06-15' }),
      ],
    })
    expect(summary(facts)).toEqual([
      'Ask Alex Kim, the champion, about it — “Security review” is 3 days overdue and owned by Sam Ortiz (CISO) → /r/r/plan/t1',
      'Invite Sam Ortiz — Sam Ortiz (CISO) is on the stakeholder map but not invited → /r/r/stakeholders/invite',
    ])
  })

  it('the economic buyer blocked Decision: open the thread (first of all)', () => {
    const block: ConsensusMark = {
      itemKey: 'section:decision',
      personId: 'cfo',
      stance: 'block',
      note: 'Price is above budget',
      at: NOW - DAY,
    }
    const facts = room({
      sections: [...room().sections, { id: 'decision', title: 'Decision' }],
      consensus: [
        block,
        { ...block, personId: 'champ', stance: 'agree', note: '' },
        // A seller's own block is not the buyer's objection.
        { ...block, personId: 'seller' },
      ],
      stakeholders: [...room().stakeholders, person('s-legal', 'Legal', 'legal', null)],
    })
    const actions = nextActions(facts)
    expect(actions.map((action) => action.kind)).toEqual(['blocked', 'not-invited'])
    expect(actions[0]).toMatchObject({
      message: 'Open the thread and answer the objection',
      reason: 'Dana Lee (CFO) blocked “Decision”: “Price is above budget”',
      href: '/r/r/business-case/decision',
      linkLabel: 'Open the thread',
    })
  })
})
