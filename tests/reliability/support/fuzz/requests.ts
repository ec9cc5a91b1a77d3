// One fuzz request as a fast-check arbitrary: a route from the app's own table, a caller, path
// and query values, and a body that is valid for the route's schema or broken in one of the ways
// issue 8 lists. Large payloads are described here and only built when the request is sent.
import fc from 'fast-check';
import type { FuzzRoute, JsonSchema, Method } from './routes.js';
import { PROTOTYPE_KEYS, unicodeEdge, valueFor, wrongValue } from './values.js';

/** Who sends the request: the sender turns each into headers. */
export type CallerKind =
  'member' | 'other member' | 'non-member' | 'zoom user' | 'no credential' | 'garbage credential';

export interface BuiltBody {
  readonly bytes: Buffer | null;
  /** null sends no content-type header at all. */
  readonly contentType: string | null;
}

export interface RequestPlan {
  readonly route: FuzzRoute;
  /** The method sent: the route's own, or now and then another one. */
  readonly method: Method;
  /** What was broken, for the report: "wrong type at marks.0.atMs". */
  readonly label: string;
  readonly caller: CallerKind;
  readonly garbageCredential: { readonly header: string; readonly value: string };
  readonly path: string;
  readonly extraHeaders: Readonly<Record<string, string>>;
  buildBody(): BuiltBody;
}

export interface FuzzWorld {
  /** Real values for a path parameter of a route (ids of things that exist), never empty. */
  pathValuesFor(route: FuzzRoute, param: string): readonly string[];
  /** Plausible fields for open objects (a session command's fields), by name. */
  readonly hints: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /** The largest JSON body the server takes; oversized bodies go just past it. */
  readonly bodyLimitBytes: number;
}

const JSON_TYPE = 'application/json';

/** Weights of the callers: mostly members, so requests get past authentication to validation. */
const callerKind: fc.Arbitrary<CallerKind> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<CallerKind>('member') },
  { weight: 2, arbitrary: fc.constant<CallerKind>('other member') },
  { weight: 2, arbitrary: fc.constant<CallerKind>('non-member') },
  { weight: 1, arbitrary: fc.constant<CallerKind>('zoom user') },
  { weight: 1, arbitrary: fc.constant<CallerKind>('no credential') },
  { weight: 2, arbitrary: fc.constant<CallerKind>('garbage credential') },
);

const garbageCredential = fc.record({
  header: fc.constantFrom('authorization', 'x-zoom-app-context'),
  value: fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a.b.c', 'Bearer ...'),
    fc
      .tuple(fc.base64String(), fc.base64String(), fc.base64String())
      .map((parts) => `Bearer ${parts.join('.').replaceAll('=', '')}`),
    fc.base64String({ minLength: 4, maxLength: 400 }),
    fc.constant(`Bearer ${'a'.repeat(20_000)}.b.c`),
  ),
});

/** Path segments that are not ids: encoded, half-encoded, traversal, prototype names, huge. */
const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%',
    '%ZZ',
    '%00',
    '%2F',
    '%2e%2e',
    '..',
    '.',
    '%C0%AF',
    '%ED%A0%80',
    '__proto__',
    'constructor',
    'hasOwnProperty',
    'toString',
    '%20',
    'a'.repeat(300),
    'b'.repeat(5_000),
  ),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  unicodeEdge.filter((text) => text.length > 0).map(encodeURIComponentLoosely),
);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Lone surrogates cannot be percent-encoded; they go as the bytes of U+FFFD instead. */
function encodeURIComponentLoosely(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));
}

export function requestArbitrary(
  routes: readonly FuzzRoute[],
  world: FuzzWorld,
): fc.Arbitrary<RequestPlan> {
  // Routes that take a body are asked twice as often: a body has more ways to be wrong.
  return fc.oneof(
    ...routes.map((route) => ({
      weight: route.body === null && route.method !== 'POST' ? 1 : 2,
      arbitrary: requestFor(route, world),
    })),
  );
}

