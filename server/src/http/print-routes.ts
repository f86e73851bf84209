import { join } from 'node:path'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { print, v1 } from '../../../shared/src/api/index.ts'
import { audit } from '../access/audit.ts'
import type { Actor } from '../access/change-access.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import { roomUrl } from '../collaboration/rooms.ts'
import { htmlToPdf } from '../integrations/pdf.ts'
import { type Paper, printableRoom } from '../integrations/print.ts'
import type { ApiDependencies } from './api.ts'
import { requireApiKey } from './api-keys.ts'
import { clientIp, roomActor, sessionCookie } from './room-access.ts'
import { route } from './route.ts'
import { roomOf } from './v1-rooms-routes.ts'

/** Printing a room takes at most this long (Chromium starts, lays out and prints one page). */
const PRINT_TIMEOUT_MS = 60_000

/**
 * The printable room (for the champion's approval meeting) as a page, and the same page printed
 * to PDF: for members who may export the room, and for API keys (`export.pdf`).
 */
export function printRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config } = dependencies
  const options = dependencies.routes
  const secure = config.publicUrl.startsWith('https://')

  const page = async (roomId: string, paper: Paper) =>
    printableRoom(
      await loadRoomDoc(storage, roomId),
      { url: roomUrl(config.publicUrl, roomId), printedAt: Date.now() },
      paper,
    )

  const pdf = async (roomId: string, paper: Paper, actor: Actor) => {
    const bytes = await htmlToPdf(await page(roomId, paper), {
      chromiumPath: config.chromiumPath,
      workDir: join(config.dataDir, 'tmp'),
      timeoutMs: PRINT_TIMEOUT_MS,
    })
    await audit(storage, {
      roomId,
      actor: actor.id,
      action: 'room.exported',
      subject: roomId,
      detail: { format: 'pdf', paper },
      ip: actor.ip,
    })
    return bytes
  }

  const sendPdf = (reply: FastifyReply, bytes: Buffer, roomId: string) =>
    reply
      .code(200)
      .headers({
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="quorum-room-${roomId}.pdf"`,
        'cache-control': 'private, no-store',
      })
      .send(bytes)

  route(app, print.printRoom, options, async ({ request, reply, params, query }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId } = await roomActor(storage, cookie, params.roomId, 'export')
    return {
      body: await page(roomId, query().paper ?? 'a4'),
      headers: { 'cache-control': 'private, no-store' },
    }
  })

  route(app, print.printRoomPdf, options, async ({ request, reply, params, query }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'export')
    const paper = query().paper ?? 'a4'
    const bytes = await pdf(roomId, paper, { id: me.personId, ip: clientIp(request) })
    return sendPdf(reply, bytes, roomId)
  })

  route(app, v1.exportPdf, options, async ({ request, reply, params, query }) => {
    const caller = await requireApiKey(request, 'rooms:read')
    const room = await roomOf(storage, params.roomId)
    const bytes = await pdf(room.id, query().paper ?? 'a4', caller.actor)
    return sendPdf(reply, bytes, room.id)
  })
}
