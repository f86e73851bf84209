import type { IncomingMessage, ServerResponse } from 'node:http'
import { TEMPLATES } from '../../../shared/src/room/index.ts'
import { Problem } from '../errors.ts'
import { sendJson, sendProblem } from './respond.ts'

/**
 * The JSON API under /api. Room and session routes arrive with the browser room; what is here
 * needs no sign-in.
 */
export async function handleApi(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
  if (pathname === '/api/templates' && request.method === 'GET') {
    sendJson(response, 200, {
      templates: TEMPLATES.map((template) => ({
        name: template.name,
        description: template.description,
        milestones: template.milestones.map((milestone) => ({
          title: milestone.title,
          tasks: milestone.tasks.length,
        })),
      })),
    })
    return
  }
  sendProblem(response, new Problem('not-found', `No API route ${request.method} ${pathname}`))
}
