import {
  addMilestone,
  addStakeholder,
  getDocument,
  getMilestone,
  getStakeholder,
  getTask,
  importantSectionIds,
  listMilestones,
  listStakeholders,
  listTasks,
  putDocument,
  readMeta,
  removeStakeholder,
  setSectionImportant,
  setTaskDone,
  updateMeta,
  updateMilestone,
  updateStakeholder,
} from '../../../shared/src/room/index.ts'
import {
  mayChooseSigners,
  mayEditDealFacts,
  mayEditRoom,
  mayManagePeople,
  mayRemoveStakeholder,
} from '../../../shared/src/room/write-rules.ts'
import {
  editor,
  hasMessage,
  milestone,
  mine,
  need,
  never,
  type Scene,
  seller,
  stakeholder,
  task,
  theirs,
  thread,
  type WriteCase,
} from './write-scenes.ts'
import { CONVERSATION_WRITES } from './write-table-conversation.ts'

export type { Ids, Scene, WriteCase } from './write-scenes.ts'

/**
 * Every write a client can try, for every role: the deal's details, the plan, the stakeholder
 * map, the conversation (write-table-conversation.ts), and the seller team's internal document.
 */
/** Keeps the stakeholder map (the buying group). */
const keepsPeople = ({ writer }: Scene) => mayEditRoom(writer.role) && mayManagePeople(writer.role)

