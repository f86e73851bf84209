const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/**
 * A random, URL-safe id (base 62). Uses `crypto.getRandomValues`, which unlike
 * `crypto.randomUUID` also exists on pages served over plain http on a LAN address.
 */
export function newId(length = 16): string {
  const bytes = new Uint8Array(length)
  crypto.getRandomValues(bytes)
  let id = ''
  // The slight modulo bias does not matter for ids; secrets are made on the server with node:crypto.
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length]
  return id
}
