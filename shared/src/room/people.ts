import * as Y from 'yjs'
import { newId } from '../ids.ts'
import {
  BUYING_ROLES,
  type BuyingRole,
  entries,
  oneOf,
  requireEntry,
  requireText,
  roots,
  SIDES,
  type Side,
  STANCES,
  type Stakeholder,
  type Stance,
  str,
  strOrNull,
  writeFields,
} from './schema.ts'

function readStakeholder(id: string, entry: Y.Map<unknown>): Stakeholder {
  return {
    id,
    name: str(entry, 'name'),
    title: str(entry, 'title'),
    side: oneOf(entry, 'side', SIDES, 'buyer'),
    buyingRole: oneOf(entry, 'buyingRole', BUYING_ROLES, 'other'),
    stance: oneOf(entry, 'stance', STANCES, 'unknown'),
    memberId: strOrNull(entry, 'memberId'),
  }
}

/** The buying group and seller team, by name. */
export function listStakeholders(doc: Y.Doc): Stakeholder[] {
  return entries(roots.stakeholders(doc))
    .map(([id, entry]) => readStakeholder(id, entry))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1))
}

export function getStakeholder(doc: Y.Doc, id: string): Stakeholder | null {
  const entry = roots.stakeholders(doc).get(id)
  return entry instanceof Y.Map ? readStakeholder(id, entry) : null
}

/** The stakeholder linked to a room member, if any. */
export function stakeholderOfMember(doc: Y.Doc, memberId: string): Stakeholder | null {
  return listStakeholders(doc).find((person) => person.memberId === memberId) ?? null
}

export interface StakeholderInput {
  name: string
  title?: string
  side?: Side
  buyingRole?: BuyingRole
  stance?: Stance
  memberId?: string | null
  /** Use this id instead of a random one (the server links invited members by person id). */
  id?: string
}

export function addStakeholder(doc: Y.Doc, input: StakeholderInput): string {
  const id = input.id ?? newId()
  const name = requireText(input.name, 'A name')
  doc.transact(() => {
    const entry = new Y.Map<unknown>()
    roots.stakeholders(doc).set(id, entry)
    writeFields(entry, {
      name,
      title: input.title?.trim() ?? '',
      side: input.side ?? 'buyer',
      buyingRole: input.buyingRole ?? 'other',
      stance: input.stance ?? 'unknown',
      memberId: input.memberId ?? null,
    })
  })
  return id
}

export type StakeholderPatch = Partial<Omit<Stakeholder, 'id'>>

export function updateStakeholder(doc: Y.Doc, id: string, patch: StakeholderPatch): void {
  const entry = requireEntry(roots.stakeholders(doc), id, 'stakeholder')
  const checked = {
    ...patch,
    name: patch.name === undefined ? undefined : requireText(patch.name, 'A name'),
  }
  doc.transact(() => writeFields(entry, checked))
}

/** Removes a stakeholder and unassigns the tasks they owned. */
export function removeStakeholder(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    roots.stakeholders(doc).delete(id)
    for (const [, task] of entries(roots.tasks(doc))) {
      if (task.get('ownerId') === id) task.set('ownerId', null)
    }
  })
}
