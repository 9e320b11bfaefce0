import { execFileSync } from 'node:child_process';

/** Vitest global setup: bundles the server once, so child-process tests run the code as shipped. */
export function setup(): void {
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
}
