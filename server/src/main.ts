import { readConfig } from './config.ts'
import { ensureClientBuilt } from './http/client-build.ts'
import { exitOnStartError, serve } from './serve.ts'
import { CLIENT_DIST } from './server.ts'

/** `npm start`: build the web app when missing or stale, then serve. */
try {
  const config = readConfig()
  await ensureClientBuilt(CLIENT_DIST)
  await serve(config)
} catch (error) {
  exitOnStartError(error)
}
