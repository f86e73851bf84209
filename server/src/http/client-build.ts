import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
/** What the web app is built from: when any of it is newer than the build, rebuild. */
const SOURCES = ['client', 'shared/src', 'vite.config.ts', 'package-lock.json']
const STAMP = '.quorum-build'

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) {
    if (entry === 'dist' || entry === 'node_modules') continue
    newest = Math.max(newest, newestMtime(join(path, entry)))
  }
  return newest
}

/** Builds the client with Vite when its build is missing or older than its sources. */
export async function ensureClientBuilt(distDir: string): Promise<void> {
  const stamp = join(distDir, STAMP)
  const sourcesAt = Math.max(...SOURCES.map((source) => newestMtime(join(ROOT, source))))
  if (existsSync(stamp) && Number(readFileSync(stamp, 'utf8')) >= sourcesAt) return
  console.log('Building the web app (first start or sources changed)…')
  const started = Date.now()
  const { build } = await import('vite')
  // Vite follows NODE_ENV, and test runners set it to "test": the web app is always built for production.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ configFile: join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' })
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
  writeFileSync(stamp, String(sourcesAt))
  console.log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
}
