import { describe, expect, it } from 'vitest';
import type { FrameworkKind } from '../frameworks/model.js';
import type { ParticipantId } from '../units.js';
import type { RoleAssignment } from './model.js';
import { countRoles } from './role-counts.js';
import { proposeRoles } from './rotation.js';
import type { RotationRequest } from './rotation.js';

function propose(request: RotationRequest): RoleAssignment {
  const result = proposeRoles(request);
  if (!result.ok) throw new Error(`expected a proposal, got ${result.code}: ${result.message}`);
  return result.roles;
}

/** Runs `sessions` sessions with everyone present, feeding each proposal back into the history. */
function rotate(
  kind: FrameworkKind,
  members: readonly ParticipantId[],
  sessions: number,
): RoleAssignment[] {
  const history: RoleAssignment[] = [];
  for (let session = 0; session < sessions; session += 1) {
    history.push(propose({ kind, members, history }));
  }
  return history;
}

describe('proposeRoles: everyone present', () => {
  it('gives each person of a trio each role exactly twice over six sessions, never twice in a row', () => {
    const members = ['ana', 'ben', 'cy'];
    const history = rotate('coaching', members, 6);

    const counts = countRoles(history, members);
    for (const member of members) {
      expect(counts[member]).toMatchObject({ coach: 2, coachee: 2, observer: 2 });
    }
    for (let session = 1; session < history.length; session += 1) {
      for (const member of members) {
        expect(history[session]?.[member]).not.toBe(history[session - 1]?.[member]);
      }
    }
  });

  it('alternates coach and coachee in a pair', () => {
    expect(rotate('coaching', ['ana', 'ben'], 4)).toEqual([
      { ana: 'coach', ben: 'coachee' },
      { ana: 'coachee', ben: 'coach' },
      { ana: 'coach', ben: 'coachee' },
      { ana: 'coachee', ben: 'coach' },
    ]);
  });

  it('starts with the first members in order, then gives the seats to those who have not had them', () => {
    const history = rotate('coaching', ['ana', 'ben', 'cy', 'dee'], 4);
    expect(history).toEqual([
      { ana: 'coach', ben: 'coachee', cy: 'observer', dee: 'observer' },
      { ana: 'observer', ben: 'observer', cy: 'coach', dee: 'coachee' },
      { ana: 'coachee', ben: 'coach', cy: 'observer', dee: 'observer' },
      { ana: 'observer', ben: 'observer', cy: 'coachee', dee: 'coach' },
    ]);
  });

  it('rotates challenger and facilitator through an action learning set of five', () => {
    const members = ['ana', 'ben', 'cy', 'dee', 'eve'];
    const history = rotate('action-learning', members, 5);
    const counts = countRoles(history, members);
    for (const member of members) {
      expect(counts[member]).toMatchObject({ challenger: 1, facilitator: 1, member: 3 });
    }
  });

  it('gives a tied seat to whoever has waited longest for it, before member order', () => {
    // Everyone has coached once; cy coached longest ago, ana most recently but one.
    const history: RoleAssignment[] = [
      { cy: 'coach', ana: 'coachee', ben: 'observer' },
      { ana: 'coach', ben: 'coachee', cy: 'observer' },
      { ben: 'coach', cy: 'coachee', ana: 'observer' },
    ];
    expect(propose({ kind: 'coaching', members: ['ana', 'ben', 'cy'], history })).toEqual({
      cy: 'coach',
      ana: 'coachee',
      ben: 'observer',
    });
  });
});

describe('proposeRoles: absences', () => {
  it('gives no role to an absent member and runs the session with those present', () => {
    const roles = propose({
      kind: 'coaching',
      members: ['ana', 'ben', 'cy'],
      history: [],
      absent: ['ana'],
    });
    expect(roles).toEqual({ ben: 'coach', cy: 'coachee' });
  });

  it('lets someone back from two missed sessions coach first, without a repeat for the others', () => {
    const history: RoleAssignment[] = [
      { ana: 'coach', ben: 'coachee' },
      { ana: 'coachee', ben: 'coach' },
    ];
    expect(propose({ kind: 'coaching', members: ['ana', 'ben', 'cy'], history })).toEqual({
      cy: 'coach',
      ben: 'coachee',
      ana: 'observer',
    });
  });

  it('ignores absent ids that are not members', () => {
    const request = { kind: 'coaching', members: ['ana', 'ben'], history: [] } as const;
    expect(propose({ ...request, absent: ['zed'] })).toEqual(propose(request));
  });

  it('refuses when too few are present for the framework', () => {
    expect(
      proposeRoles({ kind: 'coaching', members: ['ana', 'ben'], history: [], absent: ['ben'] }),
    ).toMatchObject({ ok: false, code: 'GROUP_TOO_SMALL', size: 1, minPeople: 2 });
    expect(
      proposeRoles({
        kind: 'action-learning',
        members: ['ana', 'ben', 'cy', 'dee', 'eve'],
        history: [],
        absent: ['ana', 'eve'],
      }),
    ).toMatchObject({ ok: false, code: 'GROUP_TOO_SMALL', size: 3, minPeople: 4 });
  });
});

describe('proposeRoles: input from outside', () => {
  it('refuses a member listed twice', () => {
    expect(
      proposeRoles({ kind: 'coaching', members: ['ana', 'ben', 'ana'], history: [] }),
    ).toMatchObject({ ok: false, code: 'DUPLICATE_MEMBER', duplicates: ['ana'] });
  });

  it('refuses an action learning set of nine', () => {
    const members = Array.from({ length: 9 }, (_, index) => `p${index}`);
    expect(proposeRoles({ kind: 'action-learning', members, history: [] })).toMatchObject({
      ok: false,
      code: 'GROUP_TOO_LARGE',
    });
  });

  it('ignores former members and the roles of another framework kind in the history', () => {
    const history: RoleAssignment[] = [
      { ana: 'challenger', ben: 'facilitator', zed: 'coach' },
      { zed: 'coach', ana: 'coachee', ben: 'observer' },
    ];
    // Only the coaching session counts: ana has been coachee and ben has not, so ana coaches.
    expect(propose({ kind: 'coaching', members: ['ana', 'ben'], history })).toEqual({
      ana: 'coach',
      ben: 'coachee',
    });
  });

  it('treats ids that look like object properties as plain ids', () => {
    const members = ['__proto__', 'constructor', 'toString'];
    const first = propose({ kind: 'coaching', members, history: [] });
    expect(Object.keys(first).sort()).toEqual([...members].sort());
    const second = propose({ kind: 'coaching', members, history: [first] });
    for (const member of members) expect(second[member]).not.toBe(first[member]);
  });
});
