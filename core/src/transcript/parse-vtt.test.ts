import { describe, expect, it } from 'vitest';
import type { ParseVttResult, TranscriptCue } from './model.js';
import { parseVtt, parseVttInSteps } from './parse-vtt.js';

function cuesOf(result: ParseVttResult): readonly TranscriptCue[] {
  if (!result.ok)
    throw new Error(`expected a parse, got line ${result.error.line}: ${result.error.message}`);
  return result.cues;
}

function errorOf(result: ParseVttResult): { line: number; message: string } {
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

const teamsFile = [
  '\uFEFFWEBVTT Meeting transcript',
  '',
  'NOTE Teams adds a note',
  'over two lines',
  '',
  'STYLE',
  '::cue { color: white }',
  '',
  'REGION',
  'id:fred width:40%',
  '',
  '6b1e1f2a-0c3d-4e5f-8a9b-0c1d2e3f4a5b/12-0',
  '00:00:04.000 --> 00:00:09.500 align:start position:10%',
  '<v Alice Smith>One idea for next time: start with the ask',
  'and then listen.</v>',
  '',
  '6b1e1f2a-0c3d-4e5f-8a9b-0c1d2e3f4a5b/11-0',
  '00:00:00.500 --> 00:00:03.250',
  '<v.loud Bob Lee>Q&amp;A first &lt;please&gt;,&nbsp;<i>then</i> <c.yellow>notes</c>.</v>',
].join('\r\n');

describe('parseVtt: Teams', () => {
  it('reads voice spans, ids and entities and skips BOM, CRLF, NOTE, STYLE and REGION', () => {
    const result = parseVtt(teamsFile);
    expect(result.ok && result.format).toBe('teams');
    expect(cuesOf(result)).toEqual([
      {
        startMs: 500,
        endMs: 3_250,
        speaker: 'Bob Lee',
        text: 'Q&A first <please>, then notes.',
        id: '6b1e1f2a-0c3d-4e5f-8a9b-0c1d2e3f4a5b/11-0',
      },
      {
        startMs: 4_000,
        endMs: 9_500,
        // A colon inside a voice span is speech, never a Zoom-style speaker.
        speaker: 'Alice Smith',
        text: 'One idea for next time: start with the ask and then listen.',
        id: '6b1e1f2a-0c3d-4e5f-8a9b-0c1d2e3f4a5b/12-0',
      },
    ]);
  });

  it('reads lone CR line ends like CRLF', () => {
    expect(parseVtt(teamsFile.replaceAll('\r\n', '\r'))).toEqual(parseVtt(teamsFile));
    expect(parseVtt(teamsFile.replaceAll('\r\n', '\n'))).toEqual(parseVtt(teamsFile));
  });

  it('splits several voices in one cue into utterances sharing its timing', () => {
    const cues = cuesOf(
      parseVtt(
        'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Zoe>Ready?</v>\n<v Adam>Yes.</v> <v Adam>Go.</v>\n',
      ),
    );
    expect(cues).toEqual([
      { startMs: 1_000, endMs: 3_000, speaker: 'Adam', text: 'Yes. Go.' },
      { startMs: 1_000, endMs: 3_000, speaker: 'Zoe', text: 'Ready?' },
    ]);
  });

  it('reads an unclosed voice tag to the end of the cue', () => {
    const cues = cuesOf(
      parseVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>first line\nsecond line\n'),
    );
    expect(cues).toEqual([
      { startMs: 1_000, endMs: 2_000, speaker: 'Ann', text: 'first line second line' },
    ]);
  });

  it('strips karaoke timestamps and unknown tags, keeps a literal "<"', () => {
    const cues = cuesOf(
      parseVtt(
        'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann><lang en>a <00:00:01.500>b</lang> < c <b>d</b> &#39;e&#x27; &bogus;</v>\n',
      ),
    );
    expect(cues.map((cue) => cue.text)).toEqual(["a b < c d 'e' &bogus;"]);
  });

  it('keeps text outside any voice span as nobody’s', () => {
    const cues = cuesOf(
      parseVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hi</v> [laughter]\n'),
    );
    expect(cues.map((cue) => [cue.speaker, cue.text])).toEqual([
      [null, '[laughter]'],
      ['Ann', 'Hi'],
    ]);
  });

  it('keeps a cue with a speaker and no words as a span with empty text', () => {
    const cues = cuesOf(parseVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann></v>\n'));
    expect(cues).toEqual([{ startMs: 1_000, endMs: 2_000, speaker: 'Ann', text: '' }]);
  });

  it('reads a cue right after the header and a cue with no blank line before it', () => {
    const result = parseVtt(
      'WEBVTT\n00:00:01.000 --> 00:00:02.000\n<v A>one</v>\n00:00:02.000 --> 00:00:03.000\n<v B>two</v>',
    );
    expect(cuesOf(result).map((cue) => [cue.speaker, cue.startMs])).toEqual([
      ['A', 1_000],
      ['B', 2_000],
    ]);
  });
});

describe('parseVtt: Graph', () => {
  it('reads unpadded timestamps and calls the file graph', () => {
    const result = parseVtt(
      'WEBVTT\n\n0:0:0.0 --> 0:0:5.32\n<v Adele Vance>This is a test.</v>\n\n0:0:5.32 --> 0:1:2.5\n<v Alex W>Agreed.</v>\n',
    );
    expect(result.ok && result.format).toBe('graph');
    expect(cuesOf(result)).toEqual([
      { startMs: 0, endMs: 5_320, speaker: 'Adele Vance', text: 'This is a test.' },
      // 0:1:2.5 = 60 000 + 2 000 + 500 ms
      { startMs: 5_320, endMs: 62_500, speaker: 'Alex W', text: 'Agreed.' },
    ]);
  });
});

describe('parseVtt: Zoom', () => {
  const zoomFile = [
    'WEBVTT',
    '',
    '1',
    '00:00:01.000 --> 00:00:04.000',
    'Priya Raman: Can I offer an idea: a short pause?',
    'It could help.',
    '',
    '2',
    '00:00:04.500 --> 00:00:06.000',
    'Tom: Sure.',
    '',
    '3',
    '00:00:06.000 --> 00:00:07.000',
    '(crosstalk)',
  ].join('\n');

  it('takes the speaker from "Name:" on the first line only, at the first colon', () => {
    const result = parseVtt(zoomFile);
    expect(result.ok && result.format).toBe('zoom');
    expect(cuesOf(result)).toEqual([
      {
        startMs: 1_000,
        endMs: 4_000,
        speaker: 'Priya Raman',
        text: 'Can I offer an idea: a short pause? It could help.',
        id: '1',
      },
      { startMs: 4_500, endMs: 6_000, speaker: 'Tom', text: 'Sure.', id: '2' },
      { startMs: 6_000, endMs: 7_000, speaker: null, text: '(crosstalk)', id: '3' },
    ]);
  });

  it('never reads "Name:" in a file with voice tags', () => {
    const result = parseVtt(
      `${zoomFile}\n\n4\n00:00:08.000 --> 00:00:09.000\n<v Tom>Thanks.</v>\n`,
    );
    expect(result.ok && result.format).toBe('teams');
    expect(cuesOf(result)[0]).toMatchObject({
      speaker: null,
      text: 'Priya Raman: Can I offer an idea: a short pause? It could help.',
    });
  });
});

describe('parseVtt: plain WebVTT', () => {
  it('reads mm:ss.ttt timestamps and cues with no speaker', () => {
    const result = parseVtt(
      'WEBVTT\n\n00:01.000 --> 00:02.500\nHello there.\n\n00:03.000 --> 00:04.000\nNote: a time like 10:30 is not a name.\n\n00:05.000 --> 00:06.000\nBye.\n',
    );
    // One cue in three opens with "Note:": under half, so no speaker is invented.
    expect(result.ok && result.format).toBe('webvtt');
    expect(cuesOf(result).map((cue) => cue.speaker)).toEqual([null, null, null]);
    expect(cuesOf(result)[0]).toEqual({
      startMs: 1_000,
      endMs: 2_500,
      speaker: null,
      text: 'Hello there.',
    });
  });

  it('sorts cues by start, end, speaker and text, whatever the file order', () => {
    const cues = cuesOf(
      parseVtt(
        'WEBVTT\n\n00:00:05.000 --> 00:00:06.000\n<v B>late</v>\n\n00:00:01.000 --> 00:00:03.000\n<v B>b</v>\n\n00:00:01.000 --> 00:00:02.000\n<v C>c</v>\n\n00:00:01.000 --> 00:00:02.000\n<v A>a</v>\n',
      ),
    );
    expect(cues.map((cue) => cue.text)).toEqual(['a', 'c', 'b', 'late']);
  });

  it('reads an empty file body as no cues', () => {
    expect(parseVtt('WEBVTT\n')).toEqual({ ok: true, format: 'webvtt', cues: [] });
  });
});

describe('parseVtt: errors name the line', () => {
  it.each([
    ['', 1, 'not a WebVTT file'],
    ['1\n00:00:01.000 --> 00:00:02.000\nhi', 1, 'not a WebVTT file'],
    ['WEBVTTX\n', 1, 'not a WebVTT file'],
    ['\n\nWEBVTT', 1, 'not a WebVTT file'],
    ['WEBVTT\n\n1\n00:0x:01.000 --> 00:00:02.000\nhi', 4, 'broken timestamp "00:0x:01.000"'],
    ['WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.0z0\r\nhi', 3, 'broken timestamp "00:00:02.0z0"'],
    ['WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nhi', 3, 'cue ends before it starts'],
    ['WEBVTT\n\n00:00:05.000 -->\nhi', 3, 'missing end time'],
    ['WEBVTT\n\n --> 00:00:05.000\nhi', 3, 'missing start time'],
    ['WEBVTT\n\nhello\n\n', 3, 'expected a cue timing line'],
    [
      'WEBVTT\n\n7\n00:00:01.000 - 00:00:02.000\nhi',
      4,
      'expected a cue timing line after the cue id "7"',
    ],
    [
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:00:03.000 -> 00:00:04.000\nbad',
      6,
      'expected a cue timing line',
    ],
  ])('%j fails at line %d', (text, line, message) => {
    const error = errorOf(parseVtt(text));
    expect(error.line).toBe(line);
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('\n');
  });
});

describe('parseVttInSteps', () => {
  it('yields progress in bounded steps and returns what parseVtt returns', () => {
    const blocks = Array.from(
      { length: 3_000 },
      (_, i) =>
        `${i}\n00:00:${String(i % 60).padStart(2, '0')}.000 --> 00:01:00.000\n<v P${i % 4}>word ${i}</v>`,
    );
    const text = `WEBVTT\n\n${blocks.join('\n\n')}\n`;
    const steps = parseVttInSteps(text);
    const phases: string[] = [];
    let step = steps.next();
    while (step.done !== true) {
      phases.push(step.value.phase);
      step = steps.next();
    }
    // 12 002 lines → a step after every 1 000 lines read (lines 1 001 … 12 001: 12 steps);
    // 3 000 cues → a step before every 250 cues (0 … 2 750: 12 steps) and one before sorting.
    expect(phases.filter((phase) => phase === 'parse')).toHaveLength(12);
    expect(phases.filter((phase) => phase === 'read')).toHaveLength(13);
    expect(step.value).toEqual(parseVtt(text));
    expect(cuesOf(step.value)).toHaveLength(3_000);
  });

  it('stays linear on hostile text: many "<" with no ">" and long runs of entities', () => {
    const hostile = `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>${'<a'.repeat(300_000)}${'&amp'.repeat(100_000)}\n`;
    const cues = cuesOf(parseVtt(hostile));
    expect(cues[0]?.speaker).toBe('A');
    expect(cues[0]?.text.length).toBe(1_000_000);
  });
});
