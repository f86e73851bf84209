import { existsSync, statSync } from 'node:fs'
import { basename, extname, join, resolve, sep } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

export interface StaticOptions {
  /** Serve `*.map` files (SERVE_SOURCE_MAPS=1); otherwise they answer 404. */
  serveSourceMaps?: boolean
}

const isFile = (path: string) => existsSync(path) && statSync(path).isFile()
const isMap = (path: string) => extname(path).toLowerCase() === '.map'

export function sendText(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply
    .code(status)
    .headers({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
    .send(`${text}\n`)
}

/**
 * Serves the built web app (@fastify/static). Hashed assets are cached for a year; JS, CSS and
 * HTML go out as the `.br` or `.gz` file the build wrote beside them to a client that accepts it.
 * Source maps hold the whole client source, so they are only served when asked for; the build
 * leaves no sourceMappingURL comment in the bundles, and the `SourceMap` header points browsers
 * at a map only when maps are served.
 */
export async function registerStaticFiles(
  app: FastifyInstance,
  root: string,
  options: StaticOptions = {},
): Promise<{ fallback: (request: FastifyRequest, reply: FastifyReply) => FastifyReply }> {
  const base = resolve(root)
  const assets = join(base, 'assets') + sep
  await app.register(fastifyStatic, {
    root: base,
    wildcard: true,
    preCompressed: true,
    cacheControl: false,
    redirect: false,
    dotfiles: 'ignore',
    allowedPath: (pathName) => options.serveSourceMaps === true || !isMap(pathName),
    setHeaders(reply, path) {
      // `path` is the file sent: the precompressed one, when one was.
      const file = path.replace(/\.(br|gz)$/, '')
      reply.header(
        'cache-control',
        file.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache',
      )
      if (options.serveSourceMaps && isFile(`${file}.map`))
        reply.header('sourcemap', `${basename(file)}.map`)
    },
  })

  /**
   * A path that is no file: index.html, so client-side routes (/r/…, /i/…) load the app; but a
   * missing bundle or map is a 404, not the app's HTML (which the browser cannot run).
   */
  function fallback(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const pathname = request.url.split('?')[0] ?? '/'
    let decoded: string
    try {
      decoded = decodeURIComponent(pathname)
    } catch {
      return badEncoding(reply)
    }
    if (isMap(decoded) || join(base, decoded).startsWith(assets))
      return sendText(reply, 404, 'Not found.')
    if (!isFile(join(base, 'index.html')))
      return sendText(
        reply.header('cache-control', 'no-store'),
        503,
        'The Quorum web app is not built. Run `npm run build` (npm start does it for you).',
      )
    return reply.sendFile('index.html')
  }
  return { fallback }
}

export function badEncoding(reply: FastifyReply): FastifyReply {
  return sendText(
    reply,
    400,
    'This address is not valid URL encoding (a % must start an escape such as %20).',
  )
}
