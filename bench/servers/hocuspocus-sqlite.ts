import { join } from 'node:path'
import { SQLite } from '@hocuspocus/extension-sqlite'
import { Server } from '@hocuspocus/server'

/** Reference for durability: Hocuspocus 4 with its own SQLite extension, defaults otherwise. */
const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database: join(process.env.DATA_DIR ?? '.', 'hocuspocus.sqlite') })],
})
await server.listen()
console.log(`listening ${server.address.port}`)
