import type { ParticipantMetrics } from '../airtime/model.js';
import type { LanguageTag } from '../language/tags.js';
import type { Role } from '../roles/model.js';
import type { DurationMs, EpochMs, ParticipantId } from '../units.js';
import type { SessionSummary, SummaryPerson, SummaryStage } from './model.js';

// The summary as Markdown, for hosts where no bot posts the card (Zoom): the panel copies it or
// offers it as a .md download. Same content as the card, in the same order. Everything people
// typed is escaped, so a commitment such as "ship *v2* | maybe" cannot break a table or add markup.

const ROLE_NAMES: Record<Role, string> = {
  coach: 'Coach',
  coachee: 'Coachee',
  observer: 'Observer',
  challenger: 'Challenger',
  facilitator: 'Facilitator',
  member: 'Member',
};

const STATUS_NAMES: Record<SummaryStage['status'], string> = {
  done: 'done',
  skipped: 'skipped',
  'went-back': 'went back',
  'session-ended': 'ended early',
  'in-progress': 'in progress',
  'not-reached': 'not reached',
};

const TAG_NAMES: Record<LanguageTag, string> = {
  'open-question': 'open question',
  'closed-question': 'closed question',
  'leading-question': 'leading question',
  advice: 'advice',
  feedforward: 'feedforward',
  observation: 'observation',
  interpretation: 'interpretation',
  appreciation: 'appreciation',
  commitment: 'commitment',
  permission: 'permission',
  other: 'other',
};

