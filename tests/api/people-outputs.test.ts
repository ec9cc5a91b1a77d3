// Session outputs over the real server, on both stores: the shared note's versions, commitments
// closed only by their owner and only with evidence, the cross-session "open commitments" view,
// members-only access, and 400s that name the field.
import {
  BUILT_IN_FRAMEWORKS,
  buildSummary,
  createSession,
  type SessionOutputs,
} from '@grow-together/core';
import { describe, expect, it } from 'vitest';
import { describeOnBothStores, newId } from './people-harness.js';

describeOnBothStores('session outputs', (harness) => {
  const base = (circleId: string, sessionId: string) =>
    `/api/circles/${circleId}/sessions/${sessionId}`;

  describe('commitments', () => {
    it('are closed only by their owner, and only with evidence', async () => {
      const h = harness();
      const circleId = await h.seedCircle(['demo-ana', 'demo-ben']);
      const sessionId = await h.seedSession(circleId);
      const id = newId();
      const created = await h.request(
        'demo-ben',
        'POST',
        `${base(circleId, sessionId)}/commitments`,
        {
          id,
          owner: 'demo-ana',
          text: 'Ask one open question before giving any advice',
          dueDate: '2026-03-13',
        },
      );
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ id, owner: 'demo-ana', status: 'open', sessionId });

      const url = `${base(circleId, sessionId)}/commitments/${id}`;
      const byRecorder = await h.request('demo-ben', 'PATCH', url, {
        status: 'done',
        evidence: 'x',
      });
      expect(byRecorder.statusCode).toBe(403);
      expect(byRecorder.json().error.code).toBe('FORBIDDEN');

      const noEvidence = await h.request('demo-ana', 'PATCH', url, { status: 'done' });
      expect(noEvidence.statusCode).toBe(400);
      expect(noEvidence.json().error.details.field).toBe('body.evidence');

      const blankEvidence = await h.request('demo-ana', 'PATCH', url, {
        status: 'done',
        evidence: '   ',
      });
      expect(blankEvidence.statusCode).toBe(400);
      expect(blankEvidence.json().error.details.field).toBe('body.evidence');

      const evidence =
        'In Tuesday’s 1:1 I asked “what have you tried?” first; she solved it herself.';
      const done = await h.request('demo-ana', 'PATCH', url, { status: 'done', evidence });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ status: 'done', evidence });
      expect(typeof done.json().closedAtMs).toBe('number');

      // Whoever wrote it down may still fix its wording, never its status.
      const reworded = await h.request('demo-ben', 'PATCH', url, {
        text: 'Ask an open question first',
      });
      expect(reworded.statusCode).toBe(200);
      expect(reworded.json()).toMatchObject({ text: 'Ask an open question first', status: 'done' });

      const reopened = await h.request('demo-ana', 'PATCH', url, { status: 'open' });
      expect(reopened.json()).toMatchObject({ status: 'open', evidence: null, closedAtMs: null });
    });

    it('are created once however often the request is retried', async () => {
      const h = harness();
      const circleId = await h.seedCircle(['demo-ana', 'demo-ben']);
      const sessionId = await h.seedSession(circleId);
      const body = { id: newId(), text: 'Send the draft to Ben by Friday', dueDate: '2026-03-06' };
      const url = `${base(circleId, sessionId)}/commitments`;
      const first = await h.request('demo-ana', 'POST', url, body);
      const again = await h.request('demo-ana', 'POST', url, body);
      expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
      expect(again.json()).toEqual(first.json());
      const stolen = await h.request('demo-ben', 'POST', url, { ...body, text: 'Something else' });
      expect(stolen.statusCode).toBe(409);

      const outputs = await h.request('demo-ben', 'GET', `${base(circleId, sessionId)}/outputs`);
      expect(outputs.json().outputs.commitments).toHaveLength(1);
    });

    it('open ones are listed across sessions, with the session each came from', async () => {
      const h = harness();
      const circleId = await h.seedCircle(['demo-ana', 'demo-ben']);
      const [first, second] = [await h.seedSession(circleId), await h.seedSession(circleId)];
      const open1 = newId();
      const closed = newId();
      const open2 = newId();
      for (const [sessionId, id] of [
        [first, open1],
        [first, closed],
        [second, open2],
      ] as const) {
        const response = await h.request(
          'demo-ana',
          'POST',
          `${base(circleId, sessionId)}/commitments`,
          {
            id,
            text: `Commitment ${id}`,
          },
        );
        expect(response.statusCode).toBe(201);
      }
      await h.request('demo-ana', 'PATCH', `${base(circleId, first)}/commitments/${closed}`, {
        status: 'done',
        evidence: 'Did it on Monday, notes in the team wiki.',
      });
      const response = await h.request(
        'demo-ben',
        'GET',
        `/api/circles/${circleId}/commitments?status=open`,
      );
      expect(response.statusCode).toBe(200);
      const listed = response.json().commitments as { id: string; sessionId: string }[];
      expect(listed.map(({ id, sessionId }) => ({ id, sessionId })).sort(byId)).toEqual(
        [
          { id: open1, sessionId: first },
          { id: open2, sessionId: second },
        ].sort(byId),
      );
    });
  });

  describe('the shared note', () => {
    it('refuses a save from a stale version with 409 and the note as it is', async () => {
      const h = harness();
      const circleId = await h.seedCircle(['demo-ana', 'demo-ben']);
      const sessionId = await h.seedSession(circleId);
      const url = `${base(circleId, sessionId)}/note`;
      const first = await h.request('demo-ana', 'PUT', url, {
        text: 'Goal: calmer stand-ups',
        version: 0,
      });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ version: 1, updatedBy: 'demo-ana' });

      const stale = await h.request('demo-ben', 'PUT', url, { text: 'Overwrite', version: 0 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('VERSION_CONFLICT');
      expect(stale.json().error.details.note).toMatchObject({
        text: 'Goal: calmer stand-ups',
        version: 1,
      });

      const merged = await h.request('demo-ben', 'PUT', url, {
        text: 'Goal: calmer stand-ups\nReality: two people talk 80% of the time',
        version: 1,
      });
      expect(merged.json()).toMatchObject({ version: 2, updatedBy: 'demo-ben' });
    });

    it('lets exactly one of two saves from the same version win', async () => {
      const h = harness();
      const circleId = await h.seedCircle(['demo-ana', 'demo-ben']);
      const sessionId = await h.seedSession(circleId);
      const url = `${base(circleId, sessionId)}/note`;
      await h.request('demo-ana', 'PUT', url, { text: 'v1', version: 0 });
      const results = await Promise.all([
        h.request('demo-ana', 'PUT', url, { text: 'from Ana', version: 1 }),
        h.request('demo-ben', 'PUT', url, { text: 'from Ben', version: 1 }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const outputs = await h.request('demo-ana', 'GET', `${base(circleId, sessionId)}/outputs`);
      expect(outputs.json().note.version).toBe(2);
    });
  });

  it("returns core's SessionOutputs, which the summary builder takes as it is", async () => {
    const h = harness();
    const circleId = await h.seedCircle(['demo-ana', 'demo-ben', 'demo-cai']);
    const sessionId = await h.seedSession(circleId);
    const at = base(circleId, sessionId);
    const ids = {
      commitment: newId(),
      experiment: newId(),
      sentence: newId(),
      appreciation: newId(),
    };
    const posts = [
      await h.request('demo-ana', 'POST', `${at}/commitments`, {
        id: ids.commitment,
        text: 'Pause before answering',
      }),
      await h.request('demo-ben', 'POST', `${at}/experiments`, {
        id: ids.experiment,
        text: 'Two questions, then listen',
      }),
      await h.request('demo-cai', 'POST', `${at}/sentences`, {
        id: ids.sentence,
        text: 'Curiosity before advice',
      }),
      await h.request('demo-cai', 'POST', `${at}/appreciations`, {
        id: ids.appreciation,
        to: 'demo-ana',
        text: 'Your question about what you had tried unlocked it for me',
      }),
    ];
    expect(posts.map((p) => p.statusCode)).toEqual([201, 201, 201, 201]);

    const response = await h.request('demo-ben', 'GET', `${at}/outputs`);
    expect(response.statusCode).toBe(200);
    const { outputs, note } = response.json() as { outputs: SessionOutputs; note: unknown };
    expect(note).toBeNull();
    expect(outputs).toEqual({
      commitments: [
        {
          id: ids.commitment,
          owner: 'demo-ana',
          text: 'Pause before answering',
          dueDate: null,
          createdAtMs: expect.any(Number),
          status: 'open',
          evidence: null,
          closedAtMs: null,
        },
      ],
      experiments: [{ id: ids.experiment, owner: 'demo-ben', text: 'Two questions, then listen' }],
      sentencesToRemember: [
        { id: ids.sentence, owner: 'demo-cai', text: 'Curiosity before advice' },
      ],
      appreciations: [
        {
          id: ids.appreciation,
          from: 'demo-cai',
          to: 'demo-ana',
          text: 'Your question about what you had tried unlocked it for me',
        },
      ],
    });
    const [framework] = BUILT_IN_FRAMEWORKS;
    if (framework === undefined) throw new Error('core has no built-in framework');
    const summary = buildSummary({
      session: createSession({ id: sessionId, framework }),
      marks: [],
      outputs,
      now: Date.now(),
    });
    expect(summary.commitments.map((c) => c.id)).toEqual([ids.commitment]);
    expect(summary.appreciations).toEqual(outputs.appreciations);

    // An appreciation is in its writer's words: nobody else may change them.
    const edit = await h.request('demo-ana', 'PATCH', `${at}/appreciations/${ids.appreciation}`, {
      text: 'Rewritten by someone else',
    });
    expect(edit.statusCode).toBe(403);
    const ownEdit = await h.request('demo-ben', 'PATCH', `${at}/experiments/${ids.experiment}`, {
      text: 'Three questions, then listen',
    });
    expect(ownEdit.json()).toMatchObject({ text: 'Three questions, then listen', sessionId });
  });

  describe('members only', () => {
    it('answers 404 to a non-member, to another tenant, and for an unknown session', async () => {
      const h = harness();
      const circleId = await h.seedCircle(['demo-ana', 'demo-ben']);
      const sessionId = await h.seedSession(circleId);
      const elsewhere = await h.seedCircle(['demo-ana'], 'another-tenant');
      const elsewhereSession = await h.seedSession(elsewhere);
      const body = { id: newId(), text: 'Try it' };

      for (const as of ['demo-dee', { zoomUid: 'demo-ana' }] as const) {
        for (const [method, url, payload] of [
          ['GET', `${base(circleId, sessionId)}/outputs`, undefined],
          ['POST', `${base(circleId, sessionId)}/commitments`, body],
          ['PUT', `${base(circleId, sessionId)}/note`, { text: 'x', version: 0 }],
          ['GET', `/api/circles/${circleId}/commitments`, undefined],
        ] as const) {
          const response = await h.request(as, method, url, payload);
          expect(response.statusCode, `${method} ${url}`).toBe(404);
          expect(response.json().error.code).toBe('CIRCLE_NOT_FOUND');
        }
      }
      // The same user id in a circle of another tenant is someone else.
      const otherTenant = await h.request(
        'demo-ana',
        'GET',
        `${base(elsewhere, elsewhereSession)}/outputs`,
      );
      expect(otherTenant.statusCode).toBe(404);

      const unknownSession = await h.request(
        'demo-ana',
        'GET',
        `${base(circleId, 'no-such-session')}/outputs`,
      );
      expect(unknownSession.statusCode).toBe(404);
      expect(unknownSession.json().error.code).toBe('SESSION_NOT_FOUND');
      const unknownItem = await h.request(
        'demo-ana',
        'PATCH',
        `${base(circleId, sessionId)}/commitments/${newId()}`,
        { text: 'x' },
      );
      expect(unknownItem.statusCode).toBe(404);
    });
  });

  it('answers invalid bodies with 400 naming the field', async () => {
    const h = harness();
    const circleId = await h.seedCircle(['demo-ana', 'demo-ben']);
    const sessionId = await h.seedSession(circleId);
    const at = base(circleId, sessionId);
    const cases = [
      ['POST', `${at}/commitments`, { id: newId() }, 'body.text'],
      ['POST', `${at}/commitments`, { id: 'has spaces', text: 'x' }, 'body.id'],
      [
        'POST',
        `${at}/commitments`,
        { id: newId(), text: 'x', dueDate: '2026-02-30' },
        'body.dueDate',
      ],
      ['POST', `${at}/commitments`, { id: newId(), text: 'x', dueDate: 'Friday' }, 'body.dueDate'],
      ['POST', `${at}/commitments`, { id: newId(), text: 'x', owner: 'demo-dee' }, 'body.owner'],
      ['POST', `${at}/appreciations`, { id: newId(), text: 'x', to: 'demo-cai' }, 'body.to'],
      ['POST', `${at}/experiments`, { id: newId(), text: '' }, 'body.text'],
      ['PUT', `${at}/note`, { text: 'x', version: -1 }, 'body.version'],
      ['PUT', `${at}/note`, { text: 'x' }, 'body.version'],
    ] as const;
    for (const [method, url, body, field] of cases) {
      const response = await h.request('demo-ana', method, url, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.details.field, JSON.stringify(body)).toBe(field);
    }
  });
});

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
