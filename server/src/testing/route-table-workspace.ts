import { OPERATOR } from '../access/change-steps.ts'
import { saveTemplate } from '../workspace/templates.ts'
import type { Attempt, RouteCase } from './route-table.ts'

/** A saved template of its own for one attempt (from the attempt's room). */
async function templateFor(attempt: Attempt): Promise<{ templateId: string }> {
  const template = await saveTemplate(
    attempt.stage.test.storage,
    { id: OPERATOR, ip: null },
    { roomId: attempt.roomId, name: `Template of ${attempt.tag}` },
  )
  return { templateId: template.id }
}

/** Deal stages, cloning and the team's templates (issue 15) in the authorization matrix. */
export const WORKSPACE_ROUTE_CASES: readonly RouteCase[] = [
  {
    method: 'POST',
    path: '/api/rooms/:roomId/stage',
    rule: 'manageDeal',
    room: 'fresh',
    request: async () => ({ body: { stage: 'lost', reason: 'Chose to build it in-house' } }),
  },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/clone',
    rule: 'manageDeal',
    request: async ({ tag }) => ({ body: { title: `Clone of ${tag}` } }),
  },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/save-as-template',
    rule: 'manageDeal',
    request: async ({ tag }) => ({ body: { name: `Saved ${tag}` } }),
  },
  { method: 'GET', path: '/api/team-templates', rule: 'seller account' },
  {
    method: 'POST',
    path: '/api/team-templates/:templateId/delete',
    rule: 'seller account',
    request: async (attempt) => ({ params: await templateFor(attempt) }),
  },
  {
    method: 'POST',
    path: '/api/team-templates/:templateId/edit',
    rule: 'seller account',
    request: async (attempt) => ({ params: await templateFor(attempt) }),
  },
  {
    method: 'POST',
    path: '/api/team-templates/default',
    rule: 'seller account',
    request: async () => ({ body: { name: 'standard' } }),
  },
]
