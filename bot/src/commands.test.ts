import { describe, expect, it } from 'vitest';
import { parseCommand } from './commands.js';

describe('parseCommand', () => {
  it('reads each command, with or without the mention Teams leaves in the text', () => {
    expect(parseCommand('<at>Grow Together</at> summary')).toEqual({ kind: 'summary' });
    expect(parseCommand('Roles')).toEqual({ kind: 'roles' });
    expect(parseCommand('my commitments')).toEqual({ kind: 'my-commitments' });
    expect(parseCommand('help')).toEqual({ kind: 'help' });
  });

  it('opts out of everything, or of the kinds named, and back in', () => {
    expect(parseCommand('opt out')).toEqual({
      kind: 'opt',
      isOptedOut: true,
      kinds: ['tracking', 'transcript', 'nudges'],
    });
    expect(parseCommand('opt-out nudges')).toEqual({
      kind: 'opt',
      isOptedOut: true,
      kinds: ['nudges'],
    });
    expect(parseCommand('opt in tracking transcript')).toEqual({
      kind: 'opt',
      isOptedOut: false,
      kinds: ['tracking', 'transcript'],
    });
  });

  it('answers anything else with help, never silence', () => {
    for (const text of ['', 'hello', 'summary please', 'opt out of my job', 'my commitment list']) {
      expect(parseCommand(text)).toEqual({ kind: 'help' });
    }
  });
});
