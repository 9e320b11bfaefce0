// Integration tests run a throw-away redis-server; install it when missing and we are root, else say how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const command = 'apt-get update && apt-get install -y redis-server';
const onPath = (name) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, name)));

if (!onPath('redis-server')) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error('Integration tests need redis-server on PATH. Install it with:\n  sudo apt-get update && sudo apt-get install -y redis-server');
    process.exit(1);
  }
  console.log(`redis-server not found on PATH; installing it (${command}) …`);
  execSync(command, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  // The package starts a system service on port 6379; the tests start their own, so leave none running.
  try {
    execSync('service redis-server stop', { stdio: 'inherit' });
  } catch {
    console.warn('Could not stop the redis-server service; the tests do not use it.');
  }
}