function requestFor(route: FuzzRoute, world: FuzzWorld): fc.Arbitrary<RequestPlan> {
  const segments = route.pathParams.map((param) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...world.pathValuesFor(route, param)) },
      { weight: 1, arbitrary: hostileSegment },
    ),
  );
  const method = fc.oneof(
    { weight: 30, arbitrary: fc.constant(route.method) },
    { weight: 1, arbitrary: fc.constantFrom<Method>('GET', 'POST', 'PUT', 'PATCH', 'DELETE') },
  );
  return fc
    .record({
      method,
      caller: callerKind,
      garbageCredential,
      segments: fc.tuple(...segments),
      query: queryFor(route),
      extraHeaders: headersFor(route),
      body: bodyFor(route, world),
    })
    .map(({ method, caller, garbageCredential, segments, query, extraHeaders, body }) => {
      let index = 0;
      const path = route.path.replace(/:(\w+)|\*/g, () => segments[index++] ?? '');
      return {
        route,
        method,
        label: method === route.method ? body.label : `${body.label}, sent as ${method}`,
        caller,
        garbageCredential,
        path: `${path}${query}`,
        extraHeaders,
        buildBody: body.build,
      };
    });
}

function queryFor(route: FuzzRoute): fc.Arbitrary<string> {
  const documented = route.query.map((parameter) =>
    fc.option(
      fc.oneof(
        { weight: 3, arbitrary: valueFor(parameter.schema).map(String) },
        { weight: 1, arbitrary: fc.oneof(unicodeEdge, fc.string({ maxLength: 30 })) },
      ),
      { nil: undefined, freq: 2 },
    ),
  );
  const extra = fc.array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'limit', 'status'), fc.string({ maxLength: 8 })),
      fc.oneof(fc.string({ maxLength: 12 }), unicodeEdge),
    ),
    { maxLength: 2 },
  );
  const huge = fc.oneof(
    { weight: 40, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(3_000, 9_000, 20_000) },
  );
  return fc.tuple(fc.tuple(...documented), extra, huge).map(([values, extras, hugeLength]) => {
    const pairs: [string, string][] = [];
    route.query.forEach((parameter, index) => {
      const value = values[index];
      if (value !== undefined) pairs.push([parameter.name, value]);
    });
    pairs.push(...extras);
    if (hugeLength !== undefined) pairs.push([route.query[0]?.name ?? 'q', 'x'.repeat(hugeLength)]);
    if (pairs.length === 0) return '';
    return `?${pairs
      .map(
        ([key, value]) => `${encodeURIComponentLoosely(key)}=${encodeURIComponentLoosely(value)}`,
      )
      .join('&')}`;
  });
}

function headersFor(route: FuzzRoute): fc.Arbitrary<Record<string, string>> {
  if (route.headers.length === 0) return fc.constant({});
  return fc
    .tuple(
      ...route.headers.map((parameter) =>
        fc.option(
          fc.oneof(
            valueFor(parameter.schema).map(String),
            fc.string({ maxLength: 30 }),
            fc.constantFrom('-1', '0', '1e9', '99999999999999999999', 'x'.repeat(5_000)),
          ),
          { nil: undefined },
        ),
      ),
    )
    .map((values) => {
      const headers: Record<string, string> = {};
      route.headers.forEach((parameter, index) => {
        const value = values[index];
        // Header values are bytes: no line breaks, no characters beyond Latin-1.
        if (value !== undefined) headers[parameter.name] = value.replace(/[^\x20-\x7e]/g, '?');
      });
      return headers;
    });
}

interface BodyArbitraryValue {
  readonly label: string;
  build(): BuiltBody;
}

function bodyFor(route: FuzzRoute, world: FuzzWorld): fc.Arbitrary<BodyArbitraryValue> {
  if (route.body === null) {
    if (route.method === 'GET' || route.method === 'DELETE') return bodylessFor(route, world);
    // Not in the OpenAPI document (dev routes): guess objects with plausible and hostile fields.
    return jsonBodyFor({ type: 'object', additionalProperties: true }, world);
  }
  const { contentTypes, schema } = route.body;
  if (!contentTypes.includes(JSON_TYPE)) return textBodyFor(contentTypes, world);
  return jsonBodyFor(schema, world);
}

/** GET and DELETE: mostly no body, now and then one they should ignore or refuse. */
function bodylessFor(_route: FuzzRoute, world: FuzzWorld): fc.Arbitrary<BodyArbitraryValue> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant(raw('no body', null, null)) },
    { weight: 1, arbitrary: jsonBodyFor({}, world) },
  );
}

