import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface TabPluginOptions {
  /** The built tab; null or missing serves a page that says the panel is not built yet. */
  readonly tabDir: string | null;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Grow Together</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Grow Together</h1>
<p>The server is running, but the side panel is not built yet.</p>
<p>The API is at <a href="/api/docs">/api/docs</a> and its health at <a href="/api/health">/api/health</a>.</p>
</main></body></html>`;

/** Serves the tab at `/` from one origin with the API, so SSO, CSP and validDomains stay simple. */
export const tabPlugin = fp(
  async (fastify: FastifyInstance, { tabDir }: TabPluginOptions) => {
    if (tabDir !== null && existsSync(path.join(tabDir, 'index.html'))) {
      await fastify.register(fastifyStatic, {
        root: tabDir,
        prefix: '/',
        index: 'index.html',
        // Vite names every asset by its content hash, so an asset never changes under its name;
        // index.html names the current ones and must be asked for again every time.
        setHeaders(response, filePath) {
          response.header(
            'cache-control',
            filePath.includes(`${path.sep}assets${path.sep}`)
              ? 'public, max-age=31536000, immutable'
              : 'no-cache',
          );
        },
      });
      return;
    }
    fastify.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE),
    );
  },
  { name: 'tab', dependencies: ['security'] },
);
