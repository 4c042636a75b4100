import { defineConfig } from 'vite';

// The app lives in src/; the build goes straight to where the jar's static resources are, so
// Quarkus in `api` serves it at /. JSX is compiled by Vite's esbuild for Preact: no plugin needed.
export default defineConfig({
  root: 'src',
  base: './',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: '../target/classes/META-INF/resources',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  // `npm run dev`: the app on :5173, the API proxied (SCULPTOR_URL, default ./sculptor start's address).
  server: { proxy: { '/api': process.env.SCULPTOR_URL ?? 'http://127.0.0.1:8080', '/q': process.env.SCULPTOR_URL ?? 'http://127.0.0.1:8080' } },
});
