import { Server } from '@hocuspocus/server'

/** Reference: bare Hocuspocus 4, no extensions, in memory. Prints "listening <port>". */
const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: true })
await server.listen()
console.log(`listening ${server.address.port}`)
