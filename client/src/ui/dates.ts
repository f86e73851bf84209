/** Today as yyyy-mm-dd in the viewer's time zone (due dates are calendar days). */
export function today(): string {
  const now = new Date()
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000)
  return local.toISOString().slice(0, 10)
}

export function isOverdue(dueDate: string | null, done: boolean): boolean {
  return !done && dueDate !== null && dueDate < today()
}

const FORMAT = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const FORMAT_YEAR = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
})

/** "Mar 4" (or "Mar 4, 2027" outside this year). */
export function formatDay(day: string | null): string {
  if (!day) return 'No date'
  const date = new Date(`${day}T00:00:00`)
  if (Number.isNaN(date.getTime())) return day
  return (date.getFullYear() === new Date().getFullYear() ? FORMAT : FORMAT_YEAR).format(date)
}

/** "in 3 days", "today", "2 days ago". */
export function relativeDay(day: string | null): string {
  if (!day) return ''
  const diff = Math.round(
    (Date.parse(`${day}T00:00:00`) - Date.parse(`${today()}T00:00:00`)) / 86_400_000,
  )
  if (diff === 0) return 'today'
  if (diff === 1) return 'tomorrow'
  if (diff === -1) return 'yesterday'
  return diff > 0 ? `in ${diff} days` : `${-diff} days ago`
}

/** "45 s", "12 min", "1.5 h". */
export function duration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`
  return `${(ms / 3_600_000).toFixed(1)} h`
}
