import type * as Y from 'yjs'
import type { Role } from '../../../../shared/src/access.ts'
import {
  addMilestone,
  addStakeholder,
  addTask,
  BUYING_ROLES,
  CONSENSUS_STANCES,
  type CommentAnchor,
  clearConsensus,
  consensusKeys,
  listConsensus,
  listMilestones,
  listSections,
  listStakeholders,
  listTasks,
  MILESTONE_STATUSES,
  markConsensus,
  moveMilestone,
  moveTask,
  removeMilestone,
  removeStakeholder,
  removeTask,
  SIDES,
  STANCES,
  setTaskDone,
  TASK_STATUSES,
  updateMeta,
  updateMilestone,
  updateStakeholder,
  updateTask,
} from '../../../../shared/src/room/index.ts'
import {
  mayEditDealFacts,
  mayEditRoom,
  mayManagePeople,
  mayRemoveStakeholder,
} from '../../../../shared/src/room/write-rules.ts'
import { BUSINESS_CASE_EDITS, editBusinessCase, pickTextAnchor } from './business-case.ts'
import { conversationEdits } from './conversation-edits.ts'
import type { EditRecord } from './ledger.ts'
import type { Peer, Person } from './peer.ts'
import type { Random } from './random.ts'

/** What an edit is given: the tab that makes it, and where to record what it did. */
export interface EditContext {
  random: Random
  peer: Peer
  /** Everyone in the room (who can be mentioned, or own a task). */
  people: readonly Person[]
  record: EditRecord
  /** A fresh unique word (see `uniqueWord`), the identity of what the edit writes. */
  word: () => string
}

export interface EditKind {
  name: string
  weight: number
  /** Whether this person may make the edit: the fuzz only makes legal writes. */
  allowed: (peer: Peer) => boolean
  /** Makes the edit and returns what it did, or null (recording nothing) when it cannot apply. */
  run: (context: EditContext) => string | null
}

const anyWriter = (peer: Peer) => mayEditRoom(peer.person.role)
const role = (check: (role: Role) => boolean) => (peer: Peer) => check(peer.person.role)

