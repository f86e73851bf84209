import { defineConfig } from 'vite'
import { precompressPlugin } from './client/vite/precompress.ts'

// The web app lives in client/; `npm start` builds it into client/dist and serves it.
export default defineConfig({
  root: 'client',
  publicDir: 'public',
  // JS, CSS and HTML also as .br and .gz: the server sends those to browsers that accept them.
  plugins: [precompressPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Maps are written for debugging and error reports, but the bundles do not name them: the
    // server serves them only with SERVE_SOURCE_MAPS=1 (and then says where they are).
    sourcemap: 'hidden',
    rolldownOptions: {
      output: {
        // Everything the first paint needs in one file. With several lazy chunks (the editor,
        // documents, the viewer) sharing modules with the entry, Rolldown otherwise splits the
        // entry's modules into common chunks: three requests and ~2 KB more gzip for the same code.
        codeSplitting: { groups: [{ name: 'shell', tags: ['$initial'] }] },
      },
    },
    rollupOptions: {
      onwarn(warning, warn) {
        // Tiptap's React package starts with "use client" (for server-component bundlers); it
        // means nothing in a browser bundle, and the warning would greet everyone on first start.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return
        warn(warning)
      },
    },
  },
  resolve: {
    // Exactly one copy of Yjs in the bundle: two break its constructor checks.
    dedupe: ['yjs', 'y-protocols', 'lib0'],
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/healthz': 'http://localhost:3000',
      '/collab': { target: 'ws://localhost:3000', ws: true },
    },
  },
})
