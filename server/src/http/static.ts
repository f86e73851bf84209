import { createReadStream, existsSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { basename, extname, join, normalize, resolve, sep } from 'node:path'

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
  '.map': 'application/json; charset=utf-8',
}

export interface StaticOptions {
  /** Serve `*.map` files (SERVE_SOURCE_MAPS=1); otherwise they answer 404. */
  serveSourceMaps?: boolean
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  })
  response.end(`${text}\n`)
}

/**
 * Serves the built web app. Hashed assets are cached for a year; every other path that is not
 * a file gets index.html, so client-side routes (/r/…, /i/…) load the app. Source maps hold the
 * whole client source, so they are only served when asked for; the build leaves no
 * sourceMappingURL comment in the bundles, and the `SourceMap` header points browsers at a map
 * only when maps are served.
 */
export function staticFiles(
  root: string,
  options: StaticOptions = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  const base = resolve(root)
  const assets = join(base, 'assets') + sep
  return (request, response) => {
    let path: string
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    } catch {
      sendText(
        response,
        400,
        'This address is not valid URL encoding (a % must start an escape such as %20).',
      )
      return
    }
    const requested = normalize(join(base, path))
    const isMap = extname(requested).toLowerCase() === '.map'
    if (isMap && !options.serveSourceMaps) {
      sendText(response, 404, 'Not found.')
      return
    }
    let file = requested
    if (!file.startsWith(base + sep) || !isFile(file)) {
      // A missing bundle or map is a 404, not the app's HTML (which the browser cannot run).
      if (isMap || file.startsWith(assets)) {
        sendText(response, 404, 'Not found.')
        return
      }
      file = join(base, 'index.html')
    }
    if (!isFile(file)) {
      response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
      response.end(
        'The Quorum web app is not built. Run `npm run build` (npm start does it for you).\n',
      )
      return
    }
    const immutable = file.startsWith(assets)
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(options.serveSourceMaps && isFile(`${file}.map`)
        ? { SourceMap: `${basename(file)}.map` }
        : {}),
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
