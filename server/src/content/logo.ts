import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { LOGO_MAX_SIDE } from '../../../shared/src/api/brand.ts'
import { Problem } from '../errors.ts'
import type { BlobStore } from './blob-store.ts'
import type { ReceivedFile } from './upload.ts'

/** Formats a logo may be uploaded in (read from the bytes, never from the declared type). */
const LOGO_FORMATS = new Set(['png', 'jpeg', 'webp'])
/** A decoded image larger than this many pixels is refused before it is decoded (a bomb). */
const MAX_INPUT_PIXELS = 40_000_000

/**
 * Makes a logo of an upload: the bytes must be a PNG, JPEG or WebP image (SVG, which can carry
 * scripts, and everything else are refused), which is decoded, scaled down to fit LOGO_MAX_SIDE
 * and written anew as a PNG: what is served is always an image the server made, with no metadata.
 * The PNG is put in the blob store; its key is returned.
 */
export async function storeLogo(file: ReceivedFile, blobs: BlobStore): Promise<string> {
  const bytes = await readFile(file.path)
  let png: Buffer
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    const { format } = await image.metadata()
    if (!format || !LOGO_FORMATS.has(format))
      throw new Problem('unsupported-type', notAnImage(format))
    png = await image
      .rotate()
      .resize(LOGO_MAX_SIDE, LOGO_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer()
  } catch (error) {
    if (error instanceof Problem) throw error
    throw new Problem('unprocessable', notAnImage(undefined))
  }
  const key = createHash('sha256').update(png).digest('hex')
  const path = join(file.dir, 'logo.png')
  await writeFile(path, png)
  await blobs.put(key, path)
  return key
}

const notAnImage = (format: string | undefined) =>
  `A logo must be a PNG, JPEG or WebP image${format ? ` (this is ${format.toUpperCase()})` : ' (this file is not one)'}.`
