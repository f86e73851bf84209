import { setupLink } from './access/people.ts'
import { type Config, ConfigError } from './config.ts'
import { type QuorumServer, startServer } from './server.ts'
import { openStorage } from './storage/open.ts'

/** Opens storage, serves, prints the setup link, and stops cleanly on SIGTERM and SIGINT. */
export async function serve(config: Config): Promise<QuorumServer> {
  const storage = await openStorage(config)
  const server = await startServer(config, storage)
  const where = `http://${config.host ?? 'localhost'}:${server.port}`
  console.log(`Quorum is running at ${where} (storage: ${storage.driver}, data: ${config.dataDir})`)

  const setup = await setupLink(storage, config.publicUrl)
  if (setup) {
    console.log('\nNo seller account yet. Open this one-time link to set up the first one')
    console.log(`(valid 24 hours; restart Quorum for a new one):\n\n  ${setup.url}\n`)
  }

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal} received: saving open rooms and closing connections…`)
    server.close().then(
      () => {
        console.log('Quorum stopped cleanly.')
        process.exit(0)
      },
      (error: unknown) => {
        console.error('Error while stopping:', error)
        process.exit(1)
      },
    )
  }
  // A promise nobody awaited (a hook of a library, say) must not stop every room: it is logged.
  process.on('unhandledRejection', (reason) => {
    console.error('Unhandled rejection (Quorum keeps running):', reason)
  })
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  return server
}

/** Exits with a clear message instead of a stack trace for the failures a user can fix. */
export function exitOnStartError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`)
  } else if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
    console.error(`Port already in use: ${error.message}. Set PORT to a free port.`)
  } else {
    console.error('Quorum could not start:', error)
  }
  process.exit(1)
}
