// The routes a Fastify app has registered, read from its own route table, so a test that must
// cover every route (the authorization matrix, the fuzzer) finds a new one without anyone listing
// it. HEAD (which mirrors GET) and OPTIONS (the CORS preflight) are left out.
import type { FastifyInstance } from 'fastify';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * `METHOD /path` for every route under /api, from `printRoutes`: a tree whose lines each add a
 * piece of path to their parent's. It throws rather than return nothing if Fastify changes how
 * it draws the tree.
 */
export function listRegisteredRoutes(app: FastifyInstance): string[] {
  const pieces: string[] = [];
  const routes = new Set<string>();
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (match === null) continue;
    const depth = (match[1] ?? '').length / 4;
    pieces.length = depth;
    pieces.push(match[2] ?? '');
    const path = pieces.join('');
    if (!path.startsWith('/api/')) continue;
    for (const method of (match[3] ?? '').split(', ')) {
      if ((METHODS as readonly string[]).includes(method)) routes.add(`${method} ${path}`);
    }
  }
  if (!routes.has('GET /api/health')) {
    throw new Error('printRoutes no longer draws the tree this parser reads');
  }
  return [...routes];
}
