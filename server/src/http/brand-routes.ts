import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { MAX_LOGO_BYTES, MAX_WELCOME_NOTE } from '../../../shared/src/api/brand.ts'
import { brand } from '../../../shared/src/api/index.ts'
import { checkAccent } from '../../../shared/src/brand/contrast.ts'
import { requireSession } from '../access/sessions.ts'
import { BlobNotFound } from '../content/blob-store.ts'
import { storeLogo } from '../content/logo.ts'
import { folders } from '../content/prepare.ts'
import { discard, receiveFile, tooLarge } from '../content/upload.ts'
import { Problem } from '../errors.ts'
import type { RoomBrand, Storage, WorkspaceBrand } from '../storage/storage.ts'
import type { ApiDependencies } from './api.ts'
import { roomActor, sessionCookie } from './room-access.ts'
import { route } from './route.ts'

const MAX_MAIL_NAME = 80

const workspaceInfo = (stored: WorkspaceBrand) => ({
  accent: stored.accent,
  mailName: stored.mailName,
  logoUrl: stored.logoKey ? `/api/brand/logo?v=${stored.updatedAt}` : null,
})

async function roomInfo(storage: Storage, stored: RoomBrand, personId: string) {
  return {
    buyerLogoUrl: stored.buyerLogoKey
      ? `/api/rooms/${stored.roomId}/brand/logo?v=${stored.updatedAt}`
      : null,
    welcomeNote: stored.welcomeNote,
    welcomeSeen: await storage.hasSeenWelcome(stored.roomId, personId),
  }
}

/** A mail name on one line, without the characters that would break a From header. */
function checkMailName(value: string | null): string | null {
  if (value === null) return null
  const name = value.replace(/\s+/g, ' ').trim()
  if (name === '') return null
  if (name.length > MAX_MAIL_NAME)
    throw new Problem('invalid', `The mail name can be at most ${MAX_MAIL_NAME} characters.`)
  if (/["<>\\]/.test(name))
    throw new Problem('invalid', 'The mail name cannot hold quotes, angle brackets or backslashes.')
  return name
}

/**
 * Branding (shared/src/api/brand.ts): the workspace's accent, logo and mail name, any seller may
 * change until workspace roles exist (then the admin); a room's buyer logo and welcome note, the
 * room's seller team. Logos are re-encoded by the server (content/logo.ts) and served as PNGs.
 */
export function brandRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config, files } = dependencies
  const options = dependencies.routes
  const secure = config.publicUrl.startsWith('https://')

  const sendLogo = async (reply: FastifyReply, key: string | null, cache: string) => {
    if (!key) throw new Problem('not-found', 'There is no logo.')
    try {
      const stream = await files.blobs.read(key)
      return reply.code(200).type('image/png').header('cache-control', cache).send(stream)
    } catch (error) {
      if (error instanceof BlobNotFound) throw new Problem('not-found', 'There is no logo.')
      throw error
    }
  }

  const requireSeller = async (request: FastifyRequest, reply: FastifyReply) => {
    const session = await requireSession(storage, sessionCookie(request, reply, secure))
    // Until workspaces have roles, every seller of the instance may change its brand.
    if (session.person.kind !== 'seller')
      throw new Problem('forbidden', 'Only the seller team changes the workspace’s brand.')
    return session
  }

  route(app, brand.getBrand, options, async () => workspaceInfo(await storage.getWorkspaceBrand()))

  route(app, brand.getBrandLogo, options, async ({ reply }) => {
    const stored = await storage.getWorkspaceBrand()
    return sendLogo(reply, stored.logoKey, 'public, max-age=300')
  })

  route(app, brand.updateBrand, options, async ({ request, reply, body }) => {
    await requireSeller(request, reply)
    const input = body()
    const patch: Parameters<Storage['putWorkspaceBrand']>[0] = {}
    if (input.accent !== undefined) {
      if (input.accent === null || input.accent.trim() === '') patch.accent = null
      else {
        const verdict = checkAccent(input.accent)
        if (!verdict.ok) throw new Problem('invalid', verdict.message)
        patch.accent = verdict.accent
      }
    }
    if (input.mailName !== undefined) patch.mailName = checkMailName(input.mailName)
    if (input.removeLogo) patch.logoKey = null
    return workspaceInfo(await storage.putWorkspaceBrand(patch, Date.now()))
  })

  route(app, brand.getRoomBrand, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'readRoom')
    return roomInfo(storage, await storage.getRoomBrand(roomId), me.personId)
  })

  route(app, brand.getRoomLogo, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId } = await roomActor(storage, cookie, params.roomId, 'readRoom')
    const stored = await storage.getRoomBrand(roomId)
    return sendLogo(reply, stored.buyerLogoKey, 'private, max-age=300')
  })

  route(app, brand.updateRoomBrand, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'readInternal')
    const input = body()
    const patch: Parameters<Storage['putRoomBrand']>[1] = {}
    if (input.welcomeNote !== undefined) {
      const note = input.welcomeNote.trim()
      if (note.length > MAX_WELCOME_NOTE)
        throw new Problem(
          'invalid',
          `The welcome note can be at most ${MAX_WELCOME_NOTE} characters (it has ${note.length}).`,
        )
      patch.welcomeNote = note
    }
    if (input.removeBuyerLogo) patch.buyerLogoKey = null
    return roomInfo(storage, await storage.putRoomBrand(roomId, patch, Date.now()), me.personId)
  })

  route(app, brand.dismissWelcome, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'readRoom')
    await storage.markWelcomeSeen(roomId, me.personId, Date.now())
    return { ok: true as const }
  })

  // Logo uploads: the body is the image, streamed to a work folder (at most MAX_LOGO_BYTES).
  void app.register(async (uploads) => {
    uploads.removeAllContentTypeParsers()
    uploads.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined))
    uploads.addHook('onSend', async (request, reply) => {
      if (!request.raw.complete) reply.header('connection', 'close')
    })
    const receiveLogo = async (request: FastifyRequest): Promise<string> => {
      const declared = Number(request.headers['content-length'])
      if (Number.isFinite(declared) && declared > MAX_LOGO_BYTES) throw logoTooLarge()
      const file = await receiveFile(
        request.raw,
        folders(config.dataDir).tmp,
        MAX_LOGO_BYTES,
      ).catch((error: unknown) => {
        throw error instanceof Problem && error.kind === 'too-large' ? logoTooLarge() : error
      })
      try {
        return await storeLogo(file, files.blobs)
      } finally {
        await discard(file)
      }
    }

    route(uploads, brand.uploadBrandLogo, options, async ({ request, reply }) => {
      await requireSeller(request, reply)
      const key = await receiveLogo(request)
      return workspaceInfo(await storage.putWorkspaceBrand({ logoKey: key }, Date.now()))
    })

    route(uploads, brand.uploadRoomLogo, options, async ({ request, reply, params }) => {
      const cookie = sessionCookie(request, reply, secure)
      const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'readInternal')
      const key = await receiveLogo(request)
      const stored = await storage.putRoomBrand(roomId, { buyerLogoKey: key }, Date.now())
      return roomInfo(storage, stored, me.personId)
    })
  })
}

const logoTooLarge = () => {
  const problem = tooLarge(MAX_LOGO_BYTES)
  return new Problem(
    problem.kind,
    `A logo can be at most ${MAX_LOGO_BYTES / 1024} KB. Export it smaller (${'≤'} 512 px is plenty) and upload again.`,
  )
}
