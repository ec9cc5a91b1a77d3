import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { createFailedSignIns } from './failed-sign-ins.js';
import { decodeProtectedHeader } from 'jose';
import { Type } from 'typebox';
import type { AuthConfig } from '../config.js';
import { appError, isAppError, type AppError } from '../errors.js';
import { CallerSchema, type Caller } from './caller.js';
import { createDevTokens, DEMO_USERS, type DevTokens } from './dev-tokens.js';
import { createVerifiedTokenCache, type VerifiedToken } from './verified-token-cache.js';
import { createTeamsTokenVerifier, type TeamsTokenVerifier } from './verify-teams-token.js';
import { decryptZoomAppContext } from './zoom-app-context.js';

// Authentication as a named plugin: it reads the credential a request carries and decorates the
// request with who is calling. Authorisation (tenant, circle membership, role) is the routes'
// job, on top of `request.caller`. Tokens are never logged: only our own messages about them.

export interface AuthPluginOptions {
  readonly config: AuthConfig;
  /** Shares dev tokens between server processes (tests with two servers); dev mode only. */
  readonly devTokenSecret?: string;
  /** The clock for token and Zoom context expiry. */
  readonly readNowMs?: () => number;
  /** Refused credentials one address may send a minute before it gets 429; unset: no limit. */
  readonly failedSignInsPerMinute?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Add as `onRequest: fastify.authenticate`: a 401 unless the request carries a valid credential. */
    authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  }
  interface FastifyRequest {
    /** Who is calling. Reading it on a route without `authenticate` is a bug and a 500. */
    readonly caller: Caller;
    /** The Zoom meeting UUID from the app context; null for Teams and dev callers. */
    readonly zoomMeetingId: string | null;
  }
}

interface Credential {
  readonly caller: Caller;
  readonly zoomMeetingId: string | null;
}

export const ZOOM_APP_CONTEXT_HEADER = 'x-zoom-app-context';
const MISSING_CHALLENGE = 'Bearer realm="grow-together"';
const INVALID_CHALLENGE = 'Bearer realm="grow-together", error="invalid_token"';
const BEARER = /^Bearer +(\S+)$/i;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_CHARS = 16_384;

