import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Self time by function in the V8 CPU profiles of a folder: `node --import tsx bench/profile.ts DIR`. */
interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}

const dir = process.argv[2] ?? '.'
const totals = new Map<string, number>()
let all = 0
for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] }
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0
    all += hits
    const where = node.callFrame.url
      .replace(/^.*node_modules\//, '')
      .replace(/^file:\/\/.*\/work\/main\//, '')
    const key = `${node.callFrame.functionName || '(anonymous)'}  ${where}:${node.callFrame.lineNumber}`
    totals.set(key, (totals.get(key) ?? 0) + hits)
  }
}
for (const [key, hits] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${((hits / all) * 100).toFixed(1).padStart(5)}%  ${key}`)
}