function jsonBodyFor(schema: JsonSchema, world: FuzzWorld): fc.Arbitrary<BodyArbitraryValue> {
  const valid = valueFor(schema, world.hints);
  const json = (label: string, text: string, contentType: string | null = JSON_TYPE) =>
    raw(label, text, contentType);
  return fc.oneof(
    { weight: 14, arbitrary: valid.map((value) => json('valid body', JSON.stringify(value))) },
    {
      weight: 40,
      arbitrary: fc.tuple(valid, mutation(world)).map(([value, mutate]) => mutate(value)),
    },
    {
      weight: 6,
      arbitrary: fc
        .tuple(valid, malformation)
        .map(([value, malform]) => json(malform.label, malform.apply(JSON.stringify(value)))),
    },
    {
      weight: 6,
      arbitrary: fc
        .tuple(valid, wrongContentType)
        .map(([value, contentType]) =>
          json(`content-type ${contentType ?? 'missing'}`, JSON.stringify(value), contentType),
        ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom<BodyArbitraryValue>(
        json('empty body', ''),
        json('body "null"', 'null'),
        json('body is a number', '42'),
        json('body is a string', '"text"'),
        json('body is an array', '[]'),
        json('body is an array of objects', '[{}, {}]'),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constant({
        label: 'body past the size limit',
        build: () => ({
          bytes: Buffer.from(`{"text":"${'x'.repeat(world.bodyLimitBytes + 10)}"}`),
          contentType: JSON_TYPE,
        }),
      }),
    },
  );
}

/** The transcript route: WebVTT text, broken WebVTT, odd text, huge text, or JSON instead. */
function textBodyFor(
  contentTypes: readonly string[],
  world: FuzzWorld,
): fc.Arbitrary<BodyArbitraryValue> {
  const type = fc.constantFrom(...contentTypes);
  const cue = fc
    .record({
      startMs: fc.nat(3_600_000),
      lengthMs: fc.integer({ min: -2_000, max: 60_000 }),
      speaker: fc.option(fc.oneof(fc.string({ maxLength: 12 }), unicodeEdge), { nil: null }),
      text: fc.oneof(fc.string({ maxLength: 80 }), unicodeEdge),
    })
    .map(
      ({ startMs, lengthMs, speaker, text }) =>
        `${formatVttTime(startMs)} --> ${formatVttTime(Math.max(0, startMs + lengthMs))}\n` +
        `${speaker === null ? '' : `<v ${speaker}>`}${text}\n`,
    );
  const vtt = fc
    .tuple(
      fc.constantFrom('WEBVTT', 'WEBVTT - Teams', '\uFEFFWEBVTT', 'WEBVTT\u0000'),
      fc.array(cue, { maxLength: 12 }),
    )
    .map(([header, cues]) => `${header}\n\n${cues.join('\n')}`);
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(vtt, type).map(([text, t]) => raw('WebVTT', text, t)) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.oneof(fc.string({ maxLength: 200 }), unicodeEdge), type)
        .map(([text, t]) => raw('text that is not WebVTT', text, t)),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(vtt, malformation, type)
        .map(([text, malform, t]) => raw(`WebVTT ${malform.label}`, malform.apply(text), t)),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(JSON_TYPE, 'application/xml', null))
        .map(([value, t]) => raw(`content-type ${t ?? 'missing'}`, JSON.stringify(value) ?? '', t)),
    },
    { weight: 1, arbitrary: type.map((t) => raw('empty transcript', '', t)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        lazyText(
          'transcript past the size limit',
          () => `WEBVTT\n\n${'x'.repeat(world.bodyLimitBytes * 6)}`,
        ),
        lazyText(
          'transcript with too many cues',
          () => `WEBVTT\n\n${'00:00.000 --> 00:01.000\n<v A>hi\n\n'.repeat(20_001)}`,
        ),
      ),
    },
  );
}

function formatVttTime(ms: number): string {
  const pad = (n: number, width = 2) => String(Math.floor(n)).padStart(width, '0');
  return `${pad(ms / 3_600_000)}:${pad((ms / 60_000) % 60)}:${pad((ms / 1_000) % 60)}.${pad(ms % 1_000, 3)}`;
}

