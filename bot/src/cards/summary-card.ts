import type { SessionSummary, SummaryPerson, SummaryStage } from '@grow-together/core';
import type { SummaryForCard } from '../port.js';
import {
  card,
  drawBar,
  MAX_CARD_BYTES,
  escapeMarkdown,
  facts,
  formatDuration,
  formatMinutes,
  section,
  text,
  type AdaptiveCard,
  type CardElement,
} from './adaptive-card.js';
import { describeRole } from './roles.js';

// The post-meeting summary card: a pure function of core's summary (the same one the panel and the
// api show). Airtime and language are text with a bar per person, never raw numbers in JSON.

/**
 * Long lists and texts are cut so a card stays readable; when a circle has written a great deal,
 * they are cut further until the card fits Teams' size limit. The panel always has everything.
 */
const LIMITS = [
  { items: 12, chars: 280 },
  { items: 8, chars: 200 },
  { items: 5, chars: 140 },
  { items: 3, chars: 100 },
] as const;

interface Limits {
  readonly items: number;
  readonly chars: number;
}

export function buildSummaryCard(input: SummaryForCard): AdaptiveCard {
  let built = buildWithLimits(input, LIMITS[0]);
  for (const limits of LIMITS.slice(1)) {
    if (Buffer.byteLength(JSON.stringify(built)) <= MAX_CARD_BYTES) return built;
    built = buildWithLimits(input, limits);
  }
  return built;
}

function buildWithLimits(
  { circleName, summary, names }: SummaryForCard,
  limits: Limits,
): AdaptiveCard {
  const clip = (value: string) => clipText(value, limits.chars);
  const listOrNone = (lines: readonly string[], none: string) =>
    listOrNoneWithin(lines, none, limits.items);
  const nameOf = (id: string | null): string =>
    id === null ? 'everyone' : escapeMarkdown(names[id] ?? findName(summary, id) ?? 'someone');
  const body: CardElement[] = [
    text(`Session summary: ${escapeMarkdown(circleName)}`, { weight: 'Bolder', size: 'Large' }),
    text(describeSession(summary), { isSubtle: true, spacing: 'None' }),
  ];
  if (!summary.isFinal) {
    body.push(text('Preview: the session is still running.', { color: 'Warning' }));
  }
  body.push(section('Stages: planned and actual', [facts(summary.timeline.map(describeStage))]));
  body.push(
    section('Airtime and language', [
      text(
        summary.airtimeSource === 'transcript'
          ? "From the meeting transcript (the observer's taps stay in the panel)."
          : "From the observer's taps.",
        { isSubtle: true, spacing: 'None' },
      ),
      ...summary.people.slice(0, 12).flatMap(describePerson),
      text(describeConversation(summary), { isSubtle: true }),
    ]),
  );
  body.push(
    section('Rule alerts', [
      listOrNone(
        summary.alerts.map((alert) => `${escapeMarkdown(alert.stageName)}: ${clip(alert.message)}`),
        'No rule alerts.',
      ),
    ]),
  );
  if (summary.jargon.length > 0) {
    body.push(
      section('Jargon', [
        listOrNone(
          summary.jargon.map(
            (hit) =>
              `"${escapeMarkdown(hit.term)}" (${hit.count}×): say "${escapeMarkdown(hit.plain)}"`,
          ),
          '',
        ),
      ]),
    );
  }
  body.push(
    section('Commitments', [
      listOrNone(
        summary.commitments.map(
          (c) =>
            `${nameOf(c.owner)}: ${clip(c.text)}${c.dueDate === null ? '' : ` (by ${c.dueDate})`}` +
            (c.status === 'open' ? '' : ` [${c.status}]`),
        ),
        'No commitments recorded.',
      ),
    ]),
  );
  body.push(
    section('The experiment', [
      listOrNone(
        summary.experiments.map((e) => `${nameOf(e.owner)}: ${clip(e.text)}`),
        'No experiment recorded.',
      ),
    ]),
  );
  body.push(
    section('One sentence to remember', [
      listOrNone(
        summary.sentencesToRemember.map((s) => `${nameOf(s.owner)}: "${clip(s.text)}"`),
        'None recorded.',
      ),
    ]),
  );
  body.push(
    section('Appreciations', [
      listOrNone(
        summary.appreciations.map((a) => `${nameOf(a.from)} to ${nameOf(a.to)}: ${clip(a.text)}`),
        'None recorded.',
      ),
    ]),
  );
  const nextRoles = Object.entries(summary.nextRoles ?? {});
  body.push(
    section("Next session's roles", [
      nextRoles.length === 0
        ? text('Rotation has no proposal for this circle yet.', { isSubtle: true })
        : facts(nextRoles.map(([id, role]) => [nameOf(id), describeRole(role)])),
    ]),
  );
  return card(body, `Session summary for ${circleName}`);
}

