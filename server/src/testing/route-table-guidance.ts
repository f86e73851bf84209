import { addStakeholder } from '../../../shared/src/room/index.ts'
import { tokenSecret } from '../access/tokens.ts'
import { editRoomDocument } from '../collaboration/server-edit.ts'
import { nudgeUnsubscribeToken } from '../signals/nudges.ts'
import type { RouteCase } from './route-table.ts'

/** Guiding the buyer journey (issue 15): next best actions and nudges, the seller team's. */
export const GUIDANCE_ROUTE_CASES: readonly RouteCase[] = [
  { method: 'GET', path: '/api/rooms/:roomId/next-actions', rule: 'seeInsights' },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/next-actions/dismiss',
    rule: 'seeInsights',
    // A stakeholder mapped but not invited: an action of its own to dismiss, per attempt.
    async request({ stage, roomId, tag }) {
      const owner = stage.person('owner')
      const stakeholderId = await editRoomDocument(
        stage.test.server.collaboration.hocuspocus,
        roomId,
        { personId: owner.id, name: owner.name, role: 'owner' },
        (doc) => addStakeholder(doc, { name: `Legal ${tag}`, buyingRole: 'legal' }),
      )
      return { body: { key: `uninvited:${stakeholderId}` } }
    },
  },
  { method: 'GET', path: '/api/next-actions', rule: 'any session' },
  { method: 'GET', path: '/api/rooms/:roomId/nudges', rule: 'seeInsights' },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/nudges',
    rule: 'seeInsights',
    request: async () => ({ body: { off: false } }),
  },
  {
    method: 'GET',
    path: '/api/nudges/unsubscribe',
    rule: 'public',
    async request({ stage }) {
      const secret = await tokenSecret(stage.test.storage)
      return { query: `t=${encodeURIComponent(nudgeUnsubscribeToken(secret, stage.bystander.id))}` }
    },
  },
]
