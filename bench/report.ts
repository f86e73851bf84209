import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'

const FILE = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url))

const HEADER = `# Benchmarks

Figures written by \`npm run bench\` (each section by its own benchmark, replaced on every run).
Every section names the machine, Node version and load it was measured with.
`

/** Machine, Node version and date, to stand next to every figure. */
export function environment(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`
}

/** Replaces (or appends) the section `## title` of BENCHMARKS.md with `body`. */
export function writeSection(title: string, body: string): void {
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER
  const start = `<!-- bench:${title} -->`
  const end = `<!-- /bench:${title} -->`
  const block = `${start}\n## ${title}\n\n${body.trim()}\n${end}`
  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const pattern = new RegExp(`${escapeRegExp(start)}[\\s\\S]*?${escapeRegExp(end)}`)
  const next = pattern.test(current)
    ? current.replace(pattern, block)
    : `${current.trimEnd()}\n\n${block}\n`
  writeFileSync(FILE, next)
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`
