import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../deps';

// Summary routes land with the summary work; this keeps the server wiring stable meanwhile.
export function registerSummaryRoutes(_app: FastifyInstance, _deps: ServerDeps): void {}
