/**
 * A browser as far as redirects and cookies go: each request carries the cookies its origin set
 * (expired ones dropped), and redirects are followed by hand, one hop at a time, so a test sees
 * every address the browser passes through.
 */
export class CookieBrowser {
  private readonly jar = new Map<string, Map<string, string>>()
  /** Every address visited, in order. */
  readonly visited: string[] = []

  cookies(origin: string): Map<string, string> {
    const found = this.jar.get(origin) ?? new Map<string, string>()
    this.jar.set(origin, found)
    return found
  }

  async request(
    url: string,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ) {
    const target = new URL(url)
    const cookies = this.cookies(target.origin)
    this.visited.push(target.href)
    const response = await fetch(target, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(cookies.size
          ? { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
          : {}),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: init.body }),
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      const gone = attributes.some(
        (attribute) =>
          /^\s*max-age=0\s*$/i.test(attribute) ||
          (/^\s*expires=/i.test(attribute) &&
            Date.parse(attribute.split('=')[1] ?? '') <= Date.now()),
      )
      if (gone || value === '') cookies.delete(name)
      else cookies.set(name, value)
    }
    return response
  }

  /** GETs `url` and follows redirects (at most 20) to the first answer that is not one. */
  async follow(url: string): Promise<{ response: Response; url: string }> {
    let current = url
    for (let hop = 0; hop < 20; hop++) {
      const response = await this.request(current)
      const location = response.headers.get('location')
      if (response.status < 300 || response.status >= 400 || !location)
        return { response, url: current }
      await response.arrayBuffer()
      current = new URL(location, current).href
    }
    throw new Error(`more than 20 redirects from ${url}`)
  }
}
