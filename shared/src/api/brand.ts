import * as z from 'zod/mini'
import { endpoint, type RawBody } from './endpoint.ts'
import { optionalText } from './fields.ts'
import { RoomParams } from './rooms.ts'

/**
 * Branding (issue 15): the workspace's logo, accent colour and the name mail is sent under; a
 * room's buyer logo and welcome note. One instance is one workspace.
 */
const tag = 'branding'

/** The largest logo upload, in bytes: logos are shown small, so 1 MB is plenty. */
export const MAX_LOGO_BYTES = 1024 * 1024
/** Logos are stored as PNGs of at most this many pixels a side (larger ones are scaled down). */
export const LOGO_MAX_SIDE = 512
/** The longest welcome note, in characters. */
export const MAX_WELCOME_NOTE = 2_000

const logoBody: RawBody = {
  mediaTypes: ['image/png', 'image/jpeg', 'image/webp', 'application/octet-stream'],
  description: `A PNG, JPEG or WebP image of at most ${MAX_LOGO_BYTES / 1024} KB; stored as a PNG of at most ${LOGO_MAX_SIDE} px a side.`,
}

export const WorkspaceBrandInfo = z
  .object({
    accent: z
      .nullable(z.string())
      .check(z.meta({ description: '#rrggbb, checked for WCAG AA contrast; null: the default.' })),
    mailName: z
      .nullable(z.string())
      .check(z.meta({ description: 'The name mail is sent under and signed with.' })),
    logoUrl: z.nullable(z.string()),
  })
  .check(z.meta({ id: 'WorkspaceBrand' }))
export type WorkspaceBrandInfo = z.infer<typeof WorkspaceBrandInfo>

export const getBrand = endpoint({
  name: 'getBrand',
  method: 'GET',
  path: '/api/brand',
  summary: 'The workspace’s brand: accent colour, logo and mail name (shown to everyone)',
  tag,
  access: 'anyone',
  answer: WorkspaceBrandInfo,
})

export const updateBrand = endpoint({
  name: 'updateBrand',
  method: 'POST',
  path: '/api/brand',
  summary: 'Change the workspace’s accent colour or mail name, or remove its logo',
  tag,
  access: 'seller account (the workspace admin once workspace roles exist)',
  body: z.strictObject({
    accent: z.optional(z.nullable(z.string())).check(
      z.meta({
        description:
          '#rrggbb; refused (400, with the ratio and a colour that passes) when text on it or in it would fall under 4.5:1. null: the default.',
      }),
    ),
    mailName: z
      .optional(z.nullable(z.string()))
      .check(z.meta({ description: 'At most 80 characters, on one line. null: the default.' })),
    removeLogo: z.optional(z.boolean()),
  }),
  answer: WorkspaceBrandInfo,
})

export const uploadBrandLogo = endpoint({
  name: 'uploadBrandLogo',
  method: 'POST',
  path: '/api/brand/logo',
  summary: 'Upload the workspace’s logo',
  tag,
  access: 'seller account (the workspace admin once workspace roles exist)',
  rawBody: logoBody,
  answer: WorkspaceBrandInfo,
})

export const getBrandLogo = endpoint({
  name: 'getBrandLogo',
  method: 'GET',
  path: '/api/brand/logo',
  summary: 'The workspace’s logo',
  tag,
  access: 'anyone',
  query: z.strictObject({ v: optionalText('v', 20) }),
  answer: { mediaType: 'image/png', description: 'The logo, as a PNG.' },
})

export const RoomBrandInfo = z
  .object({
    buyerLogoUrl: z.nullable(z.string()),
    welcomeNote: z.string(),
    welcomeSeen: z
      .boolean()
      .check(z.meta({ description: 'Whether the caller has already seen (dismissed) the note.' })),
  })
  .check(z.meta({ id: 'RoomBrand' }))
export type RoomBrandInfo = z.infer<typeof RoomBrandInfo>

export const getRoomBrand = endpoint({
  name: 'getRoomBrand',
  method: 'GET',
  path: '/api/rooms/:roomId/brand',
  summary: 'The room’s buyer logo and welcome note',
  tag,
  access: 'readRoom',
  params: RoomParams,
  answer: RoomBrandInfo,
})

export const updateRoomBrand = endpoint({
  name: 'updateRoomBrand',
  method: 'POST',
  path: '/api/rooms/:roomId/brand',
  summary: 'Change the room’s welcome note, or remove its buyer logo',
  tag,
  access: 'readInternal',
  params: RoomParams,
  body: z.strictObject({
    welcomeNote: z
      .optional(z.string())
      .check(z.meta({ description: `At most ${MAX_WELCOME_NOTE} characters; "" for none.` })),
    removeBuyerLogo: z.optional(z.boolean()),
  }),
  answer: RoomBrandInfo,
})

export const uploadRoomLogo = endpoint({
  name: 'uploadRoomLogo',
  method: 'POST',
  path: '/api/rooms/:roomId/brand/logo',
  summary: 'Upload the buyer’s logo for the room',
  tag,
  access: 'readInternal',
  params: RoomParams,
  rawBody: logoBody,
  answer: RoomBrandInfo,
})

export const getRoomLogo = endpoint({
  name: 'getRoomLogo',
  method: 'GET',
  path: '/api/rooms/:roomId/brand/logo',
  summary: 'The buyer’s logo of the room',
  tag,
  access: 'readRoom',
  params: RoomParams,
  query: z.strictObject({ v: optionalText('v', 20) }),
  answer: { mediaType: 'image/png', description: 'The logo, as a PNG.' },
})

export const dismissWelcome = endpoint({
  name: 'dismissWelcome',
  method: 'POST',
  path: '/api/rooms/:roomId/welcome/seen',
  summary: 'The caller has seen the room’s welcome note: it is not shown to them again',
  tag,
  access: 'readRoom',
  params: RoomParams,
  answer: z.object({ ok: z.literal(true) }),
})
