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
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/q': 'http://127.0.0.1:8080' } },
});
