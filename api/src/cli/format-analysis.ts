import type { JargonHit, TaggedText, TranscriptAnalysis } from '@grow-together/core';

// The readable forms of `npm run analyze`: a table per person, then the session's balance and the
// jargon found. --json prints the analysis itself instead.

const FORMAT_NAMES: Readonly<Record<TranscriptAnalysis['format'], string>> = {
  teams: 'Teams',
  graph: 'Microsoft Graph',
  zoom: 'Zoom',
  webvtt: 'WebVTT',
};

/** mm:ss, or h:mm:ss from an hour on; rounded to the second. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.round(ms / 1_000);
  const hours = Math.floor(totalSeconds / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** Rows of cells to aligned text: the first column to the left, the others to the right. */
function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, index) =>
        index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}

function collectJargon(
  analysis: TranscriptAnalysis,
): { term: string; plain: string; count: number }[] {
  const found = new Map<string, { term: string; plain: string; count: number }>();
  for (const { jargon } of analysis.utterances) {
    for (const { term, plain } of jargon) {
      const key = term.toLowerCase();
      const entry = found.get(key);
      if (entry === undefined) found.set(key, { term, plain, count: 1 });
      else entry.count += 1;
    }
  }
  return [...found.values()].sort((a, b) => b.count - a.count || (a.term < b.term ? -1 : 1));
}

export function formatAnalysis(analysis: TranscriptAnalysis): string {
  const people = analysis.participants.length;
  const lines = [
    `${FORMAT_NAMES[analysis.format]} transcript · ${formatClock(analysis.durationMs)} long · ` +
      `${people} ${people === 1 ? 'person' : 'people'} · ${analysis.utterances.length} utterances`,
    `Silent ${formatClock(analysis.silentMs)} · unattributed speech ${formatClock(analysis.unattributedMs)}`,
    '',
  ];

  if (people === 0) {
    lines.push('Nobody is named as a speaker in this transcript.');
  } else {
    const header = [
      'Person',
      'Talk',
      'Share',
      'Turns',
      'Longest',
      'Interrupts',
      'Questions open/closed/leading',
    ];
    const rows = analysis.participants.map((person) => [
      person.name,
      formatClock(person.talkMs),
      formatPercent(person.share),
      String(person.turns),
      formatClock(person.longestMonologueMs),
      String(person.interruptions),
      `${person.questions.open}/${person.questions.closed}/${person.questions.leading}`,
    ]);
    lines.push(...alignColumns([header, ...rows]));
  }

  const { session } = analysis;
  lines.push(
    '',
    `Balance: Gini ${session.gini.toFixed(2)} (0 = everyone equal) · ` +
      `normalised entropy ${session.balance.toFixed(2)} (1 = everyone equal)`,
    `Turn-taking index ${session.turnTakingIndex.toFixed(2)} (1 = the speaker changes every time) · ` +
      `questions ${formatPercent(session.questionRatio)} of utterances, ` +
      `${formatPercent(session.openQuestionRate)} of them open`,
    '',
  );

  const jargon = collectJargon(analysis);
  if (jargon.length === 0) {
    lines.push('Jargon: none found.');
  } else {
    lines.push('Jargon found (term → plain words):');
    for (const { term, plain, count } of jargon) {
      lines.push(`  ${term} → ${plain}${count > 1 ? `  (${count} times)` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function formatJargon(jargon: readonly JargonHit[]): string {
  return jargon.map(({ term, plain }) => `${term} → ${plain}`).join(', ');
}

export function formatTaggedTexts(tagged: readonly TaggedText[]): string {
  if (tagged.length === 0) return 'No utterances: every line is blank.\n';
  const rows = tagged.map(({ text, tag, jargon }) => {
    const flags = jargon.length === 0 ? '' : `   [jargon: ${formatJargon(jargon)}]`;
    return [tag, `${text}${flags}`];
  });
  // Only the tag column is padded; the text runs on.
  const width = Math.max(...rows.map(([tag]) => (tag ?? '').length));
  return `${rows.map(([tag, rest]) => `${(tag ?? '').padEnd(width)}  ${rest ?? ''}`).join('\n')}\n`;
}
