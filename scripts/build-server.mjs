#!/usr/bin/env node
// `npm run build:server`: bundles our server code (server/, shared/) into dist/server/*.js for
// plain `node`. Every runtime dependency stays external, so its native code and data files
// (better-sqlite3, pdfkit, fonts) load from node_modules as after `npm ci --omit=dev`.
// The PDF worker thread is an entry of its own: main.js starts dist/server/pdfWorker.js beside it.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const dependencies = Object.keys(pkg.dependencies);

const result = await build({
  entryPoints: { main: 'server/main.ts', backup: 'server/backup.ts', storeCopy: 'server/storeCopy.ts', pdfWorker: 'server/summary/pdfWorker.ts' },
  outdir: 'dist/server',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: dependencies.flatMap((name) => [name, `${name}/*`]),
  tsconfig: 'server/tsconfig.json',
  metafile: true,
  logLevel: 'warning',
});

// A package bundled in means the server imports something that `npm ci --omit=dev` would not install.
const bundledPackages = new Set(
  Object.keys(result.metafile.inputs)
    .map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1])
    .filter((name) => name !== undefined),
);
if (bundledPackages.size > 0) {
  console.error(`the server imports packages missing from "dependencies": ${[...bundledPackages].join(', ')}`);
  process.exit(1);
}
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .map(([file, out]) => `${file} ${(out.bytes / 1024).toFixed(0)} kB`);
console.log(`server bundle: ${bytes.join(', ')}`);
