import { Type } from 'typebox';

/** Every error leaves as this (error-handler.ts's ErrorBody); `details` depends on the code. */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    requestId: Type.String(),
  }),
});

/** The error responses every route declares, so the OpenAPI page shows them. */
export const ERROR_RESPONSES = { '4xx': ErrorResponse, '5xx': ErrorResponse } as const;
