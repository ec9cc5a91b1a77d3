import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors.js';
import { ConflictError, PreconditionFailedError, StoreUnavailableError } from '../store/port.js';

/** Every error leaves as `{ error: { code, message, details?, requestId } }`. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly details?: Readonly<Record<string, unknown>>;
    readonly requestId: string;
  };
}

/** Seconds a client should wait before retrying when the store is down. */
export const STORE_RETRY_AFTER_SECONDS = 5;

// Fastify's own error codes for bad requests, mapped onto ours so clients meet one vocabulary.
const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
};

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof StoreUnavailableError) {
    return new AppError(
      'STORE_UNAVAILABLE',
      'The data store is not answering. Try again in a few seconds.',
    );
  }
  if (error instanceof PreconditionFailedError || error instanceof ConflictError) {
    return new AppError(
      'VERSION_CONFLICT',
      'Someone else changed this at the same time. Reload and try again.',
    );
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation && fastifyError.validation.length > 0) {
    const [first] = fastifyError.validation;
    const field = [
      fastifyError.validationContext,
      first?.instancePath.replace(/^\//, '').replaceAll('/', '.'),
    ]
      .filter(Boolean)
      .join('.');
    const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const named = missing ? `${field ? `${field}.` : ''}${missing}` : field;
    return new AppError(
      'VALIDATION_FAILED',
      `${named || 'request'} ${first?.message ?? 'is not valid'}.`,
      {
        field: named,
      },
    );
  }
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return new AppError(mapped, fastifyError.message ?? 'The request is not valid.');
  if (fastifyError.statusCode === 429) {
    return new AppError('RATE_LIMITED', 'Too many requests. Wait a moment and try again.');
  }
  if (
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    const code = (Object.entries(ERROR_STATUS).find(
      ([, status]) => status === fastifyError.statusCode,
    )?.[0] ?? 'VALIDATION_FAILED') as ErrorCode;
    return new AppError(code, fastifyError.message ?? 'The request is not valid.');
  }
  return new AppError('INTERNAL', 'Something went wrong on our side. It has been logged.');
}

// Errors Fastify's router meets before a route (and so before the error handler) is chosen.
const FRAMEWORK_ERRORS: Readonly<Record<string, AppError>> = {
  FST_ERR_BAD_URL: new AppError(
    'INVALID_URL',
    'The URL is not valid: part of its path is not correctly percent-encoded.',
  ),
  FST_ERR_MAX_PARAM_LENGTH: new AppError(
    'URL_TOO_LONG',
    'Part of the URL path is too long to name anything here.',
  ),
};

/**
 * Fastify's `frameworkErrors` option: a URL the router cannot read (a broken %-escape, a path
 * segment past `maxParamLength`) gets the same error body as every other error, instead of
 * Fastify's own body, which echoes the path back.
 */
export function sendFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const appError =
    FRAMEWORK_ERRORS[error.code] ??
    new AppError('INTERNAL', 'Something went wrong on our side. It has been logged.');
  if (appError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
  const body: ErrorBody = {
    error: { code: appError.code, message: appError.message, requestId: request.id },
  };
  return reply.status(appError.statusCode).send(body);
}

/** One error handler for the whole app: a 5xx never carries internals, only a request id. */
export const errorHandlerPlugin = fp(
  async (fastify: FastifyInstance) => {
    fastify.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error);
      if (appError.statusCode >= 500) {
        request.log.error({ err: error, code: appError.code }, 'request failed');
      } else {
        request.log.info(
          { code: appError.code, statusCode: appError.statusCode },
          'request refused',
        );
      }
      if (appError.code === 'STORE_UNAVAILABLE')
        reply.header('retry-after', STORE_RETRY_AFTER_SECONDS);
      const body: ErrorBody = {
        error: {
          code: appError.code,
          message: appError.message,
          ...(appError.details ? { details: appError.details } : {}),
          requestId: request.id,
        },
      };
      return reply.status(appError.statusCode).send(body);
    });
    fastify.setNotFoundHandler((request, reply) => {
      const body: ErrorBody = {
        error: {
          code: 'NOT_FOUND',
          message: `Nothing at ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}.`,
          requestId: request.id,
        },
      };
      return reply.status(404).send(body);
    });
  },
  { name: 'error-handler' },
);
