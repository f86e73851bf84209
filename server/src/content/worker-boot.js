// Starts a TypeScript module in a worker thread: workers do not inherit the tsx loader the
// server runs under, so it is registered here first (as bin/quorum.js does for the CLI).
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.module)
