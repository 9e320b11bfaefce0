import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const serverPort = process.env.PORT ?? '8080';

export default defineConfig(({ command }) => ({
  root: 'client',
  plugins: [react()],
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  define: {
    // The window test API ships in the dev server and in test builds (FOUR_PATHS_TEST_API=1), never in `npm start`.
    __TEST_API__: JSON.stringify(command === 'serve' || process.env.FOUR_PATHS_TEST_API === '1'),
  },
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: {
      '/api': `http://localhost:${serverPort}`,
      '/healthz': `http://localhost:${serverPort}`,
      '/sync': { target: `ws://localhost:${serverPort}`, ws: true },
    },
  },
}));
