import { type Socket, connect as tcp } from 'node:net'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import { connect, eventually, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'
import { awarenessFrame, RawClient, syncStep1Frame, updateFrame, Wire } from '../testing/raw.ts'
import { addressKey } from './socket-admission.ts'

const REFUSED = 'Unexpected server response: 429'

/** Asks for the room's state and waits for the answer: the socket is still served. */
async function stillServed(client: RawClient, name: string): Promise<void> {
  client.send(syncStep1Frame(name, Y.encodeStateVector(new Y.Doc())))
  await client.next((message) => message.document === name && message.type === Wire.sync)
  expect(client.socket.readyState).toBe(WebSocket.OPEN)
}

describe('the upgrade request', () => {
  it('answers a target that is no URL with 400, and the server keeps serving', async () => {
    const test = await startTestServer()
    const reply = await new Promise<string>((resolve, reject) => {
      const wire = tcp(test.server.port, '127.0.0.1', () =>
        wire.write(
          'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
            'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
        ),
      )
      let received = ''
      wire.on('data', (chunk) => {
        received += chunk
      })
      wire.on('close', () => resolve(received))
      wire.on('error', reject)
    })
    expect(reply).toMatch(/^HTTP\/1.1 400 /)
    expect(reply).toContain('The request target is not a valid URL')
    expect((await fetch(`${test.httpUrl}/healthz`)).status).toBe(200)
  })
})

describe('sockets per client address', () => {
  it('refuses sockets from one address past its caps, and only from that address', async () => {
    const test = await startTestServer(undefined, {
      MAX_SOCKETS_PER_ADDRESS: '4',
      MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: '2',
    })
    const cast = await seedCast(test.storage)
    const name = documentName(cast.roomId)
    const token = await tokenFor(test.storage, cast.roomId, cast.champion)

    // Two sockets waiting for authentication: a third from the same address is refused…
    const first = await RawClient.open(test.wsUrl)
    const second = await RawClient.open(test.wsUrl)
    await expect(RawClient.open(test.wsUrl)).rejects.toThrow(REFUSED)
    // …while someone at another address gets in.
    const elsewhere = await RawClient.open(test.wsUrl, { localAddress: '127.0.0.2' })
    expect((await elsewhere.authenticate(name, token)).ok).toBe(true)

    // Authenticated sockets count only against the cap of open sockets (4 here).
    expect((await first.authenticate(name, token)).ok).toBe(true)
    expect((await second.authenticate(name, token)).ok).toBe(true)
    const third = await RawClient.open(test.wsUrl)
    expect((await third.authenticate(name, token)).ok).toBe(true)
    await RawClient.open(test.wsUrl)
    await expect(RawClient.open(test.wsUrl)).rejects.toThrow(REFUSED)

    // A socket that closes makes room again.
    first.socket.close()
    await eventually(async () => {
      const next = await RawClient.open(test.wsUrl)
      expect((await next.authenticate(name, token)).ok).toBe(true)
    })
    await stillServed(second, name)
  })

  it('has no cap at 0 (a load test opens thousands of sockets from one machine)', async () => {
    const test = await startTestServer(undefined, {
      MAX_SOCKETS_PER_ADDRESS: '0',
      MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: '0',
    })
    const sockets = await Promise.all(Array.from({ length: 60 }, () => RawClient.open(test.wsUrl)))
    expect(sockets.every((client) => client.socket.readyState === WebSocket.OPEN)).toBe(true)
    expect(test.server.sockets.size).toBe(60)
  })

  it('counts each client behind a proxy on its own when CLIENT_ADDRESS_HEADER names the header', async () => {
    const test = await startTestServer(undefined, {
      MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: '1',
      CLIENT_ADDRESS_HEADER: 'X-Forwarded-For',
    })
    const from = (address: string) => ({ headers: { 'x-forwarded-for': `10.9.9.9, ${address}` } })
    await RawClient.open(test.wsUrl, from('203.0.113.7'))
    await expect(RawClient.open(test.wsUrl, from('203.0.113.7'))).rejects.toThrow(REFUSED)
    await RawClient.open(test.wsUrl, from('203.0.113.8'))
  })

  it('groups IPv6 addresses by /64 and reads IPv4-mapped ones as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'))
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'))
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressKey('::ffff:192.0.2.4')).toBe('192.0.2.4')
    expect(addressKey('192.0.2.4')).toBe('192.0.2.4')
  })
})

