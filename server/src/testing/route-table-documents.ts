import { listTasks } from '../../../shared/src/room/index.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import type { FileRecord } from '../storage/storage.ts'
import { addTestDocument, copyDocument, makePdf } from './documents.ts'
import type { Attempt, RouteCase } from './route-table.ts'
import type { Stage } from './stage.ts'

/** A small real PDF, made once: the body of every upload of the matrix. */
let smallPdf: Promise<Buffer> | undefined
const uploadBody = () => {
  smallPdf ??= makePdf(1)
  return smallPdf
}

/** A document added to the main room through the content layer, once per stage. */
const fixtures = new WeakMap<Stage, Promise<FileRecord>>()
function fixtureDocument(stage: Stage): Promise<FileRecord> {
  let made = fixtures.get(stage)
  if (!made) {
    made = makePdf(2).then((bytes) =>
      addTestDocument(stage.test.server.files, {
        roomId: stage.main.roomId,
        personId: stage.person('owner').id,
        bytes,
        policy: 'download',
      }),
    )
    fixtures.set(stage, made)
  }
  return made
}

/** A document of its own for one attempt, in the attempt's room, downloads allowed. */
async function documentFor(attempt: Attempt): Promise<Record<string, string>> {
  const like = await fixtureDocument(attempt.stage)
  const id = `doc-${attempt.tag}`
  await copyDocument(attempt.stage.test.storage, like, attempt.roomId, id, 'download')
  return { documentId: id }
}

/** The documents' routes (the content layer) in the authorization matrix. */
export const DOCUMENT_ROUTE_CASES: readonly RouteCase[] = [
  { method: 'GET', path: '/api/rooms/:roomId/documents', rule: 'readRoom' },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/documents',
    rule: 'addDocuments',
    request: async () => ({ query: 'title=Uploaded', body: await uploadBody() }),
  },
  {
    method: 'GET',
    path: '/api/rooms/:roomId/documents/:documentId',
    rule: 'readRoom',
    request: async (attempt) => ({ params: await documentFor(attempt) }),
  },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/documents/:documentId/versions',
    rule: 'addDocuments',
    request: async (attempt) => ({ params: await documentFor(attempt), body: await uploadBody() }),
  },
  {
    method: 'GET',
    path: '/api/rooms/:roomId/documents/:documentId/pages/:page',
    rule: 'readRoom',
    request: async (attempt) => ({ params: { ...(await documentFor(attempt)), page: '2' } }),
  },
  {
    method: 'GET',
    path: '/api/rooms/:roomId/documents/:documentId/download',
    rule: 'readRoom',
    request: async (attempt) => ({ params: await documentFor(attempt) }),
  },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/documents/:documentId/policy',
    rule: 'manageDocuments',
    request: async (attempt) => ({ params: await documentFor(attempt), body: { policy: 'view' } }),
  },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/documents/:documentId/restore',
    rule: 'manageDocuments',
    request: async (attempt) => ({ params: await documentFor(attempt), body: { version: 1 } }),
  },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/documents/:documentId/attach',
    rule: 'addDocuments',
    async request(attempt) {
      const doc = await loadRoomDoc(attempt.stage.test.storage, attempt.roomId)
      const task = listTasks(doc)[0]?.id ?? 'no-task'
      return { params: await documentFor(attempt), body: { kind: 'task', id: task } }
    },
  },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/documents/:documentId/title',
    rule: 'addDocuments',
    request: async (attempt) => ({
      params: await documentFor(attempt),
      body: { title: 'Renamed' },
    }),
  },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/documents/:documentId/delete',
    rule: 'manageDocuments',
    request: async (attempt) => ({ params: await documentFor(attempt) }),
  },
]