export function renderSummaryMarkdown(summary: SessionSummary): string {
  const nameOf = nameLookup(summary.people);
  const sections = [
    renderHeading(summary),
    renderTimeline(summary.timeline),
    renderAirtime(summary),
    renderAlerts(summary, nameOf),
    renderList(
      'Commitments',
      summary.commitments.map((c) => {
        const due = c.dueDate === null ? '' : ` (by ${c.dueDate})`;
        const done = c.status === 'open' ? '' : ` [${c.status}]`;
        return `${escapeText(nameOf(c.owner))}: ${escapeText(c.text)}${due}${done}`;
      }),
    ),
    renderList(
      'Experiment',
      summary.experiments.map((e) => `${escapeText(nameOf(e.owner))}: ${escapeText(e.text)}`),
    ),
    renderList(
      'One sentence to remember',
      summary.sentencesToRemember.map(
        (s) => `${escapeText(nameOf(s.owner))}: “${escapeText(s.text)}”`,
      ),
    ),
    renderList(
      'Appreciations',
      summary.appreciations.map((a) => {
        const to = a.to === null ? 'the whole circle' : nameOf(a.to);
        return `${escapeText(nameOf(a.from))} to ${escapeText(to)}: ${escapeText(a.text)}`;
      }),
    ),
    renderNextRoles(summary, nameOf),
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

function renderHeading(summary: SessionSummary): string {
  const lines = [`# Session summary: ${escapeText(summary.frameworkName)}`];
  const when = describeWhen(summary.startedAtMs, summary.endedAtMs);
  if (when !== '') lines.push('', when);
  if (!summary.isFinal) lines.push('', '_Preview: the session was still running._');
  return lines.join('\n');
}

function describeWhen(startedAtMs: EpochMs | null, endedAtMs: EpochMs | null): string {
  if (startedAtMs === null) return '';
  const start = new Date(startedAtMs).toISOString();
  const day = start.slice(0, 10);
  const from = start.slice(11, 16);
  if (endedAtMs === null) return `${day}, from ${from} UTC`;
  const until = new Date(endedAtMs).toISOString().slice(11, 16);
  return `${day}, ${from}–${until} UTC (${formatDuration(endedAtMs - startedAtMs)})`;
}

function renderTimeline(timeline: readonly SummaryStage[]): string {
  if (timeline.length === 0) return '';
  const rows = timeline.map((stage) => {
    const actual = stage.status === 'not-reached' ? '–' : formatDuration(stage.actualMs);
    const overrun =
      stage.overrunMs === null || stage.overrunMs <= 0
        ? ''
        : ` (+${formatDuration(stage.overrunMs)})`;
    const runs = stage.runCount > 1 ? `, ${stage.runCount} visits` : '';
    return [
      escapeText(stage.name),
      formatDuration(stage.plannedMs),
      `${actual}${overrun}`,
      `${STATUS_NAMES[stage.status]}${runs}`,
    ];
  });
  return [
    '## Stages: planned and actual',
    '',
    ...renderTable(['Stage', 'Planned', 'Actual', 'Status'], rows),
  ].join('\n');
}

function renderAirtime(summary: SessionSummary): string {
  if (summary.people.length === 0) return '';
  const source =
    summary.airtimeSource === 'transcript'
      ? 'From the meeting transcript.'
      : 'From the observer’s taps.';
  const rows = summary.people.map((person) => [describePerson(person), ...describeAirtime(person)]);
  const balance = `Balance of airtime: ${formatPercent(summary.conversation.balance)} (100% is even).`;
  return [
    '## Airtime and language',
    '',
    `${source} ${balance}`,
    '',
    ...renderTable(
      ['Person', 'Share', 'Talk', 'Turns', 'Questions (open/closed/leading)', 'Most used'],
      rows,
    ),
  ].join('\n');
}

function describePerson(person: SummaryPerson): string {
  const role = person.role === null ? '' : `, ${ROLE_NAMES[person.role].toLowerCase()}`;
  const guest = person.isGuest ? ', guest' : '';
  return `${escapeText(person.displayName)}${role}${guest}`;
}

function describeAirtime(person: SummaryPerson): string[] {
  const airtime = person.airtime;
  if (person.status !== 'tracked' || airtime === null) {
    const status = person.status === 'opted-out' ? 'opted out' : person.status;
    return [status, '', '', '', ''];
  }
  const { open, closed, leading } = airtime.questions;
  return [
    formatPercent(airtime.share),
    formatDuration(airtime.talkMs),
    String(airtime.turns),
    `${open + closed + leading} (${open}/${closed}/${leading})`,
    describeTopTags(airtime),
  ];
}

function describeTopTags(airtime: ParticipantMetrics): string {
  const used = (Object.entries(airtime.tags) as [LanguageTag, number][])
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3);
  return used.map(([tag, count]) => `${TAG_NAMES[tag] ?? tag} ${count}`).join(', ');
}

function renderAlerts(summary: SessionSummary, nameOf: (id: ParticipantId) => string): string {
  return renderList(
    'Alerts',
    summary.alerts.map(
      (alert) =>
        `${escapeText(alert.stageName)}, ${escapeText(nameOf(alert.participant))}: ${escapeText(alert.message)}`,
    ),
  );
}

function renderNextRoles(summary: SessionSummary, nameOf: (id: ParticipantId) => string): string {
  if (summary.nextRoles === null) return '';
  const items = Object.entries(summary.nextRoles).map(
    ([id, role]) => `${escapeText(nameOf(id))}: ${ROLE_NAMES[role]}`,
  );
  return renderList('Next session’s roles', items);
}

function renderList(heading: string, items: readonly string[]): string {
  if (items.length === 0) return '';
  return [`## ${heading}`, '', ...items.map((item) => `- ${item}`)].join('\n');
}

function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}

function nameLookup(people: readonly SummaryPerson[]): (id: ParticipantId) => string {
  const names = new Map(people.map((person) => [person.id, person.displayName]));
  return (id) => names.get(id) ?? id;
}

/** Backslash-escapes Markdown's inline markup and table pipes; line breaks become spaces. */
function escapeText(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/([\\`*_[\]<>|#~!])/g, '\\$1');
}

/** "4 min", "1 min 05 s", "45 s": durations as a person reads them in a summary. */
function formatDuration(ms: DurationMs): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes === 0) return `${seconds} s`;
  if (seconds === 0) return `${minutes} min`;
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}
