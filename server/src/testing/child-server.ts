import { readConfig } from '../config.ts'
import { exitOnStartError, serve } from '../serve.ts'

/**
 * Quorum as its own process for tests that kill it (SIGKILL, SIGTERM): exactly what
 * `npm start` runs, minus the web-app build. Prints "listening <port>" once ready.
 */
try {
  const server = await serve(readConfig())
  console.log(`listening ${server.port}`)
} catch (error) {
  exitOnStartError(error)
}