describe('before a socket authenticates', () => {
  it('closes a socket that sends more than the cap, having read only about the cap of it', async () => {
    const test = await startTestServer(undefined, {
      MAX_MESSAGE_BYTES: String(8 * 1024 * 1024),
      MAX_BYTES_BEFORE_AUTHENTICATION: String(16 * 1024),
    })
    const cast = await seedCast(test.storage)
    const name = documentName(cast.roomId)
    const wires: Socket[] = []
    test.server.http.on('upgrade', (_request, wire: Socket) => wires.push(wire))
    const tooMuch = { code: 1008, reason: 'too much data before authentication' }

    // The attack as reported: sockets that never authenticate, each sending 5 MiB to be queued.
    const attackers = await Promise.all(Array.from({ length: 8 }, () => RawClient.open(test.wsUrl)))
    const attack = updateFrame(name, new Uint8Array(5 * 1024 * 1024))
    for (const attacker of attackers) attacker.send(attack)
    for (const attacker of attackers) expect(await attacker.closed).toEqual(tooMuch)
    // The server stopped reading each at the cap: the 5 MiB never reached its memory.
    expect(wires).toHaveLength(8)
    for (const wire of wires) expect(wire.bytesRead).toBeLessThan(256 * 1024)

    // Many small frames add up the same way.
    const trickle = await RawClient.open(test.wsUrl)
    for (let i = 0; i < 20; i++) trickle.send(updateFrame(name, new Uint8Array(1024)))
    expect(await trickle.closed).toEqual(tooMuch)

    // Once authenticated, a socket may send more than that.
    const member = await RawClient.open(test.wsUrl)
    const token = await tokenFor(test.storage, cast.roomId, cast.champion)
    expect((await member.authenticate(name, token)).ok).toBe(true)
    for (let clock = 1; clock <= 40; clock++) {
      member.send(
        awarenessFrame(name, [
          { clientId: 4242, clock, state: { section: 'plan', padding: 'x'.repeat(1000) } },
        ]),
      )
    }
    await stillServed(member, name)
  })

  it('closes a socket that has not authenticated by the deadline; authenticated idle ones stay', async () => {
    const test = await startTestServer(undefined, { AUTHENTICATION_TIMEOUT_MS: '1000' })
    const cast = await seedCast(test.storage)
    const name = documentName(cast.roomId)
    // Opened first, so their own deadlines have passed by the time the last socket's has.
    const member = await RawClient.open(test.wsUrl)
    expect(
      (await member.authenticate(name, await tokenFor(test.storage, cast.roomId, cast.champion)))
        .ok,
    ).toBe(true)
    const browser = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(test.storage, cast.roomId, cast.seller),
    )
    await browser.synced
    let browserDrops = 0
    browser.socket.on('close', () => browserDrops++)
    const refused = await RawClient.open(test.wsUrl)
    expect((await refused.authenticate(name, 'not-a-token')).ok).toBe(false)
    const silent = await RawClient.open(test.wsUrl)
    // Traffic does not push the deadline back.
    silent.send(updateFrame(name, new Uint8Array(16)))

    const timedOut = { code: 4408, reason: 'authentication timeout' }
    expect(await silent.closed).toEqual(timedOut)
    expect(await refused.closed).toEqual(timedOut)
    await stillServed(member, name)
    expect(browserDrops).toBe(0)
    expect(browser.provider.isSynced).toBe(true)
  })
})
