import { describe, expect, it } from 'vitest';
import type { LanguageTag } from '../language/tags.js';
import { foldMarks } from './fold-marks.js';
import type { Mark, MarkSource, SpeechMark, TagMark, UndoMark } from './model.js';

const tap = (id: string, atMs: number, speaker: string | null, by = 'obs'): SpeechMark => ({
  kind: 'speech',
  id,
  atMs,
  by,
  source: 'observer',
  speaker,
});

const signal = (
  source: MarkSource,
  id: string,
  atMs: number,
  by: string,
  speaker: string | null,
): SpeechMark => ({ kind: 'speech', id, atMs, by, source, speaker });

const tag = (id: string, atMs: number, speaker: string, name: LanguageTag): TagMark => ({
  kind: 'tag',
  id,
  atMs,
  by: 'obs',
  speaker,
  tag: name,
  stageId: null,
});

const undo = (id: string, atMs: number, targetId: string): UndoMark => ({
  kind: 'undo',
  id,
  atMs,
  by: 'obs',
  targetId,
});

const fold = (marks: Mark[], untilMs = 100, optedOut: string[] = []) =>
  foldMarks(marks, { optedOut, untilMs });

describe('foldMarks, one observer', () => {
  it('turns taps into spans, closing the previous speaker and the open one at untilMs', () => {
    const ledger = fold([
      tap('1', 0, 'ana'),
      tap('2', 10, 'ben'),
      tap('3', 15, null),
      tap('4', 20, 'ana'),
    ]);
    expect(ledger.spans).toEqual([
      { participant: 'ana', startMs: 0, endMs: 10 },
      { participant: 'ben', startMs: 10, endMs: 15 },
      { participant: 'ana', startMs: 20, endMs: 100 },
    ]);
    expect(ledger.speakingNow).toEqual(['ana']);
    expect(ledger.openStreams).toEqual([
      { source: 'observer', by: 'obs', speaker: 'ana', sinceMs: 20 },
    ]);
  });

  it('keeps one span when the same speaker is tapped again', () => {
    const ledger = fold([tap('1', 0, 'ana'), tap('2', 10, 'ana'), tap('3', 30, null)]);
    expect(ledger.spans).toEqual([{ participant: 'ana', startMs: 0, endMs: 30 }]);
    expect(ledger.speakingNow).toEqual([]);
  });

  it('drops a zero-length span and breaks a tie in time by mark id', () => {
    const ledger = fold([tap('b', 5, 'ben'), tap('a', 5, 'ana'), tap('c', 9, null)]);
    // 'a' (ana) comes first at 5 and is closed at once by 'b' (ben).
    expect(ledger.spans).toEqual([{ participant: 'ben', startMs: 5, endMs: 9 }]);
  });

  it('ignores marks after untilMs', () => {
    const ledger = fold([tap('1', 0, 'ana'), tap('2', 150, 'ben')]);
    expect(ledger.spans).toEqual([{ participant: 'ana', startMs: 0, endMs: 100 }]);
    expect(ledger.speakingNow).toEqual(['ana']);
  });

  it('cuts speech off at fromMs and drops tags before it', () => {
    const ledger = foldMarks(
      [tap('1', 0, 'ana'), tag('t', 5, 'ana', 'advice'), tap('2', 50, null)],
      {
        optedOut: [],
        fromMs: 20,
        untilMs: 100,
      },
    );
    expect(ledger.spans).toEqual([{ participant: 'ana', startMs: 20, endMs: 50 }]);
    expect(ledger.utterances).toEqual([]);
  });
});

