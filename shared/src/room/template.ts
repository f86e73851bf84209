import * as Y from 'yjs'
import { updateMeta } from './meta.ts'
import { initialOrders } from './order.ts'
import { roots, SCHEMA_VERSION, type Side } from './schema.ts'

interface TemplateTask {
  title: string
  side: Side
  /** Days after the room is created. */
  dueInDays: number
}

interface TemplateMilestone {
  title: string
  dueInDays: number
  tasks: TemplateTask[]
}

export interface BusinessCaseSection {
  /** Stable id of the section, kept on its heading so comments and consensus can point at it. */
  id: string
  heading: string
  prompt: string
}

export interface RoomTemplate {
  name: string
  description: string
  milestones: TemplateMilestone[]
}

/** The outline every business case starts from: problem, impact, solution, cost, decision. */
export const BUSINESS_CASE_OUTLINE: readonly BusinessCaseSection[] = [
  {
    id: 'problem',
    heading: 'Problem',
    prompt: 'What is not working today, for whom, and what it costs to leave it as it is.',
  },
  {
    id: 'impact',
    heading: 'Impact',
    prompt: 'What changes when this is solved, in numbers the approvers care about.',
  },
  {
    id: 'solution',
    heading: 'Solution',
    prompt: 'What we will put in place, who uses it, and how it fits what you already run.',
  },
  {
    id: 'cost',
    heading: 'Cost',
    prompt: 'Licences, services and internal effort, with the assumptions behind each figure.',
  },
  {
    id: 'decision',
    heading: 'Decision',
    prompt: 'What we ask the approvers to decide, by when, and what happens next.',
  },
]

const t = (title: string, side: Side, dueInDays: number): TemplateTask => ({
  title,
  side,
  dueInDays,
})

/** Built-in templates: short plans on purpose (plans over 30 steps do as badly as none). */
export const TEMPLATES: readonly RoomTemplate[] = [
  {
    name: 'standard',
    description: 'A complete B2B evaluation: discovery to kickoff in five milestones.',
    milestones: [
      {
        title: 'Discovery',
        dueInDays: 7,
        tasks: [
          t('Agree on goals and success criteria', 'joint', 3),
          t('Map the buying group and who decides', 'joint', 5),
          t('Share current process and pain points', 'buyer', 7),
        ],
      },
      {
        title: 'Evaluation',
        dueInDays: 21,
        tasks: [
          t('Tailored demo for the evaluation team', 'seller', 12),
          t('Technical deep-dive with IT', 'joint', 16),
          t('Confirm the solution meets the success criteria', 'buyer', 21),
        ],
      },
      {
        title: 'Business case',
        dueInDays: 30,
        tasks: [
          t('Draft the business case together', 'joint', 25),
          t('Validate cost and impact assumptions with finance', 'buyer', 28),
          t('Present the business case to the economic buyer', 'buyer', 30),
        ],
      },
      {
        title: 'Security & legal',
        dueInDays: 40,
        tasks: [
          t('Share the security questionnaire', 'buyer', 32),
          t('Complete the security review', 'seller', 37),
          t('Agree on contract terms', 'joint', 40),
        ],
      },
      {
        title: 'Signature & kickoff',
        dueInDays: 50,
        tasks: [
          t('Final approval and signature', 'buyer', 45),
          t('Purchase order issued', 'buyer', 47),
          t('Kickoff meeting and onboarding plan', 'joint', 50),
        ],
      },
    ],
  },
  {
    name: 'pilot',
    description: 'A short paid pilot: scope it, run it, decide.',
    milestones: [
      {
        title: 'Pilot scope',
        dueInDays: 7,
        tasks: [
          t('Agree on pilot goals and how success is measured', 'joint', 4),
          t('Name the pilot users', 'buyer', 6),
          t('Set up the pilot environment', 'seller', 7),
        ],
      },
      {
        title: 'Pilot',
        dueInDays: 28,
        tasks: [
          t('Pilot kickoff with the users', 'joint', 9),
          t('Mid-pilot check-in', 'joint', 18),
          t('Pilot results review', 'joint', 28),
        ],
      },
      {
        title: 'Decision',
        dueInDays: 40,
        tasks: [
          t('Business case from the pilot results', 'joint', 33),
          t('Approval and signature', 'buyer', 38),
          t('Rollout plan for the wider team', 'joint', 40),
        ],
      },
    ],
  },
]