function raw(label: string, text: string | null, contentType: string | null): BodyArbitraryValue {
  const bytes = text === null ? null : Buffer.from(text, 'utf8');
  return { label, build: () => ({ bytes, contentType }) };
}

function lazyText(label: string, makeText: () => string): BodyArbitraryValue {
  return {
    label,
    build: () => ({ bytes: Buffer.from(makeText(), 'utf8'), contentType: 'text/vtt' }),
  };
}

const wrongContentType: fc.Arbitrary<string | null> = fc.constantFrom(
  null,
  'text/plain',
  'text/vtt',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/xml',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/jsonx',
  'application/json, text/plain',
  'APPLICATION/JSON',
  '*/*',
  ';;;',
);

interface Malformation {
  readonly label: string;
  apply(text: string): string;
}

/** Ways to break a JSON (or WebVTT) text so that it no longer parses, or parses surprisingly. */
const malformation: fc.Arbitrary<Malformation> = fc.oneof(
  fc.nat().map((cut) => ({
    label: 'malformed: truncated',
    apply: (text: string) => text.slice(0, text.length === 0 ? 0 : cut % text.length),
  })),
  fc.constantFrom<Malformation>(
    { label: 'malformed: trailing garbage', apply: (text) => `${text}}}` },
    { label: 'malformed: two documents', apply: (text) => `${text}${text}` },
    { label: 'malformed: byte-order mark', apply: (text) => `\uFEFF${text}` },
    { label: 'malformed: single quotes', apply: (text) => text.replaceAll('"', "'") },
    { label: 'malformed: trailing comma', apply: (text) => text.replace(/}$/, ',}') },
    { label: 'malformed: NaN', apply: (text) => text.replace(/\d+/, 'NaN') },
    { label: 'malformed: comment', apply: (text) => `/* hi */${text}` },
    { label: 'malformed: NUL bytes', apply: (text) => `${text}\u0000\u0000` },
    { label: 'malformed: huge number', apply: (text) => text.replace(/\d+/, '1e99999') },
    { label: 'malformed: duplicate keys', apply: (text) => text.replace(/^{/, '{"id":1,"id":2,') },
  ),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({
    label: 'malformed: random bytes',
    apply: () => Buffer.from(bytes).toString('latin1'),
  })),
);

type Path = readonly (string | number)[];
type Mutate = (value: unknown) => BodyArbitraryValue;

