#!/usr/bin/env node
// `npm run dev`: the server (tsx watch) and Vite side by side. Vite proxies /api, /sync and
// /healthz to the server. A signal to this script reaches both, and if either exits the
// other is stopped too.
import { spawn } from 'node:child_process';

const port = process.env.PORT ?? '8080';
const viteUrl = 'http://localhost:5173';

function start(args, env) {
  // Each child leads its own process group: npx does not pass signals on to what it runs,
  // so the whole group is signalled instead.
  return spawn('npx', args, { stdio: 'inherit', detached: true, env: { ...process.env, ...env } });
}

const children = [
  // Links handed out by the server should open the Vite dev page, not the built client.
  // The server refuses browser requests from other origins; the Vite page and the server's own page are ours.
  start(['tsx', 'watch', 'server/main.ts'], {
    PORT: port,
    PUBLIC_URL: process.env.PUBLIC_URL ?? viteUrl,
    ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS ?? [viteUrl, 'http://127.0.0.1:5173', `http://localhost:${port}`, `http://127.0.0.1:${port}`].join(','),
  }),
  start(['vite'], { PORT: port }),
];

function signalAll(signal) {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

let stopping = false;
function stop(signal, code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  signalAll(signal);
  // Whatever has not stopped after a few seconds is stopped for good.
  setTimeout(() => {
    signalAll('SIGKILL');
    process.exit(code);
  }, 4000).unref();
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal, 0));
for (const child of children) {
  child.on('exit', (code) => {
    stop('SIGTERM', code ?? 0);
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(process.exitCode ?? 0);
  });
}
