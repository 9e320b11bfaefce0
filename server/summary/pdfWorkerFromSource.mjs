// Starts the PDF worker from its TypeScript source (tests, `npm run dev`). Node 20 does not pass
// the parent's loaders on to a worker thread, so tsx is registered here, in the worker itself;
// the production bundle starts dist/server/pdfWorker.js instead and needs no tsx.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('./pdfWorker.ts');
