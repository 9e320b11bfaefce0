import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const serverPort = process.env.PORT ?? '8080';

export default defineConfig({
  root: 'client',
  plugins: [react()],
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  define: {
    // The window test API ships in dev and test builds only (FOUR_PATHS_TEST_API=1).
    __TEST_API__: JSON.stringify(process.env.NODE_ENV !== 'production' || process.env.FOUR_PATHS_TEST_API === '1'),
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
});
