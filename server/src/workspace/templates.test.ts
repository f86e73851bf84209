import { describe, expect, it } from 'vitest'
import {
  addStakeholder,
  addThread,
  listConsensus,
  listMilestones,
  listStakeholders,
  listTasks,
  listThreads,
  markConsensus,
  ROLE_TO_FILL,
  readMeta,
  updateMeta,
} from '../../../shared/src/room/index.ts'
import { addSeller } from '../access/people.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import { createApiKey } from '../integrations/api-keys.ts'
import type { Storage } from '../storage/storage.ts'
import { seedCast, startTestServer } from '../testing/harness.ts'
import { buyerBrowser, editStoredRoom, sellerBrowser } from './testing.ts'

const idOf = (json: Record<string, unknown>) => String(json.id)

/** A document in a room, as the Documents section stores one (its blobs named, not read here). */
async function addDocument(storage: Storage, roomId: string, taskId: string) {
  const createdBy = (await storage.getRoom(roomId))?.ownerId ?? ''
  const file = await storage.createFile({
    id: `file-${roomId}`,
    roomId,
    title: 'Security whitepaper',
    policy: 'view',
    version: {
      originalKey: 'sha256-whitepaper',
      pdfKey: 'sha256-whitepaper',
      contentType: 'application/pdf',
      filename: 'whitepaper.pdf',
      size: 1234,
      pages: 12,
      note: '',
      createdBy,
      createdAt: 1,
    },
  })
  await storage.updateFile(file.id, { attachedTo: { kind: 'task', id: taskId } })
}

/** A room's documents as a buyer sees them listed: title, policy, pages, bytes, where attached. */
const documentsOf = async (storage: Storage, roomId: string) =>
  (await storage.listFiles(roomId)).map((file) => [
    file.title,
    file.policy,
    file.latest.pages,
    file.latest.pdfKey,
    file.attachedKind,
    file.attachedId,
  ])