/** Items by id, so that picks do not depend on timestamps (which differ between replays). */
const byId = <T extends { id: string }>(items: T[]) =>
  [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

function day(random: Random): string {
  return `2026-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`
}

/** Something to anchor a comment to: a plan item, a stakeholder, a section or words. */
export function pickAnchor(doc: Y.Doc, random: Random): CommentAnchor | null {
  const kind = random.weighted({ task: 3, milestone: 2, stakeholder: 1, section: 2, text: 2 })
  if (kind === 'text') return pickTextAnchor(doc, random)
  const ids =
    kind === 'task'
      ? listTasks(doc).map((task) => task.id)
      : kind === 'milestone'
        ? listMilestones(doc).map((milestone) => milestone.id)
        : kind === 'stakeholder'
          ? byId(listStakeholders(doc)).map((person) => person.id)
          : listSections(doc).map((section) => section.id)
  const id = random.maybePick(ids)
  return id === null ? null : { kind, id }
}

const plan: EditKind[] = [
  {
    name: 'add milestone',
    weight: 3,
    allowed: anyWriter,
    run: ({ peer, random, record, word }) => {
      const doc = peer.shared.doc
      const title = `Milestone ${word()}`
      const id = addMilestone(doc, {
        title,
        index: random.int(0, listMilestones(doc).length),
        ...(random.chance(0.5) ? { dueDate: day(random) } : {}),
      })
      record.created(`milestone:${id}`)
      record.field(`milestone:${id}`, 'title', title)
      return `added milestone ${id} "${title}"`
    },
  },
  {
    name: 'update milestone',
    weight: 4,
    allowed: anyWriter,
    run: ({ peer, random, record, word }) => {
      const milestone = random.maybePick(listMilestones(peer.shared.doc))
      if (!milestone) return null
      const title = random.chance(0.5) ? `Milestone ${word()}` : undefined
      const status = random.chance(0.5) ? random.pick(MILESTONE_STATUSES) : undefined
      const dueDate = random.chance(0.3) ? (random.chance(0.2) ? null : day(random)) : undefined
      updateMilestone(peer.shared.doc, milestone.id, { title, status, dueDate })
      if (title !== undefined) record.field(`milestone:${milestone.id}`, 'title', title)
      return `updated milestone ${milestone.id} ${JSON.stringify({ title, status, dueDate })}`
    },
  },
  {
    name: 'choose signers',
    weight: 2,
    allowed: role(mayManagePeople),
    run: ({ peer, random }) => {
      const doc = peer.shared.doc
      const milestone = random.maybePick(listMilestones(doc))
      if (!milestone) return null
      const signers = random
        .sample(byId(listStakeholders(doc)), random.int(0, 2))
        .map((person) => person.id)
      updateMilestone(doc, milestone.id, { signoffBy: signers })
      return `signers of ${milestone.id}: ${signers.join(', ') || 'none'}`
    },
  },
  {
    name: 'move milestone',
    weight: 2,
    allowed: anyWriter,
    run: ({ peer, random }) => {
      const milestones = listMilestones(peer.shared.doc)
      const milestone = random.maybePick(milestones)
      if (!milestone) return null
      const index = random.int(0, milestones.length - 1)
      moveMilestone(peer.shared.doc, milestone.id, index)
      return `moved milestone ${milestone.id} to ${index}`
    },
  },
  {
    name: 'remove milestone',
    weight: 1,
    allowed: anyWriter,
    run: ({ peer, random, record }) => {
      const doc = peer.shared.doc
      const milestones = listMilestones(doc)
      if (milestones.length < 3) return null
      const milestone = random.pick(milestones)
      // Its tasks go with it: those this tab sees under it.
      for (const task of listTasks(doc, milestone.id)) record.removed(`task:${task.id}`)
      record.removed(`milestone:${milestone.id}`)
      removeMilestone(doc, milestone.id)
      return `removed milestone ${milestone.id}`
    },
  },
  {
    name: 'add task',
    weight: 6,
    allowed: anyWriter,
    run: ({ peer, random, record, word }) => {
      const doc = peer.shared.doc
      const milestone = random.maybePick(listMilestones(doc))
      if (!milestone) return null
      const owner = random.chance(0.4) ? random.maybePick(byId(listStakeholders(doc))) : null
      const title = `Task ${word()}`
      const id = addTask(doc, {
        milestoneId: milestone.id,
        title,
        side: random.pick(SIDES),
        ownerId: owner?.id ?? null,
        index: random.int(0, listTasks(doc, milestone.id).length),
        ...(random.chance(0.5) ? { dueDate: day(random) } : {}),
      })
      record.created(`task:${id}`)
      record.field(`task:${id}`, 'title', title)
      return `added task ${id} "${title}" to ${milestone.id}`
    },
  },
  {
    name: 'update task',
    weight: 5,
    allowed: anyWriter,
    run: ({ peer, random, record, word }) => {
      const doc = peer.shared.doc
      const task = random.maybePick(listTasks(doc))
      if (!task) return null
      const title = random.chance(0.5) ? `Task ${word()}` : undefined
      const owner = random.chance(0.3) ? random.maybePick(byId(listStakeholders(doc))) : undefined
      const patch = {
        title,
        ownerId: owner === undefined ? undefined : (owner?.id ?? null),
        side: random.chance(0.3) ? random.pick(SIDES) : undefined,
        status: random.chance(0.4) ? random.pick(TASK_STATUSES) : undefined,
        dueDate: random.chance(0.3) ? (random.chance(0.2) ? null : day(random)) : undefined,
      }
      updateTask(doc, task.id, patch, peer.person.personId)
      if (title !== undefined) record.field(`task:${task.id}`, 'title', title)
      return `updated task ${task.id} ${JSON.stringify(patch)}`
    },
  },
  {
    name: 'complete task',
    weight: 4,
    allowed: anyWriter,
    run: ({ peer, random }) => {
      const task = random.maybePick(listTasks(peer.shared.doc))
      if (!task) return null
      const done = task.status !== 'done'
      setTaskDone(peer.shared.doc, task.id, done, peer.person.personId)
      return `${done ? 'completed' : 'reopened'} task ${task.id}`
    },
  },
  {
    name: 'move task',
    weight: 3,
    allowed: anyWriter,
    run: ({ peer, random }) => {
      const doc = peer.shared.doc
      const task = random.maybePick(listTasks(doc))
      const milestone = random.maybePick(listMilestones(doc))
      if (!task || !milestone) return null
      const index = random.int(0, listTasks(doc, milestone.id).length)
      moveTask(doc, task.id, milestone.id, index)
      return `moved task ${task.id} to ${milestone.id} at ${index}`
    },
  },
  {
    name: 'remove task',
    weight: 2,
    allowed: anyWriter,
    run: ({ peer, random, record }) => {
      const task = random.maybePick(listTasks(peer.shared.doc))
      if (!task) return null
      record.removed(`task:${task.id}`)
      removeTask(peer.shared.doc, task.id)
      return `removed task ${task.id}`
    },
  },
]

const people: EditKind[] = [
  {
    name: 'add stakeholder',
    weight: 3,
    allowed: role(mayManagePeople),
    run: ({ peer, random, record, word }) => {
      const name = `Person ${word()}`
      const id = addStakeholder(peer.shared.doc, {
        name,
        title: random.pick(['CFO', 'CTO', 'Head of IT', '']),
        side: random.pick(SIDES),
        buyingRole: random.pick(BUYING_ROLES),
        stance: random.pick(STANCES),
      })
      record.created(`stakeholder:${id}`)
      record.field(`stakeholder:${id}`, 'name', name)
      return `added stakeholder ${id} "${name}"`
    },
  },
  {
    name: 'update stakeholder',
    weight: 3,
    allowed: role(mayManagePeople),
    run: ({ peer, random, record, word }) => {
      const person = random.maybePick(byId(listStakeholders(peer.shared.doc)))
      if (!person) return null
      const name = random.chance(0.4) ? `Person ${word()}` : undefined
      const patch = {
        name,
        stance: random.chance(0.5) ? random.pick(STANCES) : undefined,
        buyingRole: random.chance(0.3) ? random.pick(BUYING_ROLES) : undefined,
        title: random.chance(0.3) ? random.pick(['VP Sales', 'Legal counsel', '']) : undefined,
      }
      updateStakeholder(peer.shared.doc, person.id, patch)
      if (name !== undefined) record.field(`stakeholder:${person.id}`, 'name', name)
      return `updated stakeholder ${person.id} ${JSON.stringify(patch)}`
    },
  },
  {
    name: 'remove stakeholder',
    weight: 1,
    allowed: role(mayManagePeople),
    run: ({ peer, random, record }) => {
      // Only those not linked to a room member may go (the write rules say so, and so does the UI).
      const unlinked = byId(listStakeholders(peer.shared.doc)).filter((p) =>
        mayRemoveStakeholder(peer.person.role, p.memberId),
      )
      const person = random.maybePick(unlinked)
      if (!person) return null
      record.removed(`stakeholder:${person.id}`)
      removeStakeholder(peer.shared.doc, person.id)
      return `removed stakeholder ${person.id}`
    },
  },
]

const agreement: EditKind[] = [
  {
    name: 'mark consensus',
    weight: 4,
    allowed: anyWriter,
    run: ({ peer, random, record, word }) => {
      const doc = peer.shared.doc
      const items = [
        consensusKeys.businessCase,
        ...listSections(doc).map((section) => consensusKeys.section(section.id)),
        ...listMilestones(doc).map((milestone) => consensusKeys.milestone(milestone.id)),
      ]
      const item = random.pick(items)
      const stance = random.pick(CONSENSUS_STANCES)
      const note = stance === 'agree' && random.chance(0.5) ? '' : `because ${word()}`
      markConsensus(doc, item, peer.person.personId, stance, note)
      record.field(`mark:${item}|${peer.person.personId}`, 'value', `${stance}:${note}`)
      return `marked ${item} ${stance} "${note}"`
    },
  },
  {
    name: 'clear consensus',
    weight: 2,
    allowed: anyWriter,
    run: ({ peer, random, record }) => {
      const mine = listConsensus(peer.shared.doc)
        .filter((mark) => mark.personId === peer.person.personId)
        .map((mark) => mark.itemKey)
        .sort()
      const item = random.maybePick(mine)
      if (item === null) return null
      clearConsensus(peer.shared.doc, item, peer.person.personId)
      record.field(`mark:${item}|${peer.person.personId}`, 'value', null)
      return `cleared the mark on ${item}`
    },
  },
  {
    name: 'deal details',
    weight: 2,
    allowed: role(mayEditDealFacts),
    run: ({ peer, random, record, word }) => {
      const title = random.chance(0.6) ? `Deal ${word()}` : undefined
      const patch = {
        title,
        stage: random.chance(0.5)
          ? random.pick(['Discovery', 'Evaluation', 'Decision'])
          : undefined,
        targetCloseDate: random.chance(0.4) ? day(random) : undefined,
      }
      updateMeta(peer.shared.doc, patch)
      if (title !== undefined) record.field('meta', 'title', title)
      return `deal details ${JSON.stringify(patch)}`
    },
  },
]

const businessCase: EditKind[] = BUSINESS_CASE_EDITS.map((kind) => ({
  name: `business case: ${kind}`,
  weight: kind === 'type' ? 8 : kind === 'erase' ? 3 : 2,
  allowed: anyWriter,
  run: ({ peer, random, record, word, people: everyone }) =>
    editBusinessCase(peer.shared.doc, kind, {
      random,
      record,
      word,
      writerId: peer.person.personId,
      mentionable: everyone,
    }),
}))

/** Every kind of edit the fuzz makes, for every root of both documents. */
export const EDIT_KINDS: readonly EditKind[] = [
  ...plan,
  ...people,
  ...agreement,
  ...businessCase,
  ...conversationEdits(pickAnchor),
]
