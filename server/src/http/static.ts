import { createReadStream, existsSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
}

/**
 * Serves the built web app. Hashed assets are cached for a year; every other path that is not
 * a file gets index.html, so client-side routes (/r/…, /i/…) load the app.
 */
export function staticFiles(
  root: string,
): (request: IncomingMessage, response: ServerResponse) => void {
  const base = resolve(root)
  return (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost')
    let file: string
    try {
      file = normalize(join(base, decodeURIComponent(pathname)))
    } catch {
      file = join(base, 'index.html')
    }
    if (!file.startsWith(base + sep) || !isFile(file)) file = join(base, 'index.html')
    if (!isFile(file)) {
      response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
      response.end(
        'The Quorum web app is not built. Run `npm run build` (npm start does it for you).\n',
      )
      return
    }
    const immutable = file.startsWith(join(base, 'assets') + sep)
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    })
    if (request.method === 'HEAD') {
      response.end()
      return
    }
    createReadStream(file).pipe(response)
  }
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile()
}
