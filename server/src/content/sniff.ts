import { open } from 'node:fs/promises'

/**
 * What a file is, read from its bytes (never its name or declared type): the magic numbers of
 * PDF and the image formats, and for a ZIP the entries that make it a Word, PowerPoint or Excel
 * file (OOXML). Anything else is not taken.
 */
export type FileKind = 'pdf' | 'png' | 'jpeg' | 'webp' | 'docx' | 'pptx' | 'xlsx'

export const MEDIA_TYPES: Record<FileKind, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

export const isOffice = (kind: FileKind): boolean =>
  kind === 'docx' || kind === 'pptx' || kind === 'xlsx'
export const isImage = (kind: FileKind): boolean =>
  kind === 'png' || kind === 'jpeg' || kind === 'webp'

const startsWith = (bytes: Buffer, signature: number[], at = 0) =>
  signature.every((byte, index) => bytes[at + index] === byte)

/** The kind of the file at `path`, or null when it is none Quorum takes. */
export async function sniffFile(path: string): Promise<FileKind | null> {
  const file = await open(path, 'r')
  try {
    const { size } = await file.stat()
    const head = Buffer.alloc(Math.min(size, 1024))
    await file.read(head, 0, head.length, 0)
    // PDF readers accept the header anywhere in the first KiB (some files start with junk).
    if (head.includes('%PDF-')) return 'pdf'
    if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
    if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg'
    if (
      head.subarray(0, 4).toString('latin1') === 'RIFF' &&
      head.subarray(8, 12).toString('latin1') === 'WEBP'
    )
      return 'webp'
    if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]))
      return officeKind(await zipEntryNames(file, size))
    return null
  } finally {
    await file.close()
  }
}

function officeKind(names: string[]): FileKind | null {
  if (!names.includes('[Content_Types].xml')) return null
  if (names.some((name) => name.startsWith('word/'))) return 'docx'
  if (names.some((name) => name.startsWith('ppt/'))) return 'pptx'
  if (names.some((name) => name.startsWith('xl/'))) return 'xlsx'
  return null
}

/** Most entries read from a ZIP's directory: an office file has dozens, not thousands. */
const MAX_ENTRIES = 5_000

/**
 * The entry names in a ZIP's central directory (found through the end-of-directory record in
 * the last 64 KiB). Nothing is decompressed: a ZIP bomb costs nothing here.
 */
async function zipEntryNames(
  file: Awaited<ReturnType<typeof open>>,
  size: number,
): Promise<string[]> {
  const tailLength = Math.min(size, 65_557)
  const tail = Buffer.alloc(tailLength)
  await file.read(tail, 0, tailLength, size - tailLength)
  const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (end < 0 || end + 22 > tail.length) return []
  const entries = Math.min(tail.readUInt16LE(end + 10), MAX_ENTRIES)
  const directorySize = tail.readUInt32LE(end + 12)
  const directoryOffset = tail.readUInt32LE(end + 16)
  if (directoryOffset + directorySize > size || directorySize > 16 * 1024 * 1024) return []
  const directory = Buffer.alloc(directorySize)
  await file.read(directory, 0, directorySize, directoryOffset)
  const names: string[] = []
  let at = 0
  for (let index = 0; index < entries && at + 46 <= directory.length; index++) {
    if (directory.readUInt32LE(at) !== 0x02014b50) break
    const nameLength = directory.readUInt16LE(at + 28)
    const extraLength = directory.readUInt16LE(at + 30)
    const commentLength = directory.readUInt16LE(at + 32)
    names.push(directory.subarray(at + 46, at + 46 + nameLength).toString('utf8'))
    at += 46 + nameLength + extraLength + commentLength
  }
  return names
}
