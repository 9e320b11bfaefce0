import type { FastifyInstance } from 'fastify';

const known = new WeakMap<FastifyInstance, Array<{ pattern: RegExp; methods: Set<string> }>>();

/** Records every route as it is added, so a wrong method can be told apart from an unknown path. Call before routes are registered. */
export function collectRouteMethods(app: FastifyInstance): void {
  const routes: Array<{ pattern: RegExp; methods: Set<string> }> = [];
  known.set(app, routes);
  app.addHook('onRoute', (route) => {
    if (route.url.includes('*')) return;
    const source = route.url.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+');
    const methods = [route.method].flat().map((m) => m.toUpperCase());
    const existing = routes.find((r) => r.pattern.source === `^${source}$`);
    if (existing) for (const m of methods) existing.methods.add(m);
    else routes.push({ pattern: new RegExp(`^${source}$`), methods: new Set(methods) });
  });
}

/** The methods some route answers at this path; empty when no route has the path. */
export function methodsAllowedAt(app: FastifyInstance, path: string): string[] {
  const out = new Set<string>();
  for (const r of known.get(app) ?? []) if (r.pattern.test(path)) for (const m of r.methods) out.add(m);
  return [...out].sort();
}
