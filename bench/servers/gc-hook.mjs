// Loaded with `--import` into every server the side-by-side benchmark starts (never by Quorum
// itself): on the harness's IPC message it forces a full garbage collection (the server runs with
// --expose-gc) and replies with the process's memory, so memory per client is compared after a
// collection in all three servers instead of at whatever point each heap happened to be.
if (typeof process.send === 'function' && typeof globalThis.gc === 'function') {
  const collect = globalThis.gc
  process.on('message', (message) => {
    if (message?.type !== 'bench:gc') return
    // Twice: the first collection's finalizers can free more on the second.
    collect()
    collect()
    process.send?.({ type: 'bench:memory', memory: process.memoryUsage() })
  })
  // The channel must not keep a server alive once it is asked to stop.
  process.channel?.unref()
}
