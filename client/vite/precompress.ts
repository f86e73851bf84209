import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

/** What is worth compressing: text the browser downloads (never source maps, never images). */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/
/** Below this, the headers cost more than compression saves. */
const MIN_BYTES = 1024

/**
 * Writes `file.br` and `file.gz` beside every compressible file of a built app, at the highest
 * levels (it is done once per build, and the server sends them as they are). Returns the files
 * compressed.
 */
export function precompress(dir: string): string[] {
  const done: string[] = []
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      const path = join(folder, entry)
      const stat = statSync(path)
      if (stat.isDirectory()) visit(path)
      else if (COMPRESSIBLE.test(entry) && stat.size >= MIN_BYTES) {
        const bytes = readFileSync(path)
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          }),
        )
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }))
        done.push(path)
      }
    }
  }
  visit(dir)
  return done
}

/** The Vite plugin: precompresses the build output once it is written. */
export function precompressPlugin(): Plugin {
  let outDir = ''
  return {
    name: 'quorum-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir)
    },
    closeBundle() {
      precompress(outDir)
    },
  }
}
