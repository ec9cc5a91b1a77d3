import { describe, expect, it } from 'vitest';
import { stripSystemFields } from './document-rules.js';

describe('stripSystemFields', () => {
  it("drops Cosmos's system fields and keeps everything else", () => {
    const stored = { id: 'a', circleId: 'c', _etag: '"1"', _rid: 'r', _self: 's', _ts: 1, n: 2 };
    expect(stripSystemFields(stored)).toEqual({ id: 'a', circleId: 'c', n: 2 });
  });

  it('returns a copy, so the caller can add to it without changing the document it was given', () => {
    const document = { id: 'a', marks: [1, 2] };
    const copy = stripSystemFields(document);
    copy['_etag'] = '"2"';
    expect(copy).not.toBe(document);
    expect(document).toEqual({ id: 'a', marks: [1, 2] });
  });

  it('keeps a __proto__ key from a parsed body as an ordinary field, with or without system fields', () => {
    for (const text of [
      '{"id":"a","__proto__":{"x":1}}',
      '{"id":"a","_ts":5,"__proto__":{"x":1}}',
    ]) {
      const copy = stripSystemFields(JSON.parse(text) as object);
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      expect(Object.hasOwn(copy, '__proto__')).toBe(true);
      expect(JSON.stringify(copy)).toBe('{"id":"a","__proto__":{"x":1}}');
    }
  });
});