export const authPlugin = fp(
  async (fastify: FastifyInstance, options: AuthPluginOptions) => {
    const { config } = options;
    const readNowMs = options.readNowMs ?? Date.now;
    const verifyTeamsToken: TeamsTokenVerifier | null =
      config.entra === null ? null : createTeamsTokenVerifier(config.entra);
    const devTokens: DevTokens | null = config.devMode
      ? createDevTokens(
          options.devTokenSecret === undefined ? {} : { secret: options.devTokenSecret },
        )
      : null;
    const credentials = new WeakMap<FastifyRequest, Credential>();
    const failedSignIns =
      options.failedSignInsPerMinute === undefined
        ? null
        : createFailedSignIns(options.failedSignInsPerMinute);
    const verifiedTokens = createVerifiedTokenCache();

    async function readCredential(request: FastifyRequest): Promise<Credential> {
      const authorization = request.headers.authorization;
      if (authorization !== undefined) {
        return { caller: await readBearer(authorization), zoomMeetingId: null };
      }
      const zoomHeader = request.headers[ZOOM_APP_CONTEXT_HEADER];
      if (zoomHeader !== undefined) return readZoomAppContext(zoomHeader);
      throw missingCredential();
    }

    async function readBearer(authorization: string): Promise<Caller> {
      const token = BEARER.exec(authorization.trim())?.[1];
      if (token === undefined) {
        throw refuse('The Authorization header must be "Bearer <token>".');
      }
      const nowMs = readNowMs();
      const cached = verifiedTokens.find(token, nowMs);
      if (cached !== null) return cached;
      const verified = await verifyBearer(token, nowMs);
      const caller = Object.freeze({ ...verified.caller });
      verifiedTokens.remember(token, { caller, expiresAtMs: verified.expiresAtMs }, nowMs);
      return caller;
    }

    async function verifyBearer(token: string, nowMs: number): Promise<VerifiedToken> {
      if (token.length > MAX_TOKEN_CHARS || !COMPACT_JWS.test(token)) {
        throw refuse('The bearer token is not a JWT.');
      }
      let algorithm: unknown;
      try {
        algorithm = decodeProtectedHeader(token).alg;
      } catch {
        throw refuse('The bearer token has no readable header.');
      }
      // Dev tokens are HS256, Entra's RS256: the header says which verifier to ask, and each
      // verifier pins its own algorithm, so this choice cannot downgrade a check.
      if (algorithm === 'HS256') {
        if (devTokens === null) throw refuse('Dev tokens are not accepted: dev mode is off.');
        return devTokens.verifyDevToken(token, nowMs);
      }
      if (verifyTeamsToken === null) throw refuse('Teams sign-in is not set up on this server.');
      return verifyTeamsToken(token, nowMs);
    }

    function readZoomAppContext(header: string | string[]): Credential {
      if (config.zoomClientSecret === null)
        throw refuse('Zoom sign-in is not set up on this server.');
      if (typeof header !== 'string') throw refuse('Send one x-zoom-app-context header.');
      const context = decryptZoomAppContext(header, config.zoomClientSecret, readNowMs());
      return { caller: context.caller, zoomMeetingId: context.meetingId };
    }

    fastify.decorate('authenticate', async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        credentials.set(request, await readCredential(request));
      } catch (error) {
        const refused = toRefusal(error);
        if (refused.cause !== undefined) {
          // Not the caller's fault (the key endpoint is down, say): worth a look, without the token.
          request.log.warn({ err: refused.cause }, 'credential could not be checked');
        }
        const waitSeconds = failedSignIns?.recordFailure(request.ip, readNowMs()) ?? null;
        if (waitSeconds !== null) {
          reply.header('retry-after', waitSeconds);
          throw appError(
            'RATE_LIMITED',
            'Too many refused sign-ins from this address. Wait a moment and try again.',
          );
        }
        reply.header(
          'www-authenticate',
          refused.details?.['reason'] === 'missing' ? MISSING_CHALLENGE : INVALID_CHALLENGE,
        );
        throw refused;
      }
    });

    fastify.decorateRequest('caller', {
      getter(this: FastifyRequest): Caller {
        const credential = credentials.get(this);
        if (credential === undefined) {
          throw new Error('request.caller was read on a route without fastify.authenticate.');
        }
        return credential.caller;
      },
    });
    fastify.decorateRequest('zoomMeetingId', {
      getter(this: FastifyRequest): string | null {
        return credentials.get(this)?.zoomMeetingId ?? null;
      },
    });

    if (devTokens !== null) {
      await fastify.register(
        async (dev) => {
          registerDevRoutes(dev, devTokens);
        },
        { prefix: '/api/dev' },
      );
    }
  },
  { name: 'auth', fastify: '5.x' },
);

const DemoUserSchema = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  timeZone: Type.String(),
});

const DevTokenBody = Type.Object(
  { userId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

const DevTokenResponse = Type.Object({
  token: Type.String(),
  caller: CallerSchema,
  expiresAtMs: Type.Number(),
});

// Only registered in dev mode: with dev mode off these routes do not exist (404), not refuse.
function registerDevRoutes(fastify: FastifyInstance, devTokens: DevTokens): void {
  const routes = fastify.withTypeProvider<TypeBoxTypeProvider>();
  routes.get(
    '/users',
    {
      schema: {
        summary: 'The demo users dev mode can sign in as',
        tags: ['dev'],
        response: { 200: Type.Object({ users: Type.Array(DemoUserSchema) }) },
      },
    },
    async () => ({ users: [...DEMO_USERS] }),
  );
  routes.post(
    '/token',
    {
      schema: {
        summary: 'Mint a bearer token for a demo user',
        tags: ['dev'],
        body: DevTokenBody,
        response: { 200: DevTokenResponse },
      },
    },
    async (request) => devTokens.mintDevToken(request.body.userId),
  );
}

function missingCredential(): AppError {
  return appError(
    'UNAUTHENTICATED',
    'Sign in: send an Authorization bearer token or an x-zoom-app-context header.',
    { reason: 'missing' },
  );
}

function refuse(message: string): AppError {
  return appError('UNAUTHENTICATED', message);
}

function toRefusal(error: unknown): AppError {
  if (isAppError(error) && error.code === 'UNAUTHENTICATED') return error;
  const refused = refuse('The credential could not be checked.');
  refused.cause = error;
  return refused;
}