describe('foldMarks, several streams', () => {
  it('closes every stream on a silence signal', () => {
    const ledger = fold([
      tap('1', 0, 'ana'),
      signal('self-speaking', '2', 5, 'ben', 'ben'),
      signal('silence-signal', '3', 8, 'cy', null),
    ]);
    expect(ledger.spans).toEqual([
      { participant: 'ana', startMs: 0, endMs: 8 },
      { participant: 'ben', startMs: 5, endMs: 8 },
    ]);
    expect(ledger.speakingNow).toEqual([]);
  });

  it('lets two streams hear two people at once', () => {
    const ledger = fold([
      signal('self-speaking', '1', 0, 'ana', 'ana'),
      signal('self-speaking', '2', 5, 'ben', 'ben'),
      signal('self-speaking', '3', 20, 'ana', null),
    ]);
    expect(ledger.spans).toEqual([
      { participant: 'ana', startMs: 0, endMs: 20 },
      { participant: 'ben', startMs: 5, endMs: 100 },
    ]);
    expect(ledger.speakingNow).toEqual(['ben']);
  });

  it('ignores a self-speaking mark that names someone other than its sender', () => {
    const ledger = fold([signal('self-speaking', '1', 0, 'ana', 'ben')]);
    expect(ledger.spans).toEqual([]);
  });

  it('joins one person heard by two sources into one span, so no turn is added', () => {
    const ledger = fold([
      tap('1', 0, 'ana'),
      tap('2', 10, null),
      signal('host-active-speaker', '3', 5, 'host', 'ana'),
      signal('host-active-speaker', '4', 15, 'host', null),
    ]);
    expect(ledger.spans).toEqual([{ participant: 'ana', startMs: 0, endMs: 15 }]);
  });

  it('keeps the source of an open stream for the live panel', () => {
    const ledger = fold([signal('host-active-speaker', '1', 5, 'host', 'ben'), tap('2', 7, 'ana')]);
    expect(ledger.openStreams).toEqual([
      { source: 'host-active-speaker', by: 'host', speaker: 'ben', sinceMs: 5 },
      { source: 'observer', by: 'obs', speaker: 'ana', sinceMs: 7 },
    ]);
    expect(ledger.speakingNow).toEqual(['ana', 'ben']);
  });
});

describe('foldMarks, opting out', () => {
  it('never gives an opted-out person a span or an utterance, and closes whoever spoke before', () => {
    const ledger = fold(
      [
        tap('1', 0, 'ana'),
        tap('2', 10, 'olu'),
        tag('t1', 12, 'olu', 'open-question'),
        signal('self-speaking', '3', 14, 'olu', 'olu'),
        tap('4', 20, 'ana'),
        tap('5', 30, 'olu'),
      ],
      100,
      ['olu'],
    );
    expect(ledger.spans).toEqual([
      { participant: 'ana', startMs: 0, endMs: 10 },
      { participant: 'ana', startMs: 20, endMs: 30 },
    ]);
    expect(ledger.utterances).toEqual([]);
    expect(ledger.speakingNow).toEqual([]);
  });
});

describe('foldMarks, duplicates and undo', () => {
  it('counts a retried mark once', () => {
    const marks = [tap('1', 0, 'ana'), tap('2', 10, null), tag('t', 5, 'ana', 'advice')];
    expect(fold([...marks, ...marks, marks[0] as Mark])).toEqual(fold(marks));
  });

  it('keeps the first of two marks that share an id', () => {
    const ledger = fold([tap('1', 0, 'ana'), tap('1', 0, 'ben'), tap('2', 10, null)]);
    expect(ledger.spans).toEqual([{ participant: 'ana', startMs: 0, endMs: 10 }]);
  });

  it('recomputes the stream without an undone tap', () => {
    const ledger = fold([
      tap('1', 0, 'ana'),
      tap('2', 10, 'ben'),
      tap('3', 15, null),
      undo('u', 11, '2'),
    ]);
    expect(ledger.spans).toEqual([{ participant: 'ana', startMs: 0, endMs: 15 }]);
  });

  it('removes an undone tag', () => {
    const ledger = fold([
      tag('t1', 1, 'ana', 'advice'),
      tag('t2', 2, 'ana', 'open-question'),
      undo('u', 3, 't1'),
    ]);
    expect(ledger.utterances).toEqual([
      { participant: 'ana', atMs: 2, tag: 'open-question', key: 't2' },
    ]);
  });

  it('treats undo as final: undoing an undo restores nothing', () => {
    const ledger = fold([
      tap('1', 0, 'ana'),
      tap('2', 10, 'ben'),
      undo('u1', 11, '2'),
      undo('u2', 12, 'u1'),
    ]);
    expect(ledger.spans).toEqual([{ participant: 'ana', startMs: 0, endMs: 100 }]);
  });

  it('ignores an undo of an id it never saw, and applies an undo whatever its time', () => {
    const ledger = fold([tap('1', 0, 'ana'), undo('u1', 5, 'nope'), undo('u2', 500, '1')]);
    expect(ledger.spans).toEqual([]);
  });
});

describe('foldMarks, tags', () => {
  it('turns tag marks into utterances keyed by mark id, in METRICS.md order', () => {
    const ledger = fold([
      tag('z', 9, 'ben', 'advice'),
      tag('y', 3, 'cy', 'observation'),
      tag('x', 3, 'ana', 'open-question'),
      tag('late', 300, 'ana', 'advice'),
    ]);
    expect(ledger.utterances).toEqual([
      { participant: 'ana', atMs: 3, tag: 'open-question', key: 'x' },
      { participant: 'cy', atMs: 3, tag: 'observation', key: 'y' },
      { participant: 'ben', atMs: 9, tag: 'advice', key: 'z' },
    ]);
  });
});