describe('cloning and team templates', { timeout: 120_000 }, () => {
  it('a clone keeps the plan shape and leaves the people, comments, consensus and history behind', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const seller = await sellerBrowser(test, cast.seller)
    await editStoredRoom(test, cast.roomId, (doc) => {
      const cfo = addStakeholder(doc, { name: 'Carla CFO', buyingRole: 'economic-buyer' })
      const [task] = listTasks(doc)
      if (!task) throw new Error('the template has tasks')
      addThread(doc, { kind: 'task', id: task.id }, { authorId: 'p1', body: 'Who signs?' })
      markConsensus(doc, `task:${task.id}`, cfo, 'agree')
      updateMeta(doc, { buyerOrg: 'Acme Corp' })
    })
    const firstTask = listTasks(await loadRoomDoc(test.storage, cast.roomId))[0]
    await addDocument(test.storage, cast.roomId, firstTask?.id ?? '')

    const made = await seller('POST', `/api/rooms/${cast.roomId}/clone`, {
      title: 'Globex rollout',
    })
    expect(made.status).toBe(201)
    expect(Object.keys(made.json).sort()).toEqual(['id', 'url'])
    const source = await loadRoomDoc(test.storage, cast.roomId)
    const clone = await loadRoomDoc(test.storage, idOf(made.json))
    expect(readMeta(clone)).toMatchObject({ title: 'Globex rollout', buyerOrg: '' })
    // Same plan, same dates (cloned the day the source was made), every task back to do.
    const shape = (doc: typeof source) =>
      listTasks(doc).map((task) => [task.milestoneId, task.title, task.dueDate])
    expect(shape(clone)).toEqual(shape(source))
    expect(listMilestones(clone).map((m) => m.title)).toEqual(
      listMilestones(source).map((m) => m.title),
    )
    expect(listTasks(clone).every((task) => task.status === 'todo')).toBe(true)
    // Nobody and nothing of the first buyer's.
    expect(listStakeholders(clone)).toEqual([])
    expect(listThreads(clone)).toEqual([])
    expect(listConsensus(clone)).toEqual([])
    // The room's documents come along, beside the same tasks, naming the same bytes.
    expect(await documentsOf(test.storage, idOf(made.json))).toEqual(
      await documentsOf(test.storage, cast.roomId),
    )
    expect(await documentsOf(test.storage, idOf(made.json))).toHaveLength(1)
    const members = await test.storage.listMembers(idOf(made.json))
    expect(members.map((member) => [member.email, member.role])).toEqual([[cast.seller, 'owner']])
    expect(await test.storage.listEvents({ roomId: idOf(made.json) })).toEqual([])
    // Buyers cannot clone.
    const buyer = await buyerBrowser(test, cast.roomId, 'dana@acme.test', 'champion')
    expect((await buyer('POST', `/api/rooms/${cast.roomId}/clone`, { title: 'Mine' })).status).toBe(
      403,
    )
  })

  it('a room saved as a template: listed for the team, not as a deal; rooms start from it (page, API, default); edited in the room editor; deleted', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    await editStoredRoom(test, cast.roomId, (doc) => {
      addStakeholder(doc, { name: 'Carla CFO', title: 'CFO', buyingRole: 'economic-buyer' })
    })
    const firstTask = listTasks(await loadRoomDoc(test.storage, cast.roomId))[0]
    await addDocument(test.storage, cast.roomId, firstTask?.id ?? '')
    const seller = await sellerBrowser(test, cast.seller)

    const saved = await seller('POST', `/api/rooms/${cast.roomId}/save-as-template`, {
      name: 'Enterprise rollout',
    })
    expect(saved).toMatchObject({ status: 201, json: { name: 'Enterprise rollout' } })
    const again = await seller('POST', `/api/rooms/${cast.roomId}/save-as-template`, {
      name: 'Enterprise rollout',
    })
    expect(again.status).toBe(409)

    const listing = await seller('GET', '/api/team-templates')
    expect(listing.json).toMatchObject({
      default: 'standard',
      builtIn: [{ name: 'standard' }, { name: 'pilot' }],
      saved: [{ id: idOf(saved.json), name: 'Enterprise rollout' }],
    })
    // The template's room is not a deal on the room list.
    const rooms = await seller('GET', '/api/rooms')
    expect(rooms.json).toMatchObject({ total: 1, rooms: [{ id: cast.roomId }] })

    // A room from it: the plan, the roles to fill; nobody's name.
    const fromTemplate = await seller('POST', '/api/rooms', {
      title: 'Initech',
      template: 'Enterprise rollout',
    })
    expect(fromTemplate.status).toBe(201)
    const doc = await loadRoomDoc(test.storage, idOf(fromTemplate.json))
    expect(
      listStakeholders(doc).map((person) => [person.name, person.title, person.buyingRole]),
    ).toEqual([[ROLE_TO_FILL, 'CFO', 'economic-buyer']])
    const source = await loadRoomDoc(test.storage, cast.roomId)
    expect(listTasks(doc).map((task) => [task.title, task.dueDate])).toEqual(
      listTasks(source).map((task) => [task.title, task.dueDate]),
    )
    // The template's documents, and so the new room's.
    expect(await documentsOf(test.storage, idOf(fromTemplate.json))).toEqual(
      await documentsOf(test.storage, cast.roomId),
    )
    const unknown = await seller('POST', '/api/rooms', { title: 'X', template: 'Huge' })
    expect(unknown.status).toBe(400)
    expect(JSON.stringify(unknown.json)).toContain('templates: standard, pilot, Enterprise rollout')

    // The default: rooms made without naming a template start from it, on the page and the API.
    expect(
      await seller('POST', '/api/team-templates/default', { name: 'Enterprise rollout' }),
    ).toMatchObject({ status: 200, json: { default: 'Enterprise rollout' } })
    const plain = await seller('POST', '/api/rooms', { title: 'Hooli' })
    expect((await test.storage.getRoom(idOf(plain.json)))?.template).toBe('Enterprise rollout')
    const { secret } = await createApiKey(test.storage, {
      name: 'CRM',
      scopes: ['rooms:write'],
      createdBy: null,
      ip: null,
    })
    const viaApi = await fetch(`${test.httpUrl}/api/v1/rooms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Umbrella', template: 'pilot', buyerOrg: 'Umbrella' }),
    })
    expect(viaApi.status).toBe(201)
    const apiRoom = (await viaApi.json()) as { id: string }
    expect((await test.storage.getRoom(apiRoom.id))?.template).toBe('pilot')

    // Another seller edits it in the room editor: they join its room, which says it is a template.
    await addSeller(test.storage, test.httpUrl, { email: 'lee@vendor.test', name: 'Lee' })
    const teammate = await sellerBrowser(test, 'lee@vendor.test')
    const edit = await teammate('POST', `/api/team-templates/${idOf(saved.json)}/edit`)
    expect(edit.status).toBe(200)
    const templateRoomId = String(edit.json.url).split('/').pop() ?? ''
    expect(await teammate('GET', `/api/rooms/${templateRoomId}`)).toMatchObject({
      status: 200,
      json: { room: { savedTemplate: { name: 'Enterprise rollout', isDefault: true } } },
    })

    // Deleted: gone from the list and from creation; the default falls back to standard.
    expect((await seller('POST', `/api/team-templates/${idOf(saved.json)}/delete`)).status).toBe(
      200,
    )
    expect((await seller('GET', '/api/team-templates')).json).toMatchObject({
      default: 'standard',
      saved: [],
    })
    expect(
      (await seller('POST', '/api/rooms', { title: 'Y', template: 'Enterprise rollout' })).status,
    ).toBe(400)
  })
})
