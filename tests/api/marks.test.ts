import { expect, it } from 'vitest';
import { formatMarkChunkId } from '../../api/src/sessions/model.js';
import { describeOnBothStores, expectStatus, type Harness } from './support/api-harness.js';

// Marks over real routes on both stores: one chunk per batch, stored once however often it is
// sent, authorised per mark, and acknowledged only once written.

const TRIO = ['demo-ana', 'demo-ben', 'demo-cai'];

interface Participants {
  readonly session: {
    readonly version: number;
    readonly state: { readonly participants: Record<string, { role: string | null }> };
  };
}

async function openTrioSession(harness: Harness) {
  const circle = await harness.createCircle(TRIO);
  const session = await harness.startSession(circle, TRIO);
  const body = (await harness.request('demo-ana', 'GET', session.url)).json<Participants>();
  const byRole = (role: string) => {
    const entry = Object.entries(body.session.state.participants).find(([, p]) => p.role === role);
    if (entry === undefined) throw new Error(`nobody is ${role}`);
    return entry[0];
  };
  return {
    ...session,
    version: body.session.version,
    observer: byRole('observer'),
    coach: byRole('coach'),
    coachee: byRole('coachee'),
  };
}

function speech(id: string, atMs: number, speaker: string | null, source = 'observer') {
  return { kind: 'speech', id, atMs, source, speaker };
}

