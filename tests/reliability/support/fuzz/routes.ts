// Which routes to fuzz, read from the app itself: Fastify's route table says what exists (so a
// new route is fuzzed without anyone listing it), and the OpenAPI document says what each one
// expects (body schema, content types, query and header parameters).
import type { FastifyInstance } from 'fastify';
import { listRegisteredRoutes, type Method } from '../../../support/route-table.js';

export type { Method };

/** A JSON schema as @fastify/swagger writes it into the OpenAPI document. */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface Parameter {
  readonly name: string;
  readonly isRequired: boolean;
  readonly schema: JsonSchema;
}

export interface FuzzRoute {
  readonly method: Method;
  /** As Fastify registers it: /api/circles/:circleId. */
  readonly path: string;
  readonly pathParams: readonly string[];
  /** null: the route is not in the OpenAPI document (dev routes), so bodies are guessed. */
  readonly body: { readonly contentTypes: readonly string[]; readonly schema: JsonSchema } | null;
  readonly query: readonly Parameter[];
  readonly headers: readonly Parameter[];
  readonly isDocumented: boolean;
}

// The bot's endpoint (being added by another change) speaks the Bot Framework protocol, not this
// API's: its own tests send it activities, so the fuzz leaves it out.
const NOT_FUZZED = new Set(['POST /api/messages']);

/** Every route under /api but the bot's, each method once (HEAD mirrors GET; OPTIONS is CORS). */
export async function discoverRoutes(app: FastifyInstance): Promise<FuzzRoute[]> {
  const response = await app.inject({ method: 'GET', url: '/api/docs/json' });
  if (response.statusCode !== 200) throw new Error(`no OpenAPI document: ${response.statusCode}`);
  const { paths } = response.json<{ paths: Record<string, Record<string, Operation>> }>();
  const documented = new Map<string, Operation>();
  for (const [openApiPath, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      documented.set(
        `${method.toUpperCase()} ${openApiPath.replace(/\{(\w+)\}/g, ':$1')}`,
        operation,
      );
    }
  }
  const registered = listRegisteredRoutes(app);
  const missing = [...documented.keys()].filter((key) => !registered.includes(key));
  if (missing.length > 0) throw new Error(`documented but not registered: ${missing.join(', ')}`);

  return registered
    .filter((key) => !NOT_FUZZED.has(key))
    .map((key) => {
      const [method, path] = key.split(' ') as [Method, string];
      const operation = documented.get(key);
      const parameters = operation?.parameters ?? [];
      const pick = (where: string): Parameter[] =>
        parameters
          .filter((parameter) => parameter.in === where)
          .map((parameter) => ({
            name: parameter.name,
            isRequired: parameter.required === true,
            schema: parameter.schema ?? {},
          }));
      const content = operation?.requestBody?.content ?? {};
      const contentTypes = Object.keys(content);
      const firstType = contentTypes[0];
      return {
        method,
        path,
        pathParams: [...path.matchAll(/:(\w+)|\*/g)].map((match) => match[1] ?? '*'),
        body:
          firstType === undefined
            ? null
            : { contentTypes, schema: content[firstType]?.schema ?? {} },
        query: pick('query'),
        headers: pick('header'),
        isDocumented: operation !== undefined,
      };
    });
}

interface Operation {
  readonly parameters?: readonly {
    readonly in: string;
    readonly name: string;
    readonly required?: boolean;
    readonly schema?: JsonSchema;
  }[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: JsonSchema }> };
}
