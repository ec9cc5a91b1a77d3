import { describe, expect, it } from 'vitest';
import type { Role, RoleAssignment } from './model.js';
import { countRoles } from './role-counts.js';

describe('countRoles', () => {
  it('counts each role per member, skipping sessions they missed', () => {
    const history: RoleAssignment[] = [
      { ana: 'coach', ben: 'coachee', cy: 'observer' },
      { ben: 'coach', cy: 'coachee' },
      { cy: 'coach', ana: 'coachee', ben: 'observer' },
    ];
    const counts = countRoles(history, ['ana', 'ben', 'cy']);
    expect(counts['ana']).toMatchObject({ coach: 1, coachee: 1, observer: 0, member: 0 });
    expect(counts['ben']).toMatchObject({ coach: 1, coachee: 1, observer: 1 });
    expect(counts['cy']).toMatchObject({ coach: 1, coachee: 1, observer: 1 });
  });

  it('gives a member who never came zero of everything', () => {
    const counts = countRoles([{ ana: 'challenger' }], ['dee']);
    expect(Object.values(counts['dee'] ?? {})).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('reads ids that look like object properties as plain ids', () => {
    const entries: [string, Role][] = [
      ['__proto__', 'coach'],
      ['constructor', 'coachee'],
    ];
    const history: RoleAssignment[] = [Object.fromEntries(entries)];
    const counts = countRoles(history, ['__proto__', 'constructor', 'toString']);
    expect(counts['__proto__']?.coach).toBe(1);
    expect(counts['constructor']?.coachee).toBe(1);
    expect(counts['toString']?.coach).toBe(0);
  });

  it('ignores a stored role this version does not know', () => {
    const history = [{ ana: 'timekeeper' }] as unknown as RoleAssignment[];
    expect(Object.values(countRoles(history, ['ana'])['ana'] ?? {})).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
