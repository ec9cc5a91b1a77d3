import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { AuthConfig } from '../config.js';
import { isAppError } from '../errors.js';
import { authPlugin, type AuthPluginOptions } from './auth-plugin.js';

// For the auth tests only: a real Fastify instance with the auth plugin, one protected route and
// one that forgets to authenticate. Its error handler answers 500 for anything that is not an
// AppError, so a test sees any error the auth code lets escape untranslated.

export interface AuthTestApp {
  readonly app: FastifyInstance;
  /** Every log line the app wrote, to prove no token reaches the log. */
  readonly logLines: readonly string[];
}

export const NO_AUTH: AuthConfig = { devMode: false, entra: null, zoomClientSecret: null };

export async function buildAuthTestApp(
  config: AuthConfig,
  options: Omit<AuthPluginOptions, 'config'> = {},
): Promise<AuthTestApp> {
  const logLines: string[] = [];
  const app = Fastify({
    logger: { level: 'trace', stream: { write: (line: string) => logLines.push(line) } },
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (isAppError(error)) {
      return reply
        .status(error.statusCode)
        .send({ code: error.code, message: error.message, details: error.details ?? null });
    }
    if (error.validation !== undefined) {
      return reply.status(400).send({ code: 'VALIDATION_FAILED', message: error.message });
    }
    return reply.status(500).send({ code: 'INTERNAL', message: 'internal' });
  });
  await app.register(authPlugin, { config, ...options });
  app.get('/api/me', { onRequest: app.authenticate }, async (request) => ({
    caller: request.caller,
    zoomMeetingId: request.zoomMeetingId,
  }));
  app.get('/api/forgot-to-authenticate', async (request) => ({ caller: request.caller }));
  await app.ready();
  return { app, logLines };
}
