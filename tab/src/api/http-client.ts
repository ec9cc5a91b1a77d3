// One place where the panel calls the api: JSON in and out, the host's auth headers on every
// request (a fresh credential and one retry after a 401), and every failure as an ApiError whose
// message a person can read.

export class ApiError extends Error {
  constructor(
    /** The HTTP status; 0 when the network failed before any answer. */
    readonly status: number,
    /** The api's error code (api/src/errors.ts), or `NETWORK`. */
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export type AuthHeaders = (refresh: boolean) => Promise<Record<string, string>>;

export interface HttpClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** The auth headers as they are now (the live stream sends them too). */
  readonly getAuthHeaders: AuthHeaders;
  readonly baseUrl: string;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string | number | undefined | null>>;
  /** Lets a request outlive the page (the last flush when the panel closes). */
  readonly keepalive?: boolean;
  readonly signal?: AbortSignal;
}

export interface HttpClientOptions {
  readonly baseUrl?: string;
  readonly getAuthHeaders: AuthHeaders;
  readonly fetch?: typeof fetch;
  readonly networkMessage?: string;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseUrl = options.baseUrl ?? '';
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const networkMessage =
    options.networkMessage ?? 'The server cannot be reached. Check the connection.';

  async function send(method: string, url: string, init: RequestOptions, refresh: boolean) {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(await options.getAuthHeaders(refresh)),
    };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetchImpl(url, {
        method,
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        ...(init.keepalive ? { keepalive: true } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiError(0, 'NETWORK', networkMessage, { cause: String(error) });
    }
  }

  return {
    baseUrl,
    getAuthHeaders: options.getAuthHeaders,
    async request<T>(method: string, path: string, init: RequestOptions = {}): Promise<T> {
      const url = baseUrl + path + formatQuery(init.query);
      let response = await send(method, url, init, false);
      if (response.status === 401) response = await send(method, url, init, true);
      if (response.status === 204) return undefined as T;
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) return body as T;
      throw toApiError(response.status, body);
    },
  };
}

function formatQuery(query: RequestOptions['query']): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function toApiError(status: number, body: unknown): ApiError {
  const error =
    typeof body === 'object' && body !== null && 'error' in body
      ? (body as { error: { code?: unknown; message?: unknown; details?: unknown } }).error
      : null;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
  const message =
    typeof error?.message === 'string' ? error.message : `The server answered ${status}.`;
  const details =
    typeof error?.details === 'object' && error.details !== null
      ? (error.details as Record<string, unknown>)
      : {};
  return new ApiError(status, code, message, details);
}
