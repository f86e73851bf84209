import * as z from 'zod/mini'
import { endpoint } from './endpoint.ts'
import { DealHealth, RoomParams } from './rooms.ts'

const tag = 'signals'

export const PersonEngagement = z
  .object({
    personId: z.string(),
    name: z.string(),
    role: z.string(),
    lastSeen: z.nullable(z.number()),
    opens: z.int(),
    totalMs: z.number(),
    bySection: z
      .record(z.string(), z.number())
      .check(z.meta({ description: 'Milliseconds per section.' })),
  })
  .check(z.meta({ id: 'PersonEngagement' }))
export type PersonEngagement = z.infer<typeof PersonEngagement>

/** One buyer's reading of one document. */
export const DocumentReader = z
  .object({
    personId: z.string(),
    name: z.string(),
    opens: z.int(),
    version: z.int().check(z.meta({ description: 'The latest version they opened.' })),
    msByPage: z
      .array(z.number())
      .check(
        z.meta({ description: 'Milliseconds on each page (first page first), every version.' }),
      ),
    pagesSeen: z.int(),
    furthestPage: z.int(),
    completion: z.number().check(z.meta({ description: 'Pages seen of the pages (0 to 1).' })),
    downloads: z.int(),
    lastViewedAt: z.nullable(z.number()),
  })
  .check(z.meta({ id: 'DocumentReader' }))
export type DocumentReader = z.infer<typeof DocumentReader>

/** How the buying group read one of the room's documents (buyers only). */
export const DocumentEngagement = z
  .object({
    documentId: z.string(),
    title: z.string(),
    version: z.int(),
    pages: z.int(),
    opens: z.int(),
    downloads: z.int(),
    msByPage: z
      .array(z.number())
      .check(z.meta({ description: 'Milliseconds on each page, all buyers together.' })),
    completion: z
      .number()
      .check(z.meta({ description: 'The readers’ completion on average (0 to 1).' })),
    readers: z.array(DocumentReader),
  })
  .check(z.meta({ id: 'DocumentEngagement' }))
export type DocumentEngagement = z.infer<typeof DocumentEngagement>

export const RoomInsights = z
  .object({
    people: z.array(PersonEngagement),
    /** Invited buyers who have engaged, and those who have not. */
    coverage: z.object({
      engaged: z.int(),
      invited: z.int(),
      notEngaged: z.array(z.string()),
    }),
    sections: z.array(
      z.object({
        section: z.string(),
        totalMs: z.number(),
        views: z.int(),
        rereads: z.int(),
      }),
    ),
    activity: z.array(z.object({ day: z.string(), buyer: z.int(), seller: z.int() })).check(
      z.meta({
        description: 'Buyer and seller events per day, the last 30 days (oldest first).',
      }),
    ),
    momentum: z.array(z.object({ weekStart: z.string(), completed: z.int() })).check(
      z.meta({
        description: 'Tasks completed per week, the last 8 weeks (weeks start on Monday).',
      }),
    ),
    overdueBuyerTasks: z.int(),
    documents: z
      .array(DocumentEngagement)
      .check(z.meta({ description: 'Each document of the room, most recently changed first.' })),
  })
  .check(z.meta({ id: 'RoomInsights' }))
export type RoomInsights = z.infer<typeof RoomInsights>

export const Alert = z
  .object({
    kind: z.enum([
      'stakeholder-joined',
      'key-person-quiet',
      'rereads',
      'task-overdue',
      'deal-woke-up',
      'document-rereads',
      'document-forwarded',
    ]),
    at: z.number().check(z.meta({ description: 'When the alert became true.' })),
    message: z.string(),
  })
  .check(z.meta({ id: 'Alert' }))
export type Alert = z.infer<typeof Alert>

export const InsightsPayload = z.object({
  insights: RoomInsights,
  health: DealHealth,
  alerts: z.array(Alert),
})
export type InsightsPayload = z.infer<typeof InsightsPayload>

export const getInsights = endpoint({
  name: 'getInsights',
  method: 'GET',
  path: '/api/rooms/:roomId/insights',
  summary: 'Buyer engagement, deal health and alerts of one room',
  tag,
  access: 'seeInsights',
  params: RoomParams,
  answer: InsightsPayload,
})

export const exportEvents = endpoint({
  name: 'exportEvents',
  method: 'GET',
  path: '/api/rooms/:roomId/events.csv',
  summary: 'Every engagement event of the room as CSV (a download)',
  tag,
  access: 'seeInsights',
  params: RoomParams,
  answer: {
    mediaType: 'text/csv',
    description: 'at, person, email, side, event, section, duration_ms; one line per event',
  },
})

export const exportDocumentEngagement = endpoint({
  name: 'exportDocumentEngagement',
  method: 'GET',
  path: '/api/rooms/:roomId/document-engagement.csv',
  summary: 'How buyers read each document, page by page, as CSV (a download)',
  tag,
  access: 'seeInsights',
  params: RoomParams,
  answer: {
    mediaType: 'text/csv',
    description:
      'document, title, version, person, email, opens, downloads, page, time_ms; one line per ' +
      'buyer who opened a document and page of it (buyers only, the server’s clock)',
  },
})

export const Notification = z.extend(Alert, { roomId: z.string(), roomTitle: z.string() }).check(
  z.meta({
    id: 'Notification',
  }),
)
export type Notification = z.infer<typeof Notification>

export const listNotifications = endpoint({
  name: 'listNotifications',
  method: 'GET',
  path: '/api/notifications',
  summary: 'Alerts of every open room of the seller team, newest first (at most 100)',
  tag,
  access: 'any session',
  answer: z.object({ notifications: z.array(Notification) }),
})

export const unsubscribeDigest = endpoint({
  name: 'unsubscribeDigest',
  method: 'GET',
  path: '/api/digest/unsubscribe',
  summary: 'The daily digest’s unsubscribe link (opened from the e-mail)',
  tag,
  access: 'anyone holding the link',
  query: z.object({
    t: z.optional(z.string()).check(z.meta({ description: 'The token from the e-mail.' })),
  }),
  answer: { mediaType: 'text/html', description: 'A page saying whether it worked' },
})
