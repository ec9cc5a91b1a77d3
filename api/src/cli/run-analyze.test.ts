import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatClock } from './format-analysis.js';
import { EXIT_BAD_INPUT, EXIT_OK, runAnalyzeCli } from './run-analyze.js';

const dir = mkdtempSync(join(tmpdir(), 'analyze-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  writeFileSync(join(dir, name), content);
  return name;
}

const transcript = write(
  'talk.vtt',
  [
    'WEBVTT',
    '',
    '00:00:00.000 --> 00:01:05.400',
    '<v Ann>We need more synergy here.</v>',
    '',
    '00:01:05.400 --> 00:01:30.000',
    '<v Bo>What did you try first?</v>',
  ].join('\n'),
);

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runAnalyzeCli(args, {
    invocationDir: dir,
    writeOut: (text) => (out += text),
    writeErr: (text) => (err += text),
  });
  return { code, out, err };
}

describe('runAnalyzeCli', () => {
  it('prints the analysis as JSON and nothing else with --json', async () => {
    const { code, out, err } = await run(transcript, '--json');
    expect({ code, err }).toEqual({ code: EXIT_OK, err: '' });
    const analysis = JSON.parse(out) as { participants: { name: string; talkMs: number }[] };
    expect(analysis.participants.map((p) => [p.name, p.talkMs])).toEqual([
      ['Ann', 65_400],
      ['Bo', 24_600],
    ]);
  });

  it('prints a readable table without --json', async () => {
    const { code, out } = await run(transcript);
    expect(code).toBe(EXIT_OK);
    // Ann 65.4 s → 01:05, share 65 400 / 90 000 = 72.7 %; Bo 24.6 s → 00:25, 27.3 %.
    expect(out).toMatch(/^Ann\s+01:05\s+72\.7%\s+1\s+01:05\s+0\s+0\/0\/0$/m);
    expect(out).toMatch(/^Bo\s+00:25\s+27\.3%\s+1\s+00:25\s+0\s+\d\/\d\/\d$/m);
    expect(out).toContain('Gini 0.23');
    expect(out).toContain('Turn-taking index 1.00');
  });

  it('reads UTF-16 files with a BOM, as some Windows tools save them', async () => {
    const utf16 = write(
      'talk-utf16.vtt',
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Zoë>Hi.</v>\n', 'utf16le'),
      ]),
    );
    const { code, out } = await run(utf16, '--json');
    expect(code).toBe(EXIT_OK);
    expect(JSON.parse(out)).toMatchObject({ participants: [{ name: 'Zoë', talkMs: 2_000 }] });
  });

  it('tags one utterance per line with --utterances, skipping blank lines', async () => {
    const lines = write(
      'lines.txt',
      '\uFEFFHow did that feel?\r\n\r\n  \nThanks for being candid.  \n',
    );
    const { code, out } = await run('--utterances', lines, '--json');
    expect(code).toBe(EXIT_OK);
    const tagged = JSON.parse(out) as { text: string; tag: string; jargon: unknown[] }[];
    expect(tagged.map((t) => Object.keys(t))).toEqual([
      ['text', 'tag', 'jargon'],
      ['text', 'tag', 'jargon'],
    ]);
    expect(tagged.map((t) => t.text)).toEqual(['How did that feel?', 'Thanks for being candid.']);

    const readable = await run('--utterances', lines);
    expect(readable.out.trimEnd().split('\n')).toHaveLength(2);
    expect(readable.out).toContain(`${tagged[0]?.tag ?? ''}  How did that feel?`);
  });

  it('prints help', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(EXIT_OK);
    expect(out).toContain('Usage: npm run analyze -- <transcript.vtt>');
  });

  it.each([
    [['missing.vtt'], 'analyze: missing.vtt: no such file'],
    [['.'], 'analyze: .: is a directory, not a file'],
    [[], 'analyze: give a transcript file, or --utterances <file> (see --help)'],
    [['a.vtt', 'b.vtt'], 'analyze: give one transcript file, not 2 (see --help)'],
    [
      ['talk.vtt', '--utterances', 'x.txt'],
      'analyze: give a transcript file or --utterances <file>, not both (see --help)',
    ],
    [['talk.vtt', '--jsn'], 'analyze: unknown option --jsn (see --help)'],
    [['--utterances'], 'analyze: --utterances needs a value (see --help)'],
    [['--utterances', 'none.txt'], 'analyze: none.txt: no such file'],
    [['talk.vtt', '--glossary', 'none.json'], 'analyze: none.json: no such file'],
  ])('exits with 2 and one line for %j', async (args, message) => {
    const { code, out, err } = await run(...args);
    expect({ code, out, err }).toEqual({ code: EXIT_BAD_INPUT, out: '', err: `${message}\n` });
  });

  it('names the file and line of a broken transcript', async () => {
    const broken = write(
      'broken.vtt',
      'WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nok\n\n00:0x:01.000 --> 00:00:05.000\nno\n',
    );
    const { code, err } = await run(broken);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(err).toBe('analyze: broken.vtt:7: broken timestamp "00:0x:01.000"\n');
  });

  it('checks the glossary file', async () => {
    const notJson = write('bad.json', '[{ "term": ');
    const wrongShape = write('shape.json', '[{ "term": "synergy" }]');
    const good = write('good.json', '[{ "term": "synergy", "plain": "working together" }]');
    const badJson = await run(transcript, '--glossary', notJson);
    expect(badJson.code).toBe(EXIT_BAD_INPUT);
    expect(badJson.err).toMatch(/^analyze: bad\.json: not valid JSON \(.*\)\n$/);
    expect((await run(transcript, '--glossary', wrongShape)).err).toBe(
      'analyze: shape.json: expected a JSON list of { "term": "...", "plain": "..." }\n',
    );
    const { code, out } = await run(transcript, '--glossary', good, '--json');
    expect(code).toBe(EXIT_OK);
    const analysis = JSON.parse(out) as { utterances: { jargon: { plain: string }[] }[] };
    expect(analysis.utterances[0]?.jargon).toContainEqual(
      expect.objectContaining({ plain: 'working together' }),
    );
  });
});

describe('formatClock', () => {
  it.each([
    [0, '00:00'],
    [65_400, '01:05'],
    [59_600, '01:00'],
    [3_599_000, '59:59'],
    // 1 h 2 min 3 s
    [3_723_000, '1:02:03'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text);
  });
});
