import { describe, expect, it } from 'vitest';
import { parseCommand } from './parse-command.js';

describe('parseCommand', () => {
  it('keeps only the known fields', () => {
    const parsed = parseCommand({ type: 'next', by: 'ana', expectedStageId: 'goal', admin: true });
    expect(parsed).toEqual({
      ok: true,
      command: { type: 'next', by: 'ana', expectedStageId: 'goal' },
    });
  });

  it('reads a null expectedStageId as absent', () => {
    expect(parseCommand({ type: 'skip', by: 'ana', expectedStageId: null })).toEqual({
      ok: true,
      command: { type: 'skip', by: 'ana' },
    });
  });

  it('trims a display name', () => {
    const parsed = parseCommand({
      type: 'join',
      by: 'dee',
      participant: 'dee',
      displayName: '  Dee  ',
      isGuest: false,
    });
    expect(parsed.ok && parsed.command).toEqual({
      type: 'join',
      by: 'dee',
      participant: 'dee',
      displayName: 'Dee',
      isGuest: false,
    });
  });

  it('keeps a participant id such as __proto__ as data in a role assignment', () => {
    const roles = JSON.parse('{"__proto__": "coach", "bo": "observer"}') as unknown;
    const parsed = parseCommand({ type: 'assign-roles', by: 'ana', roles });
    expect(
      parsed.ok && parsed.command.type === 'assign-roles' && Object.entries(parsed.command.roles),
    ).toEqual([
      ['__proto__', 'coach'],
      ['bo', 'observer'],
    ]);
  });

  it.each([
    [
      { type: 'join', by: 'dee', participant: 'dee', displayName: '   ', isGuest: false },
      'display name',
    ],
    [
      { type: 'join', by: 'dee', participant: 'dee', displayName: 'x'.repeat(101), isGuest: false },
      'display name',
    ],
    [{ type: 'join', by: 'dee', participant: 'dee', displayName: 'Dee' }, 'isGuest'],
    [{ type: 'mark-presence', by: 'ana', participant: 'bo', presence: 'away' }, 'presence'],
    [{ type: 'record-consent', by: 'ana', stageId: 'role-play', answer: 'maybe' }, 'answer'],
    [{ type: 'record-consent', by: 'ana', answer: 'given' }, 'stageId'],
    [{ type: 'opt-out-tracking', by: 'ana', optedOut: 'yes' }, 'optedOut'],
    [{ type: 'assign-roles', by: 'ana', roles: { bo: 'captain' } }, 'role'],
    [{ type: 'assign-roles', by: 'ana', roles: ['coach'] }, 'roles'],
    [{ type: 'next', by: 'ana', expectedStageId: 7 }, 'expectedStageId'],
    [{ type: 'start', by: 'a'.repeat(201) }, 'by'],
  ])('refuses %j and names what is wrong (%s)', (input, hint) => {
    const parsed = parseCommand(input);
    expect(parsed.ok ? 'parsed' : parsed.code).toBe('INVALID_COMMAND');
    expect(parsed.ok ? '' : parsed.message).toContain(hint);
  });
});