describeOnBothStores('marks', (harness) => {
  it('stores a batch sent three times once', async () => {
    const session = await openTrioSession(harness());
    const batch = {
      batchId: 'batch-1',
      marks: [
        speech('m1', 1_000, session.coach),
        speech('m2', 5_000, session.coachee),
        speech('m3', 9_000, null),
      ],
    };
    const responses = [];
    for (let i = 0; i < 3; i += 1) {
      responses.push(
        await harness().request(session.observer, 'POST', `${session.url}/marks`, batch),
      );
    }
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(responses.map((r) => r.json())).toEqual([
      { stored: 3, duplicates: 0, ignored: 0 },
      { stored: 0, duplicates: 3, ignored: 0 },
      { stored: 0, duplicates: 3, ignored: 0 },
    ]);
    const page = await harness().store.query<{ marks: unknown[] }>('circles', session.circleId, {
      where: { type: 'marks', sessionId: session.sessionId },
    });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.id).toBe(formatMarkChunkId(session.sessionId, 'batch-1'));
    expect(page.items[0]?.marks).toHaveLength(3);
  });

  it('stores one batch once when its copies race', async () => {
    const session = await openTrioSession(harness());
    const batch = { batchId: 'racing', marks: [speech('r1', 1_000, session.coach)] };
    const responses = await Promise.all(
      [1, 2, 3].map(() =>
        harness().request(session.observer, 'POST', `${session.url}/marks`, batch),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(responses.map((r) => r.json<{ stored: number }>().stored).sort()).toEqual([0, 0, 1]);
  });

  it('drops marks whose ids an earlier batch stored, and keeps the new ones', async () => {
    const session = await openTrioSession(harness());
    const url = `${session.url}/marks`;
    await harness().request(session.observer, 'POST', url, {
      batchId: 'a',
      marks: [speech('x1', 1, session.coach)],
    });
    const second = await harness().request(session.observer, 'POST', url, {
      batchId: 'b',
      marks: [
        speech('x1', 1, session.coach),
        speech('x2', 2, session.coachee),
        speech('x2', 2, session.coachee),
      ],
    });
    expect(second.json()).toEqual({ stored: 1, duplicates: 2, ignored: 0 });
    const summary = await harness().request('demo-ben', 'GET', `${session.url}/summary`);
    expectStatus(summary, 200);
    expect(summary.json<{ summary: { airtimeSource: string } }>().summary.airtimeSource).toBe(
      'observer',
    );
  });

  it('refuses a mark the caller may not record with 403, and keeps automatic signals’ source', async () => {
    const session = await openTrioSession(harness());
    const url = `${session.url}/marks`;
    const byCoach = await harness().request(session.coach, 'POST', url, {
      batchId: 'coach-taps',
      marks: [speech('c1', 1, session.coachee)],
    });
    expectStatus(byCoach, 403);
    expect(byCoach.json<{ error: { details: { field: string } } }>().error.details.field).toBe(
      'body.marks.0',
    );

    const selfSpeaking = await harness().request(session.coach, 'POST', url, {
      batchId: 'coach-self',
      marks: [
        speech('s1', 1, session.coach, 'self-speaking'),
        speech('s2', 2, null, 'self-speaking'),
      ],
    });
    expect(selfSpeaking.json()).toEqual({ stored: 2, duplicates: 0, ignored: 0 });
    const forOthers = await harness().request(session.coach, 'POST', url, {
      batchId: 'coach-self-other',
      marks: [speech('s3', 3, session.coachee, 'self-speaking')],
    });
    expectStatus(forOthers, 403);

    const [chunk] = (
      await harness().store.query<{ marks: { source: string; by: string }[] }>(
        'circles',
        session.circleId,
        {
          where: { type: 'marks', sessionId: session.sessionId },
        },
      )
    ).items;
    expect(chunk?.marks.map((m) => [m.source, m.by])).toEqual([
      ['self-speaking', session.coach],
      ['self-speaking', session.coach],
    ]);
  });

  it('lets only the author undo a mark', async () => {
    const session = await openTrioSession(harness());
    const url = `${session.url}/marks`;
    await harness().request(session.observer, 'POST', url, {
      batchId: 'o',
      marks: [speech('o1', 1, session.coach)],
    });
    const byOther = await harness().request(session.coach, 'POST', url, {
      batchId: 'undo-other',
      marks: [{ kind: 'undo', id: 'u1', atMs: 2, targetId: 'o1' }],
    });
    expectStatus(byOther, 403);
    const byAuthor = await harness().request(session.observer, 'POST', url, {
      batchId: 'undo-own',
      marks: [{ kind: 'undo', id: 'u2', atMs: 2, targetId: 'o1' }],
    });
    expect(byAuthor.json()).toEqual({ stored: 1, duplicates: 0, ignored: 0 });
  });

  it('accepts and drops marks about someone who opted out of tracking', async () => {
    const session = await openTrioSession(harness());
    const optOut = await harness().request(session.coachee, 'POST', `${session.url}/commands`, {
      commandId: 'opt-out',
      expectedVersion: session.version,
      command: { type: 'opt-out-tracking', optedOut: true },
    });
    expectStatus(optOut, 200);
    const response = await harness().request(session.observer, 'POST', `${session.url}/marks`, {
      batchId: 'with-opted-out',
      marks: [
        speech('p1', 1, session.coachee),
        { kind: 'tag', id: 'p2', atMs: 2, speaker: session.coachee, tag: 'advice', stageId: null },
        speech('p3', 3, session.coach),
      ],
    });
    expect(response.json()).toEqual({ stored: 1, duplicates: 0, ignored: 2 });
  });

  it('names the field of an invalid mark in a 400, and 404s an unknown session', async () => {
    const session = await openTrioSession(harness());
    const url = `${session.url}/marks`;
    const cases: [unknown, string][] = [
      [{ marks: [speech('a', 1, null)] }, 'body.batchId'],
      [{ batchId: 'b', marks: [] }, 'body.marks'],
      [
        { batchId: 'b', marks: [{ ...speech('a', 1, null), source: 'telepathy' }] },
        'body.marks.0.source',
      ],
      [
        {
          batchId: 'b',
          marks: [speech('a', 1, null), { kind: 'speech', id: 'b', atMs: 2, speaker: null }],
        },
        'body.marks.1.source',
      ],
      [
        { batchId: 'b', marks: [{ kind: 'tag', id: 'a', atMs: 1, speaker: session.coach }] },
        'body.marks.0.tag',
      ],
      [{ batchId: 'b', marks: [{ ...speech('a', -1, null) }] }, 'body.marks.0.atMs'],
      [
        { batchId: 'b', marks: Array.from({ length: 501 }, (_, i) => speech(`m${i}`, i, null)) },
        'body.marks',
      ],
    ];
    for (const [body, field] of cases) {
      const response = await harness().request(session.observer, 'POST', url, body);
      expectStatus(response, 400);
      expect(response.json<{ error: { details: { field: string } } }>().error.details.field).toBe(
        field,
      );
    }
    const unknown = await harness().request(
      session.observer,
      'POST',
      `/api/circles/${session.circleId}/sessions/none/marks`,
      {
        batchId: 'b',
        marks: [speech('a', 1, null)],
      },
    );
    expectStatus(unknown, 404);
  });
});
