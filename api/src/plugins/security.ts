import { createHash } from 'node:crypto';
import cors from '@fastify/cors';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { OutgoingHttpHeaders } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';

/**
 * The pages that may frame the panel: Teams (web, desktop and government clouds) and the
 * Microsoft 365 app and Outlook, where Teams meeting apps also run. The Zoom client loads the app
 * as a top-level page, so it needs no frame-ancestor, only the headers below.
 */
export const TEAMS_FRAME_ANCESTORS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.microsoft.us',
  'https://*.teams.microsoft.us',
  'https://local.teams.office.com',
  'https://*.office.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
  'https://outlook.office.com',
  'https://outlook.office365.com',
] as const;

/** Origins the tab's scripts may talk to besides its own: Zoom's SDK endpoint only. */
const CONNECT_SOURCES = ["'self'", 'https://appssdk.zoom.us'];

export interface SecurityOptions {
  readonly config: Config;
}

/** Credentials hashed lately: a panel sends the same one with every request. */
const MAX_REMEMBERED_KEYS = 5_000;

/**
 * Keys the rate limit by credential (one person), falling back to the address for anonymous
 * calls. The credential is hashed so no token sits in the limiter's table, once per credential.
 */
function createRateLimitKey(): (request: FastifyRequest) => string {
  const keys = new Map<string, string>();
  return (request) => {
    const credential = request.headers.authorization ?? request.headers['x-zoom-app-context'];
    if (typeof credential !== 'string' || credential === '') return `address:${request.ip}`;
    let key = keys.get(credential);
    if (key === undefined) {
      key = `credential:${createHash('sha256').update(credential).digest('base64url').slice(0, 22)}`;
      // Oldest first: Map keeps insertion order.
      if (keys.size >= MAX_REMEMBERED_KEYS) keys.delete(keys.keys().next().value ?? '');
      keys.set(credential, key);
    }
    return key;
  };
}

/**
 * Security headers for both hosts (Zoom refuses pages without HSTS, X-Content-Type-Options, CSP
 * and Referrer-Policy), CORS for the configured origins only, and a per-person rate limit.
 */
export const securityPlugin = fp(
  async (fastify: FastifyInstance, { config }: SecurityOptions) => {
    const helmetHeaders = await computeHelmetHeaders(buildHelmetOptions(config));
    const pageHeaders = toHeaderList(helmetHeaders);
    const apiHeaders = toHeaderList({
      // The transport rules are the same for every answer, as helmet works them out.
      'strict-transport-security': helmetHeaders['strict-transport-security'],
      'x-content-type-options': helmetHeaders['x-content-type-options'],
      ...API_HEADERS,
    });
    // On the raw response, as helmet does, so routes that write the response themselves (the
    // event stream) carry them too, and a route's own header still wins.
    fastify.addHook('onRequest', (request, reply, done) => {
      const headers = isApiResponse(request.url) ? apiHeaders : pageHeaders;
      for (const [name, value] of headers) reply.raw.setHeader(name, value);
      done();
    });
    await fastify.register(cors, {
      origin: config.corsOrigins.length > 0 ? [...config.corsOrigins] : false,
      credentials: false,
      allowedHeaders: ['authorization', 'content-type', 'x-zoom-app-context', 'last-event-id'],
      maxAge: 600,
    });
    await fastify.register(rateLimit, {
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: createRateLimitKey(),
      // A refused request says when to come back (Retry-After, with the limit); the panel never
      // reads the remaining count, so allowed requests don't carry it.
      addHeadersOnExceeding: {
        'x-ratelimit-limit': false,
        'x-ratelimit-remaining': false,
        'x-ratelimit-reset': false,
      },
      // Health probes from the platform must never be throttled into a restart.
      allowList: (request) => request.url === '/api/health',
    });
  },
  { name: 'security' },
);

/**
 * What the API's JSON (and the event stream) carries instead of the page headers: nothing in it is
 * a document to render, script or frame, so the policy allows nothing at all (OWASP's REST
 * headers). HSTS and nosniff come from helmet as on every response, and no-store keeps people's
 * notes and marks out of any cache. The pages (the tab, the policies) get helmet's full set below,
 * which is what Teams and Zoom check. The OpenAPI page under /api/docs is a page too.
 */
const API_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-site',
  'cache-control': 'no-store',
};

/** Under /api, except the OpenAPI page and its assets. */
function isApiResponse(url: string): boolean {
  return url.startsWith('/api/') && !url.startsWith('/api/docs');
}

function toHeaderList(headers: OutgoingHttpHeaders): readonly [string, string | string[]][] {
  const list: [string, string | string[]][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) list.push([name, typeof value === 'number' ? String(value) : value]);
  }
  return list;
}

function buildHelmetOptions(config: Config): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: CONNECT_SOURCES,
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'", ...TEAMS_FRAME_ANCESTORS, ...config.extraFrameAncestors],
      },
    },
    // frame-ancestors governs framing; X-Frame-Options cannot list Teams and would block it.
    frameguard: false,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    crossOriginResourcePolicy: { policy: 'same-site' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  };
}

/**
 * The headers helmet sets, worked out once: they depend on the config alone, and helmet would
 * otherwise build every one of them again (the CSP string above all) for every request. They are
 * read from a request to a throwaway instance running helmet with the same options, right after
 * helmet's own hook, so they are exactly what helmet sends.
 */
async function computeHelmetHeaders(options: FastifyHelmetOptions): Promise<OutgoingHttpHeaders> {
  const probe = Fastify({ logger: false });
  try {
    await probe.register(helmet, options);
    let headers: OutgoingHttpHeaders = {};
    probe.get(
      '/',
      {
        onRequest: (_request, reply, done) => {
          headers = reply.raw.getHeaders();
          done();
        },
      },
      async () => '',
    );
    await probe.inject({ method: 'GET', url: '/' });
    return headers;
  } finally {
    await probe.close();
  }
}
