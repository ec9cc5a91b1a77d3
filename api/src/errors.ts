// One table of coded errors (like fastify's lib/errors.js): every error a person can meet has a
// stable code, a status and a message they can act on. Routes throw `appError(code, message)`;
// the error handler in plugins/error-handler.ts turns anything else into a 500 without details.

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CIRCLE_NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  FEEDBACK_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INVALID_URL: 400,
  VERSION_CONFLICT: 409,
  ALREADY_EXISTS: 409,
  COMMAND_REFUSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  URL_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  STORE_UNAVAILABLE: 503,
  ROSTER_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Safe, structured detail for the client (a field name, the fresh state after a 409). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = ERROR_STATUS[code];
  }
}

export function appError(
  code: ErrorCode,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): AppError {
  return new AppError(code, message, details);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
