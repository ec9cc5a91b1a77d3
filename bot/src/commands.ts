import type { OptOutKind } from './port.js';

// Chat commands. Anything else gets the help text, never silence.

export type ChatCommand =
  | { readonly kind: 'summary' }
  | { readonly kind: 'roles' }
  | { readonly kind: 'my-commitments' }
  | { readonly kind: 'opt'; readonly isOptedOut: boolean; readonly kinds: readonly OptOutKind[] }
  | { readonly kind: 'help' };

const ALL_KINDS: readonly OptOutKind[] = ['tracking', 'transcript', 'nudges'];
const KIND_WORDS: Readonly<Record<string, OptOutKind>> = {
  nudge: 'nudges',
  nudges: 'nudges',
  reminders: 'nudges',
  tracking: 'tracking',
  airtime: 'tracking',
  transcript: 'transcript',
  transcripts: 'transcript',
};

export function parseCommand(text: string): ChatCommand {
  // Teams leaves the bot's @mention text and HTML entities around; commands are words only.
  const words = text
    .replace(/<at>.*?<\/at>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .toLowerCase()
    .replace(/[^a-z\s-]/g, ' ')
    .split(/[\s-]+/)
    .filter((word) => word !== '');
  const [first, second, ...rest] = words;
  if (first === 'summary' && second === undefined) return { kind: 'summary' };
  if (first === 'roles' && second === undefined) return { kind: 'roles' };
  if (
    first === 'my' &&
    (second === 'commitments' || second === 'commitment') &&
    rest.length === 0
  ) {
    return { kind: 'my-commitments' };
  }
  if (
    (first === 'opt' && (second === 'out' || second === 'in')) ||
    first === 'optout' ||
    first === 'optin'
  ) {
    const isOptedOut = first === 'optout' || second === 'out';
    const named = (first === 'opt' ? rest : [second, ...rest]).filter(
      (w): w is string => w !== undefined,
    );
    const kinds = named.map((word) => KIND_WORDS[word]);
    if (kinds.some((kind) => kind === undefined)) return { kind: 'help' };
    const chosen = [...new Set(kinds as OptOutKind[])];
    return { kind: 'opt', isOptedOut, kinds: chosen.length === 0 ? ALL_KINDS : chosen };
  }
  return { kind: 'help' };
}
