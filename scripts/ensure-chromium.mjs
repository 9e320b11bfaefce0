// Browser tests drive Debian's chromium; install it when missing and we are root, else say how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const command = 'apt-get update && apt-get install -y chromium';

if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`Browser tests need Chromium at ${CHROMIUM}. Install it with:\n  sudo ${command}`);
    process.exit(1);
  }
  console.log(`Chromium not found at ${CHROMIUM}; installing it (${command}) …`);
  execSync(command, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
