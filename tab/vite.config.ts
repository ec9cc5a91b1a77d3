import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The production build that the api serves at `/` (TAB_DIR, default tab/dist). The workspace
// `@grow-together/core` resolves to its TypeScript sources through the `source` condition.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The initial JavaScript is measured (bench:tab); no single chunk should surprise anyone.
    chunkSizeWarningLimit: 400,
  },
  server: {
    // `npm run dev --workspace @grow-together/tab` next to `npm start`: the api answers /api.
    proxy: { '/api': 'http://127.0.0.1:3978' },
  },
});
