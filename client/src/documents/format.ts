/** How the Documents section writes sizes, moments and addresses. */

const SIZE_UNITS = ['bytes', 'KB', 'MB', 'GB'] as const

/** "340 KB", "12.5 MB". */
export function fileSize(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ${SIZE_UNITS[unit]}`
}

const when = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** "Nov 24, 14:05". */
export const formatMoment = (at: number) => when.format(at)

/** The address of one document in the room (its viewer), optionally at a page. */
export const documentPath = (roomId: string, documentId: string, page?: number) =>
  `/r/${roomId}/documents/${documentId}${page && page > 1 ? `?page=${page}` : ''}`