export const DEFAULT_TEMPLATE = 'standard'

export function findTemplate(name: string): RoomTemplate | null {
  return TEMPLATES.find((template) => template.name === name) ?? null
}

export interface SeedOptions {
  title: string
  template?: string
  buyerOrg?: string
  sellerOrg?: string
  targetCloseDate?: string | null
  /** The creation day the template's relative dates count from (default: today, UTC). */
  today?: Date
}

function addDays(day: Date, days: number): string {
  const date = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()))
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/**
 * Fills a new, empty room document from a template. Runs on the server when a room is created,
 * never in a browser: seeding in the client would add the content again on every load.
 */
export function seedRoom(doc: Y.Doc, options: SeedOptions): void {
  const template = findTemplate(options.template ?? DEFAULT_TEMPLATE)
  if (!template) {
    const known = TEMPLATES.map((candidate) => candidate.name).join(', ')
    throw new Error(`Unknown template "${options.template}". Templates: ${known}`)
  }
  const today = options.today ?? new Date()
  const lastDue = template.milestones.at(-1)?.dueInDays ?? 30
  doc.transact(() => {
    roots.meta(doc).set('schemaVersion', SCHEMA_VERSION)
    updateMeta(doc, {
      title: options.title,
      buyerOrg: options.buyerOrg ?? '',
      sellerOrg: options.sellerOrg ?? '',
      targetCloseDate: options.targetCloseDate ?? addDays(today, lastDue),
      stage: template.milestones[0]?.title ?? '',
    })
    const milestoneOrders = initialOrders(template.milestones.length)
    template.milestones.forEach((milestone, m) => {
      const milestoneId = `m${m + 1}`
      const entry = new Y.Map<unknown>()
      roots.milestones(doc).set(milestoneId, entry)
      entry.set('title', milestone.title)
      entry.set('order', milestoneOrders[m])
      entry.set('dueDate', addDays(today, milestone.dueInDays))
      entry.set('status', m === 0 ? 'active' : 'planned')
      const taskOrders = initialOrders(milestone.tasks.length)
      milestone.tasks.forEach((task, i) => {
        const taskEntry = new Y.Map<unknown>()
        roots.tasks(doc).set(`${milestoneId}t${i + 1}`, taskEntry)
        taskEntry.set('milestoneId', milestoneId)
        taskEntry.set('title', task.title)
        taskEntry.set('order', taskOrders[i])
        taskEntry.set('ownerId', null)
        taskEntry.set('side', task.side)
        taskEntry.set('dueDate', addDays(today, task.dueInDays))
        taskEntry.set('status', 'todo')
        taskEntry.set('doneAt', null)
        taskEntry.set('doneBy', null)
      })
    })
    seedBusinessCase(roots.businessCase(doc))
  })
}

/** The outline as Tiptap/ProseMirror nodes: a level-2 heading and a prompt per section. */
function seedBusinessCase(fragment: Y.XmlFragment): void {
  const nodes: Y.XmlElement[] = []
  for (const section of BUSINESS_CASE_OUTLINE) {
    const heading = new Y.XmlElement('heading')
    // ProseMirror's heading level is a number, and y-prosemirror stores attributes as they are.
    ;(heading as Y.XmlElement<{ [key: string]: string | number }>).setAttribute('level', 2)
    heading.setAttribute('sectionId', section.id)
    heading.insert(0, [new Y.XmlText(section.heading)])
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText(section.prompt)])
    nodes.push(heading, paragraph)
  }
  fragment.insert(0, nodes)
}
