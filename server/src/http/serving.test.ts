import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it, onTestFinished } from 'vitest'
import { precompress } from '../../../client/vite/precompress.ts'
import { readConfig, sqliteFile } from '../config.ts'
import { startServer } from '../server.ts'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts'
import { tempDir } from '../testing/harness.ts'

const BUNDLE = 'console.log("room")\n'
const MAP = '{"version":3,"sources":["../src/secret-plans.ts"],"mappings":""}'

/** A built web app in a temporary folder: the page, a bundle and the bundle's source map. */
function builtApp(): string {
  const dir = tempDir('quorum-app-')
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Quorum</title>')
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), BUNDLE)
  writeFileSync(join(dir, 'assets', 'index-abc123.js.map'), MAP)
  return dir
}

/** A real server with these environment variables, serving `clientDir`; closed after the test. */
async function serve(env: Record<string, string>, clientDir = builtApp()): Promise<string> {
  const dataDir = tempDir()
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env })
  const server = await startServer(config, new SqliteStorage(sqliteFile(config)), { clientDir })
  onTestFinished(() => server.close())
  return `http://127.0.0.1:${server.port}`
}

/** The CSP as directive → sources. */
function policy(response: Response): Map<string, string[]> {
  const header = response.headers.get('content-security-policy') ?? ''
  return new Map(
    header.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/)
      return [name, sources]
    }),
  )
}

/** The CSP that shipped before connect-src was narrowed: every other directive must stay. */
const EARLIER_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
}

describe('security headers', () => {
  it('over http: sockets only to the app itself, no HSTS, on pages, API answers and errors alike', async () => {
    const base = await serve({ PUBLIC_URL: 'http://deals.example.test:8080' })
    for (const path of ['/', '/r/abc', '/api/templates', '/api/session', '/healthz', '/api/nope']) {
      const response = await fetch(`${base}${path}`)
      const csp = policy(response)
      expect(csp.get('connect-src'), path).toEqual(["'self'", 'ws://deals.example.test:8080'])
      for (const [name, sources] of Object.entries(EARLIER_DIRECTIVES))
        expect(csp.get(name), `${path} ${name}`).toEqual(sources)
      expect(response.headers.get('strict-transport-security'), path).toBeNull()
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('x-frame-options')).toBe('DENY')
      expect(response.headers.get('referrer-policy')).toBe('same-origin')
    }
  })

  it('over https: wss to the public host only, and browsers told to stay on https for a year', async () => {
    const base = await serve({ PUBLIC_URL: 'https://rooms.example.com' })
    const response = await fetch(`${base}/api/templates`)
    expect(policy(response).get('connect-src')).toEqual(["'self'", 'wss://rooms.example.com'])
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000')
  })

  it('a request target that is not a URL is refused, and the server keeps running', async () => {
    const base = await serve({})
    const { port } = new URL(base)
    const statusLine = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      )
      let reply = ''
      socket.on('data', (chunk) => {
        reply += chunk.toString()
      })
      socket.on('close', () => resolve(reply.split('\r\n')[0] ?? ''))
      socket.on('error', reject)
    })
    expect(statusLine).toBe('HTTP/1.1 400 Bad Request')
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
  })
})

describe('the built web app', () => {
  it('keeps source maps private by default: 404, and no header pointing at them', async () => {
    const base = await serve({})
    const bundle = await fetch(`${base}/assets/index-abc123.js`)
    expect(bundle.status).toBe(200)
    expect(await bundle.text()).toBe(BUNDLE)
    expect(bundle.headers.get('sourcemap')).toBeNull()
    for (const path of [
      '/assets/index-abc123.js.map',
      '/assets/index-abc123.js%2Emap',
      '/assets/INDEX-abc123.JS.MAP',
      '/assets/../assets/index-abc123.js.map',
    ]) {
      const map = await fetch(`${base}${path}`)
      expect(map.status, path).toBe(404)
      expect(await map.text(), path).not.toContain('secret-plans')
    }
    expect((await fetch(`${base}/assets/index-abc123.js.map`, { method: 'HEAD' })).status).toBe(404)
  })

  it('serves source maps with SERVE_SOURCE_MAPS=1 and points browsers at them', async () => {
    const base = await serve({ SERVE_SOURCE_MAPS: '1' })
    const bundle = await fetch(`${base}/assets/index-abc123.js`)
    expect(bundle.headers.get('sourcemap')).toBe('index-abc123.js.map')
    const map = await fetch(`${base}/assets/index-abc123.js.map`)
    expect(map.status).toBe(200)
    expect(await map.json()).toMatchObject({ sources: ['../src/secret-plans.ts'] })
  })

  it('answers a broken %-escape with 400 and a missing bundle with 404, never the page or a 500', async () => {
    const base = await serve({})
    for (const path of ['/%E0%A4%A', '/r/%', '/assets/%ZZ.js']) {
      const response = await fetch(`${base}${path}`)
      expect(response.status, path).toBe(400)
      expect(await response.text(), path).toContain('not valid URL encoding')
    }
    // A page from an earlier build asking for a chunk that is gone: the browser gets a 404 it can
    // report, not the app's HTML (which the service worker would otherwise cache as script).
    const gone = await fetch(`${base}/assets/chunk-old.js`)
    expect(gone.status).toBe(404)
    // Client-side routes still load the app.
    const page = await fetch(`${base}/r/abc123`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>Quorum</title>')
  })
})

/** A GET as a browser sends it, with the bytes as they came over the wire (not decoded). */
function rawGet(url: string, acceptEncoding?: string) {
  return new Promise<{ headers: Record<string, unknown>; bytes: Buffer }>((resolve, reject) => {
    const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ headers: response.headers, bytes: Buffer.concat(chunks) }))
    })
      .on('error', reject)
      .end()
  })
}

describe('compressed JS and CSS', () => {
  it('sends the build’s .br or .gz to a browser that accepts it, the plain file to one that does not', async () => {
    const dir = builtApp()
    const bundle = `${'export const room = "a deal room";\n'.repeat(400)}`
    writeFileSync(join(dir, 'assets', 'app-def456.js'), bundle)
    writeFileSync(
      join(dir, 'assets', 'app-def456.css'),
      `${'.room { color: #123456; }\n'.repeat(200)}`,
    )
    // Small files are not worth it; source maps are never compressed (nor served by default).
    expect(
      precompress(dir)
        .map((file) => file.slice(dir.length))
        .sort(),
    ).toEqual(['/assets/app-def456.css', '/assets/app-def456.js'])
    const base = await serve({}, dir)

    const br = await rawGet(`${base}/assets/app-def456.js`, 'gzip, deflate, br, zstd')
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toContain('accept-encoding')
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(brotliDecompressSync(br.bytes).toString()).toBe(bundle)
    expect(br.bytes.length).toBeLessThan(bundle.length / 10)

    const gzip = await rawGet(`${base}/assets/app-def456.js`, 'gzip')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gzip.bytes).toString()).toBe(bundle)

    const css = await rawGet(`${base}/assets/app-def456.css`, 'br')
    expect(css.headers['content-encoding']).toBe('br')
    expect(css.headers['content-type']).toMatch(/^text\/css/)

    const plain = await rawGet(`${base}/assets/app-def456.js`)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.bytes.toString()).toBe(bundle)

    // The page itself is never cached as immutable: a new build must reach everyone.
    const page = await rawGet(`${base}/r/abc`, 'br')
    expect(page.headers['cache-control']).toBe('no-cache')
  })
})