export const WRITE_CASES: readonly WriteCase[] = [
  {
    name: 'meta: change the deal’s title',
    document: 'shared',
    allowed: ({ writer }) => mayEditDealFacts(writer.role),
    write: (doc, { marker }) => updateMeta(doc, { title: marker }),
    landed: (doc, { marker }) => readMeta(doc).title === marker,
  },
  {
    name: 'milestones: add one',
    document: 'shared',
    allowed: editor,
    write: (doc, { marker }) => void addMilestone(doc, { title: marker }),
    landed: (doc, { marker }) => listMilestones(doc).some((entry) => entry.title === marker),
  },
  {
    name: 'milestones: rename one',
    document: 'shared',
    allowed: editor,
    arrange: milestone,
    write: (doc, { marker }, ids) =>
      updateMilestone(doc, need(ids, 'milestone'), { title: marker }),
    landed: (doc, { marker }, ids) => getMilestone(doc, need(ids, 'milestone'))?.title === marker,
  },
  {
    name: 'milestones: choose who signs off (signoffBy)',
    document: 'shared',
    allowed: ({ writer }) => mayEditRoom(writer.role) && mayChooseSigners(writer.role),
    arrange: milestone,
    write: (doc, { other }, ids) =>
      updateMilestone(doc, need(ids, 'milestone'), { signoffBy: [other] }),
    landed: (doc, { other }, ids) =>
      getMilestone(doc, need(ids, 'milestone'))?.signoffBy.includes(other) === true,
  },
  {
    name: 'tasks: add one',
    document: 'shared',
    allowed: editor,
    write: (doc, scene) => void task(doc, scene),
    landed: (doc, { marker }) => listTasks(doc).some((entry) => entry.title === `target ${marker}`),
  },
  {
    name: 'tasks: complete one as oneself (doneBy)',
    document: 'shared',
    allowed: editor,
    arrange: task,
    write: (doc, { writer }, ids) => setTaskDone(doc, need(ids, 'task'), true, writer.personId),
    landed: (doc, { writer }, ids) => getTask(doc, need(ids, 'task'))?.doneBy === writer.personId,
  },
  {
    name: 'tasks: complete one in someone else’s name (doneBy)',
    document: 'shared',
    allowed: ({ writer, other }) => mayEditRoom(writer.role) && other === writer.personId,
    arrange: task,
    write: (doc, { other }, ids) => setTaskDone(doc, need(ids, 'task'), true, other),
    landed: (doc, { other }, ids) => getTask(doc, need(ids, 'task'))?.doneBy === other,
  },
  {
    name: 'tasks: reopen one someone else completed (doneBy cleared)',
    document: 'shared',
    allowed: editor,
    arrange(doc, scene) {
      const ids = task(doc, scene)
      setTaskDone(doc, need(ids, 'task'), true, scene.other)
      return ids
    },
    write: (doc, _scene, ids) => setTaskDone(doc, need(ids, 'task'), false),
    landed: (doc, _scene, ids) => getTask(doc, need(ids, 'task'))?.doneBy === null,
  },
  {
    name: 'stakeholders: add one',
    document: 'shared',
    allowed: keepsPeople,
    write: (doc, { marker }) => void addStakeholder(doc, { name: marker }),
    landed: (doc, { marker }) => listStakeholders(doc).some((entry) => entry.name === marker),
  },
  {
    name: 'stakeholders: change a member’s stance',
    document: 'shared',
    allowed: keepsPeople,
    arrange: stakeholder(theirs),
    write: (doc, _scene, ids) =>
      updateStakeholder(doc, need(ids, 'stakeholder'), { stance: 'supporter' }),
    landed: (doc, _scene, ids) =>
      getStakeholder(doc, need(ids, 'stakeholder'))?.stance === 'supporter',
  },
  {
    // Only the server links a stakeholder to a member (membership.ts): no client, whatever its role.
    name: 'stakeholders: link one to a member (memberId)',
    document: 'shared',
    allowed: never,
    arrange: stakeholder(() => null),
    write: (doc, { writer }, ids) =>
      updateStakeholder(doc, need(ids, 'stakeholder'), { memberId: writer.personId }),
    landed: (doc, { writer }, ids) =>
      getStakeholder(doc, need(ids, 'stakeholder'))?.memberId === writer.personId,
  },
  {
    name: 'stakeholders: add one already linked to a member (memberId)',
    document: 'shared',
    allowed: never,
    write: (doc, { marker, writer }) =>
      void addStakeholder(doc, { name: marker, memberId: writer.personId }),
    landed: (doc, { marker }) => listStakeholders(doc).some((entry) => entry.name === marker),
  },
  {
    name: 'stakeholders: unlink a member (memberId cleared)',
    document: 'shared',
    allowed: never,
    arrange: stakeholder(theirs),
    write: (doc, _scene, ids) =>
      updateStakeholder(doc, need(ids, 'stakeholder'), { memberId: null }),
    landed: (doc, _scene, ids) => getStakeholder(doc, need(ids, 'stakeholder'))?.memberId === null,
  },
  {
    name: 'stakeholders: remove a member’s entry',
    document: 'shared',
    allowed: ({ writer, other }) => mayRemoveStakeholder(writer.role, other),
    arrange: stakeholder(theirs),
    write: (doc, _scene, ids) => removeStakeholder(doc, need(ids, 'stakeholder')),
    landed: (doc, _scene, ids) => getStakeholder(doc, need(ids, 'stakeholder')) === null,
  },
  {
    name: 'stakeholders: remove one who is no member',
    document: 'shared',
    allowed: ({ writer }) => mayRemoveStakeholder(writer.role, null),
    arrange: stakeholder(() => null),
    write: (doc, _scene, ids) => removeStakeholder(doc, need(ids, 'stakeholder')),
    landed: (doc, _scene, ids) => getStakeholder(doc, need(ids, 'stakeholder')) === null,
  },
  ...CONVERSATION_WRITES,
  {
    name: 'documents: add an entry to the list the server keeps',
    document: 'shared',
    allowed: never,
    write: (doc, { marker }) =>
      putDocument(doc, {
        id: marker,
        title: marker,
        version: 1,
        pages: 1,
        policy: 'download',
        attachedKind: null,
        attachedId: null,
        updatedAt: 1,
      }),
    landed: (doc, { marker }) => getDocument(doc, marker) !== null,
  },
  {
    name: 'a root that is no part of a room',
    document: 'shared',
    allowed: never,
    write: (doc, { marker }) => doc.getMap('extra').set(marker, true),
    landed: (doc, { marker }) => doc.getMap('extra').has(marker),
  },
  {
    name: 'internal: start a seller-only thread as oneself',
    document: 'internal',
    allowed: seller,
    write: (doc, scene) => void thread(mine)(doc, scene),
    landed: (doc, { marker }) => hasMessage(doc, `target ${marker}`),
  },
  {
    name: 'internal: start a thread in someone else’s name (message author)',
    document: 'internal',
    allowed: (scene) => seller(scene) && scene.other === scene.writer.personId,
    write: (doc, scene) => void thread(theirs)(doc, scene),
    landed: (doc, { marker }) => hasMessage(doc, `target ${marker}`),
  },
  {
    name: 'internal: mark a section important',
    document: 'internal',
    allowed: seller,
    write: (doc, { marker }) => setSectionImportant(doc, marker, true),
    landed: (doc, { marker }) => importantSectionIds(doc).includes(marker),
  },
  {
    name: 'internal: a root of the shared document (meta)',
    document: 'internal',
    allowed: never,
    write: (doc, { marker }) => updateMeta(doc, { title: marker }),
    landed: (doc, { marker }) => readMeta(doc).title === marker,
  },
]
