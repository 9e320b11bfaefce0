#!/usr/bin/env node
// `npm run dev`: the server (tsx watch) and Vite side by side. Vite proxies /api, /sync and
// /healthz to the server; Ctrl+C (or any signal) stops both, and if either exits the other follows.
import { spawn } from 'node:child_process';

const port = process.env.PORT ?? '8080';
const viteUrl = 'http://localhost:5173';

const children = [
  // Links handed out by the server should open the Vite dev page, not the built client.
  spawn('npx', ['tsx', 'watch', 'server/main.ts'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: port, PUBLIC_URL: process.env.PUBLIC_URL ?? viteUrl },
  }),
  spawn('npx', ['vite'], { stdio: 'inherit', env: { ...process.env, PORT: port } }),
];

let stopping = false;
function stop(signal, code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
  // Give both a moment to shut down cleanly, then exit regardless.
  setTimeout(() => process.exit(code), 3000).unref();
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
for (const child of children) {
  child.on('exit', (code) => {
    stop('SIGTERM', code ?? 1);
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(code ?? 0);
  });
}
