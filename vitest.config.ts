import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const alias = { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      // Rendering a PDF takes about 4 s on a busy shared machine, close to vitest's default 5 s.
      { resolve: { alias }, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 20_000 } },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          globalSetup: ['test/helpers/buildServer.ts', 'test/setup/postgres.ts', 'test/setup/redis.ts'],
        },
      },
      // The same integration tests on the PostgreSQL store; what only SQLite has (its file, its locks, its backup) stays in the first.
      {
        resolve: { alias },
        test: {
          name: 'integration-pg',
          include: ['test/integration/**/*.test.ts'],
          exclude: ['test/integration/{backup,crash,edge-store,productionBuild,store-engines,storeCopy,bus,cluster*,benchLoads}.test.ts'],
          env: { TEST_STORE: 'postgres' },
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          globalSetup: ['test/helpers/buildServer.ts', 'test/setup/postgres.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
