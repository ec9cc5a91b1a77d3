// fast-check arbitraries for the fuzz: values a route's JSON schema accepts, and the hostile
// values that go in their place (wrong types, huge, deep, odd unicode, prototype keys).
import fc from 'fast-check';
import type { JsonSchema } from './routes.js';

/** Strings that have broken parsers, validators, databases and log lines before. */
export const UNICODE_EDGES: readonly string[] = [
  '\uD800', // a lone high surrogate
  '\uDFFF', // a lone low surrogate
  'a\uDC00b\uD83D', // lone surrogates around text
  '\u0000', // NUL
  'a\u0000b',
  '\u202Eevil\u202C', // right-to-left override
  'مرحبا بالعالم', // right-to-left text
  'שלום \u200F', // Hebrew with a right-to-left mark
  '\u200B\u200C\u200D\u2060\uFEFF', // zero-width characters and a byte-order mark
  'e\u0301\u0301\u0301\u0301\u0301', // stacked combining marks
  '👩‍👩‍👧‍👦🏳️‍🌈', // zero-width-joiner sequences
  '\uFFFE\uFFFF', // noncharacters
  '\u2028\u2029', // line and paragraph separators
  '\r\n\t\v\f\b',
  '𝕳𝖊𝖑𝖑𝖔', // astral plane
  'İıſK', // case folding surprises
  '${7*7}{{7*7}}<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../../etc/passwd',
  '%00%2e%2e%2f',
  '__proto__',
  'constructor',
];

export const unicodeEdge: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...UNICODE_EDGES),
  fc
    .array(fc.constantFrom(...UNICODE_EDGES), { minLength: 2, maxLength: 6 })
    .map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

/** Keys that reach for an object's prototype when code copies fields without care. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** A value of a type the schema does not expect, or an extreme of the right one. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    ' ',
    '1',
    'true',
    'null',
    [],
    {},
    [null],
    { '': '' },
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 20 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/**
 * A value the schema accepts. Sizes stay small (a valid body is a baseline to mutate, not a load
 * test); strings are now and then unicode edge cases of a valid length.
 */
export function valueFor(
  schema: JsonSchema,
  hints: Readonly<Record<string, fc.Arbitrary<unknown>>> = {},
): fc.Arbitrary<unknown> {
  const base = baseValueFor(schema, hints);
  return schema['nullable'] === true
    ? fc.oneof({ weight: 4, arbitrary: base }, fc.constant(null))
    : base;
}

function baseValueFor(
  schema: JsonSchema,
  hints: Readonly<Record<string, fc.Arbitrary<unknown>>>,
): fc.Arbitrary<unknown> {
  const enumValues = schema['enum'];
  if (Array.isArray(enumValues) && enumValues.length > 0) return fc.constantFrom(...enumValues);
  if ('const' in schema) return fc.constant(schema['const']);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      return fc.oneof(...options.map((option) => valueFor(option as JsonSchema, hints)));
    }
  }
  const allOf = schema['allOf'];
  if (Array.isArray(allOf) && allOf.length > 0) return valueFor(allOf[0] as JsonSchema, hints);
  const type = schema['type'];
  if (Array.isArray(type)) {
    return fc.oneof(...type.map((one) => valueFor({ ...schema, type: one }, hints)));
  }
  switch (type) {
    case 'object':
      return objectFor(schema, hints);
    case 'array':
      return arrayFor(schema, hints);
    case 'string':
      return stringFor(schema);
    case 'integer':
      return integerFor(schema);
    case 'number':
      return fc.double({
        min: numberOr(schema['minimum'], -1e9),
        max: numberOr(schema['maximum'], 1e9),
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return schema['properties'] === undefined
        ? fc.jsonValue({ maxDepth: 2 })
        : objectFor(schema, hints);
  }
}

function objectFor(
  schema: JsonSchema,
  hints: Readonly<Record<string, fc.Arbitrary<unknown>>>,
): fc.Arbitrary<unknown> {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    // A field the dictionary knows (a member id, a time zone, a framework) mostly gets a value
    // the checks behind the schema accept, so valid bodies get past them to the handler.
    const hint = hints[name];
    const value = valueFor(property, hints);
    shape[name] =
      hint === undefined
        ? value
        : fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: value });
  }
  const known = fc.record(shape, { requiredKeys: [...required] });
  // An open object (a session command) gets fields from the dictionary of hints, so the checks
  // behind the schema (core's parseCommand) see plausible input, not only unknown keys.
  if (schema['additionalProperties'] === false || Object.keys(hints).length === 0) return known;
  const extra = fc.dictionary(fc.constantFrom(...Object.keys(hints)), fc.constant(null), {
    maxKeys: 3,
  });
  return fc.tuple(known, extra).chain(([fields, keys]) => {
    const names = Object.keys(keys).filter((name) => !(name in properties));
    return fc.tuple(...names.map((name) => hints[name] ?? fc.constant(null))).map((values) => ({
      ...(fields as object),
      ...Object.fromEntries(names.map((name, index) => [name, values[index]])),
    }));
  });
}

function arrayFor(
  schema: JsonSchema,
  hints: Readonly<Record<string, fc.Arbitrary<unknown>>>,
): fc.Arbitrary<unknown> {
  const minLength = numberOr(schema['minItems'], 0);
  const maxLength = Math.max(minLength, Math.min(numberOr(schema['maxItems'], 4), 4));
  return fc.array(valueFor((schema['items'] ?? {}) as JsonSchema, hints), { minLength, maxLength });
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = numberOr(schema['minLength'], 0);
  const maxLength = Math.min(numberOr(schema['maxLength'], 60), 60);
  const fits = (text: string) => {
    const length = [...text].length;
    return length >= minLength && length <= Math.max(minLength, maxLength);
  };
  const pattern = schema['pattern'];
  if (typeof pattern === 'string') {
    // Only strings of the pattern: a filter that few candidates pass would never finish.
    return fc.stringMatching(new RegExp(pattern, 'u')).filter(fits);
  }
  return fc.oneof(
    { weight: 5, arbitrary: fc.string({ minLength, maxLength: Math.max(minLength, maxLength) }) },
    { weight: 1, arbitrary: unicodeEdge.filter(fits) },
  );
}

function integerFor(schema: JsonSchema): fc.Arbitrary<number> {
  const min = numberOr(schema['minimum'], -1_000_000);
  const max = numberOr(schema['maximum'], 1_000_000_000);
  // fc.integer stops at 32 bits; timestamps and versions do not.
  return fc.oneof(
    fc.constantFrom(min, Math.min(max, min + 1)),
    fc.maxSafeNat().map((n) => min + (n % (Math.min(max - min, Number.MAX_SAFE_INTEGER - 1) + 1))),
  );
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
