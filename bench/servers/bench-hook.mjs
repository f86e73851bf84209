// Loaded with `--import` into every server the side-by-side benchmark starts (never by Quorum
// itself), on an IPC channel only the harness uses:
// - `bench:gc` forces a full garbage collection (the server runs with --expose-gc) and replies
//   with the process's memory, so memory per client is compared after a collection in all three
//   servers instead of at whatever point each heap happened to be;
// - `bench:profile-start` / `bench:profile-stop` record a V8 CPU profile of exactly the measured
//   window (the edits), written where the harness says.
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'

if (typeof process.send === 'function') {
  const reply = (message) => process.send?.(message)
  let session = null
  process.on('message', (message) => {
    if (message?.type === 'bench:gc' && typeof globalThis.gc === 'function') {
      // Twice: the first collection's finalizers can free more on the second.
      globalThis.gc()
      globalThis.gc()
      reply({ type: 'bench:memory', memory: process.memoryUsage() })
      // Marks in a traced server's output (BENCH_SERVER_LOG) where the measured window starts.
      if (process.env.BENCH_SERVER_LOG) console.log('bench:gc')
    }
    if (message?.type === 'bench:profile-start') {
      session = new Session()
      session.connect()
      session.post('Profiler.enable', () =>
        session?.post('Profiler.start', () => reply({ type: 'bench:profiling' })),
      )
    }
    if (message?.type === 'bench:profile-stop' && session) {
      session.post('Profiler.stop', (error, result) => {
        if (!error) writeFileSync(message.file, JSON.stringify(result.profile))
        session?.disconnect()
        session = null
        reply({ type: 'bench:profiled' })
      })
    }
  })
  // The channel must not keep a server alive once it is asked to stop.
  process.channel?.unref()
}
