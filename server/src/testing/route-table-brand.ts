import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Attempt, RouteCase } from './route-table.ts'

/** A small real PNG, made once: the body of every logo upload of the matrix. */
let smallPng: Promise<Buffer> | undefined
const png = () => {
  smallPng ??= sharp({ create: { width: 40, height: 20, channels: 3, background: '#123456' } })
    .png()
    .toBuffer()
  return smallPng
}

/** Puts the PNG in the stage's blob store; its key. */
async function storedLogo({ stage, tag }: Attempt): Promise<string> {
  const bytes = await png()
  const key = createHash('sha256').update(bytes).digest('hex')
  const path = join(stage.test.dataDir, `logo-${tag}.png`)
  await writeFile(path, bytes)
  await stage.test.server.files.blobs.put(key, path)
  return key
}

/** Branding, the welcome note and "view as buyer" (issue 15) in the authorization matrix. */
export const BRAND_ROUTE_CASES: readonly RouteCase[] = [
  {
    method: 'POST',
    path: '/api/rooms/:roomId/preview-token',
    rule: 'readInternal',
    request: async () => ({ body: { role: 'viewer' } }),
  },
  { method: 'GET', path: '/api/brand', rule: 'public' },
  {
    method: 'GET',
    path: '/api/brand/logo',
    rule: 'public',
    async request(attempt) {
      const logoKey = await storedLogo(attempt)
      await attempt.stage.test.storage.putWorkspaceBrand({ logoKey }, Date.now())
      return {}
    },
  },
  {
    method: 'POST',
    path: '/api/brand',
    rule: 'seller account',
    request: async ({ tag }) => ({ body: { mailName: `Sales ${tag}` } }),
  },
  {
    method: 'POST',
    path: '/api/brand/logo',
    rule: 'seller account',
    request: async () => ({ body: await png() }),
  },
  { method: 'GET', path: '/api/rooms/:roomId/brand', rule: 'readRoom' },
  {
    method: 'GET',
    path: '/api/rooms/:roomId/brand/logo',
    rule: 'readRoom',
    async request(attempt) {
      const buyerLogoKey = await storedLogo(attempt)
      await attempt.stage.test.storage.putRoomBrand(attempt.roomId, { buyerLogoKey }, Date.now())
      return {}
    },
  },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/brand',
    rule: 'readInternal',
    request: async ({ tag }) => ({ body: { welcomeNote: `Welcome ${tag}` } }),
  },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/brand/logo',
    rule: 'readInternal',
    request: async () => ({ body: await png() }),
  },
  { method: 'POST', path: '/api/rooms/:roomId/welcome/seen', rule: 'readRoom' },
]
