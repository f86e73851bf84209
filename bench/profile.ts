import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Self time by function in the V8 CPU profiles of a folder, then the total time (the function and
 * everything it calls) under functions matching each further argument:
 * `node --import tsx bench/profile.ts DIR [pattern…]`, e.g. `beforeSync write-guard`. Percentages
 * are of busy samples (idle and GC shown as their own rows).
 */
interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

const [dir = '.', ...patterns] = process.argv.slice(2)
const totals = new Map<string, number>()
const inclusive = new Map<string, number>(patterns.map((pattern) => [pattern, 0]))
let all = 0
let idle = 0

const keyOf = (node: ProfileNode) => {
  const where = node.callFrame.url
    .replace(/^.*node_modules\//, '')
    .replace(/^file:\/\/.*\/work\/main\//, '')
  return `${node.callFrame.functionName || '(anonymous)'}  ${where}:${node.callFrame.lineNumber}`
}

for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] }
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0
    all += hits
    if (node.callFrame.functionName === '(idle)') idle += hits
    const key = keyOf(node)
    totals.set(key, (totals.get(key) ?? 0) + hits)
  }
  // Inclusive time: walk from the root, counting a sample once under the outermost match.
  const walk = (id: number, matched: Set<string>) => {
    const node = byId.get(id)
    if (!node) return
    const key = keyOf(node)
    const here = new Set(matched)
    for (const pattern of patterns) if (key.includes(pattern)) here.add(pattern)
    for (const pattern of here)
      inclusive.set(pattern, (inclusive.get(pattern) ?? 0) + (node.hitCount ?? 0))
    for (const child of node.children ?? []) walk(child, here)
  }
  const root = profile.nodes[0]
  if (root) walk(root.id, new Set())
}

const busy = all - idle
console.log(
  `${all} samples, ${((busy / all) * 100).toFixed(1)}% busy; shares below are of busy samples`,
)
for (const [key, hits] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  if (key.startsWith('(idle)')) continue
  console.log(`${((hits / busy) * 100).toFixed(1).padStart(5)}%  ${key}`)
}
for (const [pattern, hits] of inclusive) {
  console.log(`total under "${pattern}": ${((hits / busy) * 100).toFixed(1)}%`)
}
