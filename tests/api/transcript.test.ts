import { expect, it } from 'vitest';
import { formatTranscriptId, type TranscriptDocument } from '../../api/src/sessions/model.js';
import { describeOnBothStores, expectStatus, type Harness } from './support/api-harness.js';

// Transcript upload and the summary over real routes on both stores: the analysis is kept with
// the session, replaces the observer's taps in the summary, and keeps nothing an opted-out person
// said; oversized and unreadable files get clear 413 and 422 answers.

const TRIO = ['demo-ana', 'demo-ben', 'demo-cai'];

const VTT = `WEBVTT

00:00:01.000 --> 00:00:06.000
<v Ana>What would make today useful for you?</v>

00:00:06.500 --> 00:00:16.000
<v Ben>I want to practise giving feedback to my team, it is hard for me.</v>

00:00:16.500 --> 00:00:20.000
<v Cai>You should just tell them directly.</v>

00:00:20.500 --> 00:00:24.000
<v Ana>What have you tried so far?</v>
`;

interface SummaryBody {
  readonly airtimeSource: string;
  readonly people: readonly { id: string; status: string; airtime: { talkMs: number } | null }[];
}

async function openTrioSession(harness: Harness) {
  const circle = await harness.createCircle(TRIO);
  return harness.startSession(circle, TRIO);
}

function upload(harness: Harness, url: string, body: string, contentType = 'text/vtt') {
  return harness.request('demo-ana', 'POST', `${url}/transcript`, body, {
    'content-type': contentType,
  });
}

describeOnBothStores('transcript and summary', (harness) => {
  it('merges an uploaded transcript into the summary', async () => {
    const session = await openTrioSession(harness());
    const before = await harness().request('demo-cai', 'GET', `${session.url}/summary`);
    expectStatus(before, 200);
    expect(before.json<{ summary: SummaryBody }>().summary.airtimeSource).toBe('observer');

    const response = await upload(harness(), session.url, VTT);
    expectStatus(response, 200);
    const body = response.json<{
      session: { version: number; transcript: { utteranceCount: number } };
      summary: SummaryBody;
    }>();
    expect(body.session.version).toBe(session.version + 1);
    expect(body.session.transcript.utteranceCount).toBe(4);
    expect(body.summary.airtimeSource).toBe('transcript');
    const ben = body.summary.people.find((person) => person.id === 'demo-ben');
    expect(ben?.airtime?.talkMs).toBe(9_500);

    const after = await harness().request('demo-ben', 'GET', `${session.url}/summary`);
    expect(after.json<{ summary: SummaryBody }>().summary).toEqual(body.summary);
  });

  it('keeps nothing an opted-out person said, and leaves them out of the metrics', async () => {
    const session = await openTrioSession(harness());
    const optOut = await harness().request('demo-ben', 'POST', `${session.url}/commands`, {
      commandId: 'ben-opts-out',
      expectedVersion: session.version,
      command: { type: 'opt-out-tracking', optedOut: true },
    });
    expectStatus(optOut, 200);
    const response = await upload(harness(), session.url, VTT, 'text/plain; charset=utf-8');
    expectStatus(response, 200);
    const ben = response
      .json<{ summary: SummaryBody }>()
      .summary.people.find((p) => p.id === 'demo-ben');
    expect(ben).toMatchObject({ status: 'opted-out', airtime: null });

    const stored = await harness().store.read<TranscriptDocument>(
      'circles',
      session.circleId,
      formatTranscriptId(session.sessionId),
    );
    const texts = stored?.analysis.utterances.map((u) => [u.speaker, u.text]);
    expect(texts).toContainEqual(['Ben', '']);
    expect(JSON.stringify(stored)).not.toContain('giving feedback');
    expect(texts).toContainEqual(['Ana', 'What would make today useful for you?']);
  });

  it('refuses an oversized transcript with 413 and an unreadable one with 422', async () => {
    const session = await openTrioSession(harness());
    const huge = `WEBVTT\n\n${'x'.repeat(5 * 1024 * 1024)}`;
    const tooLarge = await upload(harness(), session.url, huge);
    expectStatus(tooLarge, 413);
    expect(tooLarge.json<{ error: { message: string } }>().error.message).toMatch(/at most 5 MB/);

    const srt = '1\n00:00:01,000 --> 00:00:03,000\nThis is SubRip, not WebVTT.\n';
    const unreadable = await upload(harness(), session.url, srt);
    expectStatus(unreadable, 422);
    expect(unreadable.json<{ error: { details: { line: number } } }>().error.details.line).toBe(1);

    const cue = '00:00:01.000 --> 00:00:02.000\n<v Ana>Hi.</v>\n\n';
    const tooManyCues = await upload(harness(), session.url, `WEBVTT\n\n${cue.repeat(20_001)}`);
    expectStatus(tooManyCues, 422);
    expect(tooManyCues.json<{ error: { message: string } }>().error.message).toMatch(/20001 cues/);

    const asJson = await harness().request('demo-ana', 'POST', `${session.url}/transcript`, {
      vtt: VTT,
    });
    expectStatus(asJson, 415);
    const unknown = await upload(harness(), `/api/circles/${session.circleId}/sessions/none`, VTT);
    expectStatus(unknown, 404);
  });
});
