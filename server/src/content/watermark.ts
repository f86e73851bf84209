import sharp from 'sharp'

/**
 * Who is looking, on every page image and every page of a download: their name, their e-mail
 * address and the day, so a screenshot or a forwarded PDF says whose copy it was.
 */
export interface Watermark {
  name: string
  email: string
  /** The day, yyyy-mm-dd (UTC). */
  date: string
}

export const watermarkFor = (person: { name: string; email: string }, at = Date.now()) => ({
  name: person.name,
  email: person.email,
  date: new Date(at).toISOString().slice(0, 10),
})

/** The text drawn across the page. */
export const watermarkText = (mark: Watermark): string =>
  [mark.name, mark.email, mark.date].filter((part) => part !== '').join(' · ')

/** The line at the foot of a page. */
export const watermarkFooter = (mark: Watermark, action: 'Viewed' | 'Downloaded'): string =>
  `${action} by ${mark.name || mark.email} <${mark.email}> on ${mark.date} · Quorum`

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`)

/** An SVG of the watermark for a page image of this size: rows of text across, and a foot line. */
function overlay(width: number, height: number, mark: Watermark): string {
  const text = escapeXml(watermarkText(mark))
  const size = Math.max(12, Math.round(width / 34))
  const rows: string[] = []
  const step = Math.round(size * 7)
  // Rows cover the rotated page, beyond its corners.
  for (let y = -height; y < height * 2; y += step)
    rows.push(`<text x="${width / 2}" y="${y}" text-anchor="middle">${text}</text>`)
  const foot = Math.max(10, Math.round(width / 70))
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<g transform="rotate(-30 ${width / 2} ${height / 2})" font-family="DejaVu Sans, sans-serif" font-size="${size}" fill="#7a1a1a" fill-opacity="0.16">${rows.join('')}</g>
<rect x="0" y="${height - foot * 2}" width="${width}" height="${foot * 2}" fill="#ffffff" fill-opacity="0.8"/>
<text x="${width / 2}" y="${height - foot * 0.6}" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="${foot}" fill="#333333">${escapeXml(watermarkFooter(mark, 'Viewed'))}</text>
</svg>`
}

/** Watermarks drawn lately, as raw pixels: one reader pages through many pages of one size. */
const overlays = new Map<string, Promise<Buffer>>()
const MAX_OVERLAYS = 32

/** The watermark of this size as raw RGBA pixels, drawn once and kept for the next pages. */
function overlayPixels(width: number, height: number, mark: Watermark): Promise<Buffer> {
  const key = `${width}x${height}\u0000${watermarkText(mark)}`
  let pixels = overlays.get(key)
  if (!pixels) {
    pixels = sharp(Buffer.from(overlay(width, height, mark)))
      .ensureAlpha()
      .raw()
      .toBuffer()
    pixels.catch(() => overlays.delete(key))
    overlays.set(key, pixels)
    if (overlays.size > MAX_OVERLAYS) {
      const oldest = overlays.keys().next().value
      if (oldest !== undefined) overlays.delete(oldest)
    }
  }
  return pixels
}

/** The page image with the watermark drawn over it, as PNG. */
export async function watermarkPage(png: string | Buffer, mark: Watermark): Promise<Buffer> {
  const page = sharp(png)
  const { width, height } = await page.metadata()
  if (!width || !height) throw new Error('A page image without a size')
  const pixels = await overlayPixels(width, height, mark)
  return (
    page
      .composite([{ input: pixels, raw: { width, height, channels: 4 }, top: 0, left: 0 }])
      // Level 3: a page of text is hardly larger than at 6, and is written twice as fast.
      .png({ compressionLevel: 3 })
      .toBuffer()
  )
}

/** Most pixels an uploaded image may have (a decompression bomb is refused before decoding). */
export const MAX_IMAGE_PIXELS = 60_000_000

/** An uploaded image as a JPEG on white (what the PDF of an image holds); rejects bad images. */
export async function normaliseImage(input: string, output: string): Promise<void> {
  await sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' })
    .rotate()
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 90 })
    .toFile(output)
}
