import { describe, expect, it } from 'vitest';
import { GROUP_SIZE_LIMITS, rolesForGroup } from './group-roles.js';

describe('rolesForGroup', () => {
  it('gives a pair a coach and a coachee, and no observer', () => {
    expect(rolesForGroup('coaching', 2)).toEqual({ ok: true, seats: ['coach', 'coachee'] });
  });

  it('gives a trio a coach, a coachee and an observer', () => {
    expect(rolesForGroup('coaching', 3)).toEqual({
      ok: true,
      seats: ['coach', 'coachee', 'observer'],
    });
  });

  it('makes everyone beyond the coach and the coachee an observer in a larger coaching group', () => {
    expect(rolesForGroup('coaching', 5)).toEqual({
      ok: true,
      seats: ['coach', 'coachee', 'observer', 'observer', 'observer'],
    });
  });

  it('gives an action learning set one challenger, one facilitator and members', () => {
    expect(rolesForGroup('action-learning', 4)).toEqual({
      ok: true,
      seats: ['challenger', 'facilitator', 'member', 'member'],
    });
    const eight = rolesForGroup('action-learning', 8);
    expect(eight.ok && eight.seats.filter((role) => role === 'member')).toHaveLength(6);
  });

  it('refuses a coaching session for one person, with the limits to show', () => {
    expect(rolesForGroup('coaching', 1)).toMatchObject({
      ok: false,
      code: 'GROUP_TOO_SMALL',
      kind: 'coaching',
      size: 1,
      minPeople: 2,
      maxPeople: GROUP_SIZE_LIMITS.coaching.maxPeople,
    });
    expect(rolesForGroup('coaching', 0)).toMatchObject({ ok: false, code: 'GROUP_TOO_SMALL' });
  });

  it('refuses an action learning set outside 4 to 8 people', () => {
    expect(rolesForGroup('action-learning', 3)).toMatchObject({
      ok: false,
      code: 'GROUP_TOO_SMALL',
    });
    expect(rolesForGroup('action-learning', 9)).toMatchObject({
      ok: false,
      code: 'GROUP_TOO_LARGE',
      size: 9,
      maxPeople: 8,
    });
  });

  it('refuses a coaching group beyond its largest size', () => {
    const tooMany = GROUP_SIZE_LIMITS.coaching.maxPeople + 1;
    expect(rolesForGroup('coaching', tooMany)).toMatchObject({
      ok: false,
      code: 'GROUP_TOO_LARGE',
    });
  });

  it('refuses a size that is not a whole number of people instead of throwing', () => {
    for (const size of [2.5, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(rolesForGroup('coaching', size)).toMatchObject({
        ok: false,
        code: 'INVALID_GROUP_SIZE',
      });
    }
  });

  it('words its refusals for the people in the call', () => {
    const refusal = rolesForGroup('action-learning', 2);
    expect(refusal.ok).toBe(false);
    expect(!refusal.ok && refusal.message).toMatch(/at least 4 people and 2 are here/);
  });
});
