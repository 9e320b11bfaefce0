import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { entrySizes } from './scripts/entrySizes.ts';

const serverPort = process.env.PORT ?? '8080';

export default defineConfig(({ command }) => ({
  root: 'client',
  // The landing and join pages must stay light: the board's canvas and sync code are a lazy chunk.
  plugins: [react(), entrySizes(120)],
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  define: {
    // The window test API ships in the dev server and in test builds (FOUR_PATHS_TEST_API=1), never in `npm start`.
    __TEST_API__: JSON.stringify(command === 'serve' || process.env.FOUR_PATHS_TEST_API === '1'),
  },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Canvas and sync libraries as their own chunks: each stays under the size warning and caches on its own.
        codeSplitting: {
          // Without this a group would take react along with react-konva, and the first page would load it.
          includeDependenciesRecursively: false,
          groups: [
            { name: 'canvas', test: /node_modules[\\/](konva|react-konva|react-reconciler|its-fine)[\\/]/ },
            { name: 'sync', test: /node_modules[\\/](yjs|y-websocket|y-indexeddb|y-protocols|lib0)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': `http://localhost:${serverPort}`,
      '/healthz': `http://localhost:${serverPort}`,
      '/sync': { target: `ws://localhost:${serverPort}`, ws: true },
    },
  },
}));