function describeSession(summary: SessionSummary): string {
  const parts = [escapeMarkdown(summary.frameworkName)];
  if (summary.startedAtMs !== null) {
    parts.push(new Date(summary.startedAtMs).toISOString().slice(0, 10));
  }
  parts.push(formatDuration(summary.conversation.durationMs));
  return parts.join(' · ');
}

function describeStage(stage: SummaryStage): [string, string] {
  const planned = `planned ${formatMinutes(stage.plannedMs)}`;
  if (stage.status === 'not-reached')
    return [escapeMarkdown(stage.name), `${planned}, not reached`];
  const overrun =
    stage.overrunMs === null || Math.abs(stage.overrunMs) < 30_000
      ? 'on time'
      : `${formatMinutes(stage.overrunMs)} ${stage.overrunMs > 0 ? 'over' : 'early'}`;
  const skipped = stage.status === 'skipped' ? ', skipped' : '';
  const runs = stage.runCount > 1 ? `, ${stage.runCount} visits` : '';
  return [
    escapeMarkdown(stage.name),
    `${planned}, took ${formatDuration(stage.actualMs)} (${overrun}${skipped}${runs})`,
  ];
}

function describePerson(person: SummaryPerson): CardElement[] {
  const role = person.role === null ? '' : ` (${describeRole(person.role)})`;
  const guest = person.isGuest ? ', guest' : '';
  const name = `**${escapeMarkdown(person.displayName)}**${role}${guest}`;
  if (person.status === 'opted-out') {
    return [text(`${name}: opted out of tracking, so not measured.`)];
  }
  if (person.status === 'absent' || person.airtime === null) {
    return [text(`${name}: not in this session.`)];
  }
  const a = person.airtime;
  const percent = Math.round(a.share * 100);
  const questions = a.questions.open + a.questions.closed + a.questions.leading;
  return [
    text(name, { spacing: 'Small' }),
    text(`${drawBar(a.share)} ${percent}% of the talk`, { fontType: 'Monospace', spacing: 'None' }),
    text(
      `${formatDuration(a.talkMs)} in ${a.turns} ${a.turns === 1 ? 'turn' : 'turns'}, ` +
        `longest ${formatDuration(a.longestMonologueMs)}; ` +
        `${questions} ${questions === 1 ? 'question' : 'questions'} ` +
        `(${a.questions.open} open, ${a.questions.closed} closed, ${a.questions.leading} leading), ` +
        `${a.tags.advice} advice, ${a.tags.observation} observations`,
      { isSubtle: true, spacing: 'None' },
    ),
  ];
}

function describeConversation(summary: SessionSummary): string {
  const c = summary.conversation;
  return (
    `Balance ${Math.round(c.balance * 100)}% (100% is everyone equal), ` +
    `speaker changes ${Math.round(c.turnTakingIndex * 100)}%, ` +
    `questions ${Math.round(c.questionRatio * 100)}% of what was said, ` +
    `${Math.round(c.openQuestionRate * 100)}% of them open.`
  );
}

function listOrNoneWithin(lines: readonly string[], none: string, maxItems: number): CardElement {
  if (lines.length === 0) return text(none, { isSubtle: true });
  const shown = lines.slice(0, maxItems).map((line) => `- ${line}`);
  if (lines.length > maxItems) shown.push(`- and ${lines.length - maxItems} more in the panel`);
  return text(shown.join('\n'));
}

function clipText(value: string, maxChars: number): string {
  const trimmed = value.trim();
  const cut = trimmed.length > maxChars ? `${trimmed.slice(0, maxChars - 1)}…` : trimmed;
  return escapeMarkdown(cut);
}

function findName(summary: SessionSummary, id: string): string | undefined {
  return summary.people.find((person) => person.id === id)?.displayName;
}
