// Store tests run a throw-away PostgreSQL 15; install it when missing and we are root, else say how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BIN = '/usr/lib/postgresql/15/bin';
const command = 'apt-get update && apt-get install -y postgresql';

if (!existsSync(`${BIN}/initdb`) || !existsSync(`${BIN}/postgres`)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`Store tests need PostgreSQL 15 in ${BIN}. Install it with:\n  sudo ${command}`);
    process.exit(1);
  }
  console.log(`PostgreSQL not found in ${BIN}; installing it (${command}) …`);
  execSync(command, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
