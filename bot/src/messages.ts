import type { OptOutKind, PersonCommitment } from './port.js';

// Everything the bot says in plain text, in one place.

export const HELP_TEXT = [
  "I'm the Grow Together companion. In a meeting chat or one to one, you can write:",
  '- **summary**: the summary of the latest session',
  "- **roles**: today's roles",
  '- **my commitments**: your open commitments',
  '- **opt out** (or **opt out nudges**, **opt out tracking**, **opt out transcript**): stop what you choose',
  '- **opt in** (with the same choices): turn it back on',
  '- **help**: this list',
].join('\n');

export function describeGreeting(scope: 'personal' | 'groupChat' | 'team'): string {
  const panel =
    scope === 'personal'
      ? 'Add Grow Together to a meeting, then open it from the meeting toolbar as a side panel.'
      : 'To open the side panel, select Apps (or +) in the meeting toolbar and choose Grow Together.';
  return [
    'Hello! Grow Together supports peer coaching circles: the side panel shows the stage, its prompts ' +
      'and its time-box, the observer tracks airtime and language, and I post the summary here when ' +
      'the meeting ends and remind you of your commitments between sessions.',
    panel,
    'Opting out is always fine and never stops you taking part: write **opt out** to me, or use the ' +
      'panel. Write **help** for everything I understand.',
  ].join('\n\n');
}

export const SORRY_TEXT =
  'Sorry, something went wrong on my side and I could not do that. Please try again in a moment.';

export const NO_CIRCLE_TEXT =
  'This chat has no circle yet. Open the Grow Together side panel in the meeting to set one up.';

export const NO_SUMMARY_TEXT =
  'There is no session to summarise yet. The summary appears here when a session in the panel ends.';

export const NO_MEETING_SESSION_TEXT =
  'The meeting has ended. No session was run in the panel this time, so there is no summary.';

export function describeCommitments(commitments: readonly PersonCommitment[]): string {
  if (commitments.length === 0) {
    return 'You have no open commitments. Make one at the end of your next session.';
  }
  return [
    'Your open commitments:',
    ...commitments.map(
      (c) => `- ${c.text}${c.dueDate === null ? '' : ` (by ${c.dueDate})`}, in ${c.circleName}`,
    ),
    'Bring evidence, not intentions: what did you actually do?',
  ].join('\n');
}

const OPT_OUT_NAMES: Readonly<Record<OptOutKind, string>> = {
  tracking: 'airtime and language tracking',
  transcript: 'transcript analysis',
  nudges: 'nudges between sessions',
};

export function describeOptOut(kinds: readonly OptOutKind[], isOptedOut: boolean): string {
  const what = kinds.map((kind) => OPT_OUT_NAMES[kind]).join(', ');
  return isOptedOut
    ? `Done: you are opted out of ${what}. You can still take part in everything. Write **opt in** to undo.`
    : `Done: you are back in for ${what}.`;
}

export function describeCommitmentNudge(text: string, dueDate: string, circleName: string): string {
  return (
    `Your commitment in ${circleName} is due ${dueDate}: "${text}". ` +
    'Bring evidence, not intentions: what did you do, and what happened?'
  );
}

export function describeNextSessionNudge(circleName: string, localStart: string): string {
  return `Your next ${circleName} session is ${localStart} (your time). See you there!`;
}

export function describeReflectionNudge(circleName: string, localStart: string): string {
  return (
    `Before your ${circleName} session (${localStart}, your time), take two minutes for the ` +
    'pre-session reflection in the panel: what did you try, and what do you want from today?'
  );
}
