import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

// The bench runs under tsx in plain Node, not under Vite: a module it imports that needs Vite
// (import.meta.glob, say) breaks it, and nothing else would notice. Naming a scenario that does not
// exist loads every module of the bench and stops before any server starts.
it('loads every bench module in plain Node', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--only=no-such-scenario'], { encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).toContain('unknown scenario "no-such-scenario"');
});