/** One change to a valid body, at one place in it chosen at random. */
function mutation(world: FuzzWorld): fc.Arbitrary<Mutate> {
  const where = fc.nat();
  const key = fc.oneof(
    fc.constantFrom(
      ...Object.keys(world.hints),
      'id',
      'text',
      'by',
      'isAdmin',
      'tenantId',
      '_etag',
      'ttl',
    ),
    fc.string({ maxLength: 12 }),
    unicodeEdge,
  );
  const at = (value: unknown, index: number) => {
    const paths = listPaths(value);
    return paths[index % paths.length] ?? [];
  };
  return fc.oneof(
    { weight: 3, arbitrary: where.map((n) => dropField(n)) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(where, key, fc.jsonValue({ maxDepth: 2 }))
        .map(([n, name, extra]): Mutate => (value) => {
          const path = at(value, n);
          return jsonWith(
            `extra field "${name}" at ${describe(path)}`,
            addField(value, path, name, extra),
          );
        }),
    },
    {
      weight: 5,
      arbitrary: fc.tuple(where, wrongValue).map(([n, wrong]): Mutate => (value) => {
        const path = at(value, n);
        return jsonWith(`wrong type at ${describe(path)}`, setAt(value, path, wrong));
      }),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(where, unicodeEdge).map(([n, text]): Mutate => (value) => {
        const path = at(value, n);
        return jsonWith(`unicode edge case at ${describe(path)}`, setAt(value, path, text));
      }),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(where, fc.constantFrom(...PROTOTYPE_KEYS), fc.jsonValue({ maxDepth: 2 }))
        .map(([n, name, extra]): Mutate => (value) => {
          const path = at(value, n);
          const payload =
            name === 'constructor' ? { prototype: { isAdmin: true } } : { isAdmin: true, extra };
          return jsonWith(
            `"${name}" key at ${describe(path)}`,
            addField(value, path, name, payload),
          );
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(where, fc.constantFrom(70_000, 300_000, 2_000_000))
        .map(([n, length]): Mutate => (value) => {
          const path = at(value, n);
          return lazyJson(`huge string (${length} chars) at ${describe(path)}`, value, path, () =>
            JSON.stringify('ü'.repeat(length / 2) + 'a'.repeat(length / 2)),
          );
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(where, fc.constantFrom(1_000, 50_000, 200_000))
        .map(([n, count]): Mutate => (value) => {
          const path = at(value, n);
          return lazyJson(
            `huge array (${count} items) at ${describe(path)}`,
            value,
            path,
            () =>
              `[${new Array<string>(count).fill('{"id":"x","kind":"speech","atMs":1}').join(',')}]`,
          );
        }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(where, fc.constantFrom(64, 1_000, 10_000, 200_000), fc.constantFrom('[', '{"a":'))
        .map(([n, depth, opener]): Mutate => (value) => {
          const path = at(value, n);
          const closer = opener === '[' ? ']' : '}';
          return lazyJson(
            `nesting ${depth} deep (${opener}) at ${describe(path)}`,
            value,
            path,
            () => `${opener.repeat(depth)}1${closer.repeat(depth)}`,
          );
        }),
    },
  );
}

function dropField(n: number): Mutate {
  return (value) => {
    const fields = listPaths(value).filter((path) => path.length > 0);
    const path = fields[n % Math.max(fields.length, 1)];
    if (path === undefined) return jsonWith('nothing to drop', value);
    return jsonWith(`missing ${describe(path)}`, removeAt(value, path));
  };
}

function jsonWith(label: string, value: unknown): BodyArbitraryValue {
  return raw(label, JSON.stringify(value) ?? '', JSON_TYPE);
}

const PLACEHOLDER = '@@fuzz-placeholder@@';

/** The body with `makeJson()`'s text at `path`, built only when sent. */
function lazyJson(
  label: string,
  value: unknown,
  path: Path,
  makeJson: () => string,
): BodyArbitraryValue {
  return {
    label,
    build: () => ({
      bytes: Buffer.from(
        (JSON.stringify(setAt(value, path, PLACEHOLDER)) ?? '').replace(
          `"${PLACEHOLDER}"`,
          makeJson,
        ),
      ),
      contentType: JSON_TYPE,
    }),
  };
}

function describe(path: Path): string {
  return path.length === 0 ? 'the root' : path.join('.');
}

function listPaths(value: unknown, path: Path = []): Path[] {
  const paths: Path[] = [path];
  if (Array.isArray(value)) {
    value.forEach((item, index) => paths.push(...listPaths(item, [...path, index])));
  } else if (isObject(value)) {
    for (const [name, item] of Object.entries(value))
      paths.push(...listPaths(item, [...path, name]));
  }
  return paths;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Copies define their fields rather than assign them, so a "__proto__" key stays a plain field
// and is sent as one.
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (!isObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) define(result, name, copy(item));
  return result;
}

function define(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function setAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const root = copy(value);
  const parent = walk(root, path.slice(0, -1));
  const last = path[path.length - 1] as string | number;
  if (Array.isArray(parent)) parent[last as number] = replacement;
  else if (isObject(parent)) define(parent, String(last), replacement);
  return root;
}

function removeAt(value: unknown, path: Path): unknown {
  const root = copy(value);
  const parent = walk(root, path.slice(0, -1));
  const last = path[path.length - 1] as string | number;
  if (Array.isArray(parent)) parent.splice(last as number, 1);
  else if (isObject(parent)) Reflect.deleteProperty(parent, String(last));
  return root;
}

/** Adds a field to the object at `path`, or to the nearest object above it. */
function addField(value: unknown, path: Path, name: string, extra: unknown): unknown {
  const root = copy(value);
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const target = walk(root, path.slice(0, depth));
    if (isObject(target)) {
      define(target, name, extra);
      return root;
    }
  }
  return root;
}

function walk(root: unknown, path: Path): unknown {
  let node = root;
  for (const step of path) {
    if (Array.isArray(node)) node = node[step as number];
    else if (isObject(node)) node = node[String(step)];
    else return undefined;
  }
  return node;
}
