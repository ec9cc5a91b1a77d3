import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LANGUAGE_TAGS } from '@grow-together/core';
import { describe, expect, it } from 'vitest';

// The real command, spawned the ways a person runs it: `npm run analyze` from the repo root, and
// tsx directly from another folder. Nothing is built first.

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = 'tests/fixtures/transcripts';
const tsx = `${root}node_modules/.bin/tsx`;
const cli = `${root}api/src/cli/analyze.ts`;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function spawn(command: string, args: readonly string[], cwd: string): Promise<Run> {
  // The test runner may itself run under npm: start from a clean INIT_CWD so the command's own
  // launcher decides it, as it does for a person at a terminal.
  const env = { ...process.env };
  delete env['INIT_CWD'];
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd, env }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

const runNpm = (...args: string[]): Promise<Run> => spawn('npm', ['run', ...args], root);
const runTsx = (cwd: string, ...args: string[]): Promise<Run> =>
  spawn(tsx, ['--conditions=source', cli, ...args], cwd);

function expectAnalysisShape(value: unknown): void {
  expect(Object.keys(value as object)).toEqual([
    'format',
    'durationMs',
    'silentMs',
    'unattributedMs',
    'participants',
    'session',
    'utterances',
  ]);
  const analysis = value as {
    participants: { tags: object; questions: object }[];
    session: object;
    utterances: object[];
  };
  for (const person of analysis.participants) {
    expect(Object.keys(person)).toEqual([
      'name',
      'talkMs',
      'share',
      'turns',
      'longestMonologueMs',
      'interruptions',
      'questions',
      'questionRatio',
      'tags',
    ]);
    expect(Object.keys(person.questions)).toEqual(['open', 'closed', 'leading']);
    expect(Object.keys(person.tags)).toEqual([...LANGUAGE_TAGS]);
  }
  expect(Object.keys(analysis.session)).toEqual([
    'gini',
    'balance',
    'turnTakingIndex',
    'questionRatio',
    'openQuestionRate',
  ]);
  for (const utterance of analysis.utterances) {
    expect(Object.keys(utterance)).toEqual([
      'speaker',
      'startMs',
      'endMs',
      'text',
      'tag',
      'jargon',
    ]);
  }
}

describe('npm run analyze, from the repo root', () => {
  it('prints only the JSON, exactly as the issue writes the command', async () => {
    // The project's .npmrc keeps npm's own banner off stdout, so no --silent is needed.
    const { code, stdout } = await runNpm('analyze', '--', `${fixtures}/teams.vtt`, '--json');
    expect(code).toBe(0);
    const analysis = JSON.parse(stdout) as { format: string; durationMs: number };
    expectAnalysisShape(analysis);
    expect(analysis).toMatchObject({ format: 'teams', durationMs: 44_000 });
  });

  it('prints the readable table', async () => {
    const { code, stdout } = await runNpm('analyze', '--', `${fixtures}/teams.vtt`);
    expect(code).toBe(0);
    // Alice: 11 000 ms → 00:11, 29.3 %, 3 turns, longest 00:05, 1 interruption.
    expect(stdout).toMatch(/^Alice Ng\s+00:11\s+29\.3%\s+3\s+00:05\s+1\s+\d+\/\d+\/\d+$/m);
    expect(stdout).toMatch(/^Carol Diaz\s+00:14\s+37\.3%\s+1\s+00:14\s+0\s+\d+\/\d+\/\d+$/m);
    expect(stdout).toContain('Gini 0.05');
    expect(stdout).toContain('normalised entropy 1.00');
    expect(stdout).toContain('Turn-taking index 0.71');
    expect(stdout).toMatch(/Jargon/);
  });

  it('exits with 2 and one line on stderr for a broken, a missing or a non-WebVTT file', async () => {
    for (const [file, message] of [
      ['broken-timestamp.vtt', 'broken-timestamp.vtt:7: broken timestamp "00:0x:01.000"'],
      ['not-webvtt.vtt', 'not-webvtt.vtt:1: not a WebVTT file'],
      ['no-such-file.vtt', 'no-such-file.vtt: no such file'],
    ] as const) {
      const { code, stdout, stderr } = await runNpm('analyze', '--', `${fixtures}/${file}`);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toContain(`analyze: ${fixtures}/${message}`);
    }
  });

  it('tags one utterance per line with --utterances --json', async () => {
    const { code, stdout } = await runNpm(
      'analyze',
      '--',
      '--utterances',
      `${fixtures}/utterances.txt`,
      '--glossary',
      `${fixtures}/glossary.json`,
      '--json',
    );
    expect(code).toBe(0);
    const tagged = JSON.parse(stdout) as {
      text: string;
      tag: string;
      jargon: { plain: string }[];
    }[];
    expect(tagged.map((t) => t.text)).toEqual([
      'What did you try first?',
      'Did the client reply?',
      'We need more bandwidth to circle back on this.',
      'Thanks for being candid.',
    ]);
    for (const entry of tagged) {
      expect(Object.keys(entry)).toEqual(['text', 'tag', 'jargon']);
      expect(LANGUAGE_TAGS).toContain(entry.tag);
    }
    expect(tagged[2]?.jargon.map((hit) => hit.plain)).toEqual(
      expect.arrayContaining(['time', 'return to']),
    );
  });
});

describe('tsx api/src/cli/analyze.ts, run directly from another folder', () => {
  it('resolves paths from the working directory and prints pure JSON', async () => {
    const { code, stdout, stderr } = await runTsx(`${root}${fixtures}`, 'zoom.vtt', '--json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const analysis = JSON.parse(stdout) as { format: string; participants: { name: string }[] };
    expectAnalysisShape(analysis);
    expect(analysis.format).toBe('zoom');
    expect(analysis.participants.map((p) => p.name)).toEqual(['Priya Raman', 'Sam Ortiz']);
  });

  it('exits with 2 for an unknown option', async () => {
    const { code, stdout, stderr } = await runTsx(root, `${fixtures}/zoom.vtt`, '--verbose');
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'analyze: unknown option --verbose (see --help)\n',
    });
  });
});
