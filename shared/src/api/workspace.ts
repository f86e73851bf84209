import * as z from 'zod/mini'
import { DEAL_STAGES } from '../stages.ts'
import { endpoint } from './endpoint.ts'
import { choice, id, optionalText, trimmedName } from './fields.ts'
import { RoomParams } from './rooms.ts'

/** Deal stages, cloning and the team's templates (issue 15). */
const tag = 'rooms'

export const DealStageInfo = z
  .object({
    id: z.string(),
    stage: z.enum(DEAL_STAGES),
    reason: z.nullable(z.string()),
  })
  .check(z.meta({ id: 'DealStage' }))

export const setStage = endpoint({
  name: 'setStage',
  method: 'POST',
  path: '/api/rooms/:roomId/stage',
  summary:
    'Move the deal: open, won, lost (with a reason) or archived (buyers’ access ends; the seller team keeps reading)',
  tag,
  access: 'manageDeal',
  params: RoomParams,
  body: z.strictObject({
    stage: choice('stage', DEAL_STAGES),
    reason: optionalText('reason', 500),
  }),
  answer: DealStageInfo,
})

export const cloneRoom = endpoint({
  name: 'cloneRoom',
  method: 'POST',
  path: '/api/rooms/:roomId/clone',
  summary:
    'A new room with the same plan shape (dates counted from today), without people, comments or history',
  tag,
  access: 'manageDeal',
  status: 201,
  params: RoomParams,
  body: z.strictObject({ title: trimmedName('title') }),
  answer: z.object({ id: z.string(), url: z.string() }),
})

export const saveTemplate = endpoint({
  name: 'saveTemplate',
  method: 'POST',
  path: '/api/rooms/:roomId/save-as-template',
  summary: 'Save the room as the team’s template: plan with relative dates, outline, roles to fill',
  tag,
  access: 'manageDeal',
  status: 201,
  params: RoomParams,
  body: z.strictObject({ name: trimmedName('name', 80) }),
  answer: z.object({ id: z.string(), name: z.string() }),
})

export const SavedTemplateInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string().check(z.meta({ description: 'Where the template is edited (a room page).' })),
    anchorDay: z
      .string()
      .check(z.meta({ description: 'The day its dates count from (yyyy-mm-dd).' })),
    createdAt: z.number(),
  })
  .check(z.meta({ id: 'SavedTemplate' }))

export const listTeamTemplates = endpoint({
  name: 'listTeamTemplates',
  method: 'GET',
  path: '/api/team-templates',
  summary: 'The templates a room can start from: built in and saved by the team, and the default',
  tag,
  access: 'seller account',
  answer: z.object({
    builtIn: z.array(z.object({ name: z.string(), description: z.string() })),
    saved: z.array(SavedTemplateInfo),
    default: z.string(),
  }),
})

const TemplateParams = z.strictObject({ templateId: id('templateId') })

export const deleteTeamTemplate = endpoint({
  name: 'deleteTeamTemplate',
  method: 'POST',
  path: '/api/team-templates/:templateId/delete',
  summary: 'Delete a saved template',
  tag,
  access: 'seller account',
  params: TemplateParams,
  answer: z.object({ deleted: z.literal(true) }),
})

export const editTeamTemplate = endpoint({
  name: 'editTeamTemplate',
  method: 'POST',
  path: '/api/team-templates/:templateId/edit',
  summary: 'Open a saved template in the room editor (the seller joins its room)',
  tag,
  access: 'seller account',
  params: TemplateParams,
  answer: z.object({ url: z.string() }),
})

export const setDefaultTemplate = endpoint({
  name: 'setDefaultTemplate',
  method: 'POST',
  path: '/api/team-templates/default',
  summary: 'The template new rooms start from when none is picked (built in or saved)',
  tag,
  access: 'seller account',
  body: z.strictObject({ name: trimmedName('name', 80) }),
  answer: z.object({ default: z.string() }),
})
