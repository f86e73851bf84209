import type * as Y from 'yjs'
import { consensusKeys, listConsensus } from './conversation.ts'
import { listStakeholders } from './people.ts'
import { listMilestones } from './plan.ts'
import type { ConsensusMark, ConsensusStance, Milestone, Stakeholder } from './schema.ts'
import { listSections } from './sections.ts'

/**
 * Reading consensus against the stakeholder map: for an item, where each stakeholder stands
 * (agree, concern, block, or not weighed in) and which marks came from room members who are not
 * on the map. Marks are per person (a member id); stakeholders point at members once they join.
 */
export interface StakeholderStance {
  stakeholder: Stakeholder
  /** Their mark on the item, or null when they have not weighed in (or have not joined). */
  mark: ConsensusMark | null
}

export interface ItemConsensus {
  itemKey: string
  /** Every stakeholder of the buying group (buyer side), champion and economic buyer first. */
  buyingGroup: StakeholderStance[]
  /** Marks from anyone else: seller-side stakeholders and members not on the map. */
  others: ConsensusMark[]
  counts: Record<ConsensusStance | 'silent', number>
}

const ROLE_ORDER: Record<string, number> = { 'economic-buyer': 0, champion: 1 }

/** Stakeholders of the buying group, economic buyer and champion first, then by name. */
export function buyingGroup(doc: Y.Doc): Stakeholder[] {
  return listStakeholders(doc)
    .filter((person) => person.side !== 'seller')
    .sort(
      (a, b) =>
        (ROLE_ORDER[a.buyingRole] ?? 9) - (ROLE_ORDER[b.buyingRole] ?? 9) ||
        a.name.localeCompare(b.name),
    )
}

function summarise(itemKey: string, group: Stakeholder[], marks: ConsensusMark[]): ItemConsensus {
  const byPerson = new Map(marks.map((mark) => [mark.personId, mark]))
  const counts = { agree: 0, concern: 0, block: 0, silent: 0 }
  const members = new Set<string>()
  const rows = group.map((stakeholder) => {
    const mark = stakeholder.memberId ? (byPerson.get(stakeholder.memberId) ?? null) : null
    if (stakeholder.memberId) members.add(stakeholder.memberId)
    counts[mark ? mark.stance : 'silent']++
    return { stakeholder, mark }
  })
  return {
    itemKey,
    buyingGroup: rows,
    others: marks.filter((mark) => !members.has(mark.personId)),
    counts,
  }
}

/** Where everyone stands on one item. */
export function itemConsensus(doc: Y.Doc, itemKey: string): ItemConsensus {
  return summarise(itemKey, buyingGroup(doc), listConsensus(doc, itemKey))
}

export interface ConsensusItem {
  itemKey: string
  label: string
  kind: 'business-case' | 'section' | 'milestone'
}

/** Everything that can be agreed to: the business case, its sections, each milestone. */
export function consensusItems(doc: Y.Doc): ConsensusItem[] {
  return [
    { itemKey: consensusKeys.businessCase, label: 'Business case', kind: 'business-case' },
    ...listSections(doc).map(
      (section): ConsensusItem => ({
        itemKey: consensusKeys.section(section.id),
        label: `Business case: ${section.title || section.id}`,
        kind: 'section',
      }),
    ),
    ...listMilestones(doc).map(
      (milestone): ConsensusItem => ({
        itemKey: consensusKeys.milestone(milestone.id),
        label: milestone.title,
        kind: 'milestone',
      }),
    ),
  ]
}

export interface ConsensusMeter {
  /** Where the buying group stands on the business case as a whole. */
  businessCase: ItemConsensus
  /** Items someone has marked or whose sign-off is required, in room order. */
  items: Array<ConsensusItem & { consensus: ItemConsensus }>
  /** Open concerns and blocks across the room, newest first. */
  objections: Array<{ item: ConsensusItem; mark: ConsensusMark }>
  groupSize: number
}

/** The room-level consensus meter for the overview. */
export function consensusMeter(doc: Y.Doc): ConsensusMeter {
  const group = buyingGroup(doc)
  const marks = listConsensus(doc)
  const byItem = new Map<string, ConsensusMark[]>()
  for (const mark of marks) {
    const list = byItem.get(mark.itemKey) ?? []
    list.push(mark)
    byItem.set(mark.itemKey, list)
  }
  const signoffItems = new Set(
    listMilestones(doc)
      .filter((milestone) => milestone.signoffBy.length > 0)
      .map((milestone) => consensusKeys.milestone(milestone.id)),
  )
  const all = consensusItems(doc)
  const items = all
    .filter((item) => byItem.has(item.itemKey) || signoffItems.has(item.itemKey))
    .map((item) => ({
      ...item,
      consensus: summarise(item.itemKey, group, byItem.get(item.itemKey) ?? []),
    }))
  const labels = new Map(all.map((item) => [item.itemKey, item]))
  const objections = marks
    .filter((mark) => mark.stance !== 'agree' && labels.has(mark.itemKey))
    .sort((a, b) => b.at - a.at)
    .map((mark) => ({ item: labels.get(mark.itemKey) as ConsensusItem, mark }))
  return {
    businessCase: summarise(
      consensusKeys.businessCase,
      group,
      byItem.get(consensusKeys.businessCase) ?? [],
    ),
    items,
    objections,
    groupSize: group.length,
  }
}

// Sign-off

export interface Signoff {
  /** The stakeholders whose agreement is needed, each with their mark on the milestone. */
  signers: StakeholderStance[]
  /** True when sign-off is required and every signer has agreed. */
  signedOff: boolean
}

export function milestoneSignoff(doc: Y.Doc, milestone: Milestone): Signoff {
  const marks = new Map(
    listConsensus(doc, consensusKeys.milestone(milestone.id)).map((mark) => [mark.personId, mark]),
  )
  const stakeholders = new Map(listStakeholders(doc).map((person) => [person.id, person]))
  const signers = milestone.signoffBy
    .map((id) => stakeholders.get(id))
    .filter((person): person is Stakeholder => person !== undefined)
    .map((stakeholder) => ({
      stakeholder,
      mark: stakeholder.memberId ? (marks.get(stakeholder.memberId) ?? null) : null,
    }))
  return {
    signers,
    signedOff: signers.length > 0 && signers.every((signer) => signer.mark?.stance === 'agree'),
  }
}

/**
 * Whether a milestone shows as done: with sign-off required, exactly when every signer agrees;
 * without, when its status says so.
 */
export function milestoneDone(doc: Y.Doc, milestone: Milestone): boolean {
  return milestone.signoffBy.length > 0
    ? milestoneSignoff(doc, milestone).signedOff
    : milestone.status === 'done'
}
