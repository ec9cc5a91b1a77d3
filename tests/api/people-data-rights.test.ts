// Export and delete over the real server, on both stores, and a 401 from every people and
// outputs route when no credential comes along.
import { expect, it } from 'vitest';
import type { CircleDocument } from '../../api/src/circles/model.js';
import { FORMER_MEMBER_ID } from '../../api/src/outputs/model.js';
import { describeOnBothStores, newId, type Harness } from './people-harness.js';

interface Story {
  readonly circleId: string;
  readonly sessionId: string;
  readonly ids: Readonly<Record<string, string>>;
}

// "Ana" and "Ben" (two demo users, new ones for each test, as the store outlives a test) in one
// circle, each with things of their own and things for the other. Every text carries a marker so a
// test can tell whose words leaked where.
async function tellStory(h: Harness, ana: string, ben: string): Promise<Story> {
  const circleId = await h.seedCircle([ana, ben]);
  const sessionId = await h.seedSession(circleId);
  const at = `/api/circles/${circleId}/sessions/${sessionId}`;
  const ids = {
    anaCommitment: newId(),
    benCommitmentByAna: newId(),
    anaExperiment: newId(),
    anaToBen: newId(),
    benToAna: newId(),
    anaPrivateReflection: newId(),
    benPrivateReflection: newId(),
    feedbackToAna: newId(),
    feedbackToBen: newId(),
  };
  const writes = [
    h.request(ana, 'PUT', '/api/me/preferences', {
      displayName: 'Ana',
      timeZone: 'Europe/Lisbon',
      pronouns: 'she/her',
      optOuts: { airtimeAndLanguage: false, transcriptAnalysis: true, nudges: false },
      consentDefaults: { rolePlay: 'ask-every-time', shareReflections: false },
    }),
    h.request(ana, 'POST', `${at}/commitments`, {
      id: ids.anaCommitment,
      text: 'ANA-COMMITMENT',
    }),
    h.request(ana, 'POST', `${at}/commitments`, {
      id: ids.benCommitmentByAna,
      owner: ben,
      text: 'BEN-COMMITMENT',
    }),
    h.request(ana, 'POST', `${at}/experiments`, {
      id: ids.anaExperiment,
      text: 'ANA-EXPERIMENT',
    }),
    h.request(ana, 'POST', `${at}/appreciations`, {
      id: ids.anaToBen,
      to: ben,
      text: 'ANA-THANKS-BEN',
    }),
    h.request(ben, 'POST', `${at}/appreciations`, {
      id: ids.benToAna,
      to: ana,
      text: 'BEN-THANKS-ANA',
    }),
    h.request(ana, 'PUT', `${at}/note`, { text: 'SHARED-NOTE', version: 0 }),
    h.request(ana, 'POST', '/api/me/reflections', {
      id: ids.anaPrivateReflection,
      circleId,
      sessionId,
      moment: 'after',
      text: 'ANA-PRIVATE-REFLECTION',
    }),
    h.request(ben, 'POST', '/api/me/reflections', {
      id: ids.benPrivateReflection,
      circleId,
      sessionId,
      moment: 'after',
      text: 'BEN-PRIVATE-REFLECTION',
    }),
    h.request(ben, 'POST', `/api/circles/${circleId}/feedback`, {
      id: ids.feedbackToAna,
      to: ana,
      text: 'FEEDBACK-BEN-TO-ANA',
    }),
    h.request(ana, 'POST', `/api/circles/${circleId}/feedback`, {
      id: ids.feedbackToBen,
      to: ben,
      sessionId,
      text: 'FEEDBACK-ANA-TO-BEN',
    }),
  ];
  for (const write of writes) {
    const response = await write;
    expect(response.statusCode, response.body).toBeLessThan(300);
  }
  return { circleId, sessionId, ids };
}

describeOnBothStores('my data', (harness) => {
  it('exports everything about me and nothing of anyone else’s private things', async () => {
    const h = harness();
    const { circleId, sessionId, ids } = await tellStory(h, 'demo-ana', 'demo-ben');
    const response = await h.request('demo-ana', 'GET', '/api/me/export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('attachment');
    const data = response.json();

    expect(data.person).toMatchObject({ tenantId: 'demo-tenant', userId: 'demo-ana' });
    expect(data.preferences).toMatchObject({
      pronouns: 'she/her',
      optOuts: { transcriptAnalysis: true },
    });
    expect(data.reflections.map((r: { id: string }) => r.id)).toContain(ids.anaPrivateReflection);
    expect(data.feedbackReceived).toEqual([
      expect.objectContaining({ id: ids.feedbackToAna, text: 'FEEDBACK-BEN-TO-ANA' }),
    ]);
    expect(data.feedbackSent).toContainEqual({
      id: ids.feedbackToBen,
      circleId,
      sessionId,
      to: 'demo-ben',
      sentAtMs: expect.any(Number),
    });
    const circle = data.circles.find((c: { circleId: string }) => c.circleId === circleId);
    expect(circle.member).toMatchObject({ userId: 'demo-ana', pronouns: 'she/her' });
    expect(circle.commitments.map((c: { id: string }) => c.id)).toEqual([ids.anaCommitment]);
    expect(circle.experiments.map((c: { id: string }) => c.id)).toEqual([ids.anaExperiment]);
    expect(circle.appreciationsGiven.map((c: { id: string }) => c.id)).toEqual([ids.anaToBen]);
    expect(circle.appreciationsReceived).toEqual([
      { id: ids.benToAna, from: 'demo-ben', to: 'demo-ana', text: 'BEN-THANKS-ANA', sessionId },
    ]);

    for (const others of ['BEN-PRIVATE-REFLECTION', 'FEEDBACK-ANA-TO-BEN', 'BEN-COMMITMENT']) {
      expect(response.body, others).not.toContain(others);
    }
  });

  it('deletes my documents and keeps what others own, with my name taken off it', async () => {
    const h = harness();
    const { circleId, sessionId, ids } = await tellStory(h, 'demo-cai', 'demo-fay');
    const at = `/api/circles/${circleId}/sessions/${sessionId}`;
    // A meeting the two of them held, as their panels open it.
    const meeting = { meetingId: `meeting-${newId()}` };
    let met = '';
    for (const who of ['demo-cai', 'demo-fay']) {
      const opened = await h.request(who, 'POST', `/api/circles/${circleId}/sessions`, meeting);
      expect(opened.statusCode, opened.body).toBeLessThan(300);
      met = `/api/circles/${circleId}/sessions/${opened.json().session.id as string}`;
    }

    const response = await h.request('demo-cai', 'DELETE', '/api/me');
    expect(response.statusCode).toBe(200);
    expect(response.json().deleted).toMatchObject({ circleOutputs: 3, circleMemberships: 1 });
    expect(response.json().deleted.personalDocuments).toBeGreaterThanOrEqual(5);
    expect(response.json().anonymised.sessions).toBe(1);

    // Nothing of mine is left in my partition…
    const data = (await h.request('demo-cai', 'GET', '/api/me/export')).json();
    expect(data).toMatchObject({
      reflections: [],
      feedbackReceived: [],
      feedbackSent: [],
      circles: [],
    });
    expect(data.preferences.updatedAtMs).toBeNull();
    expect(
      (await h.request('demo-cai', 'GET', `/api/me/feedback/${ids.feedbackToAna}`)).statusCode,
    ).toBe(404);

    // …nor am I in the circle any more.
    const circle = await h.store.read<CircleDocument>('circles', circleId, circleId);
    expect(Object.keys(circle?.members ?? {})).toEqual(['demo-fay']);
    expect(circle?.createdBy).toBe(FORMER_MEMBER_ID);
    expect((await h.request('demo-cai', 'GET', `${at}/outputs`)).statusCode).toBe(404);

    // What Ben owns stays: his commitment (which Ana wrote down), his appreciation to Ana, the
    // shared note, his reflection, and the feedback Ana sent him, now from a former member.
    const outputs = (await h.request('demo-fay', 'GET', `${at}/outputs`)).json();
    expect(outputs.outputs.commitments.map((c: { id: string }) => c.id)).toEqual([
      ids.benCommitmentByAna,
    ]);
    expect(outputs.outputs.experiments).toEqual([]);
    expect(outputs.outputs.appreciations).toEqual([
      { id: ids.benToAna, from: 'demo-fay', to: FORMER_MEMBER_ID, text: 'BEN-THANKS-ANA' },
    ]);
    expect(outputs.note).toMatchObject({ text: 'SHARED-NOTE', updatedBy: FORMER_MEMBER_ID });
    const benCommitment = await h.store.read<{ createdBy: string }>(
      'circles',
      circleId,
      `commitment:${ids.benCommitmentByAna}`,
    );
    expect(benCommitment?.createdBy).toBe(FORMER_MEMBER_ID);

    const bens = (
      await h.request('demo-fay', 'GET', `/api/me/reflections?circleId=${circleId}`)
    ).json();
    expect(bens.reflections.map((r: { id: string }) => r.id)).toEqual([ids.benPrivateReflection]);
    const feedback = (
      await h.request('demo-fay', 'GET', `/api/me/feedback/${ids.feedbackToBen}`)
    ).json();
    expect(feedback).toMatchObject({ text: 'FEEDBACK-ANA-TO-BEN', from: FORMER_MEMBER_ID });
    expect(JSON.stringify(feedback)).not.toContain('demo-cai');

    // The session is the circle's history: it keeps the seat, and shows no name for it.
    const session = await h.request('demo-fay', 'GET', met);
    expect(session.json().session.state.participants['demo-cai']).toMatchObject({
      displayName: 'A former member',
    });
    expect(session.body).not.toContain('"Cai"');

    // Deleting again finds nothing more to delete.
    const again = (await h.request('demo-cai', 'DELETE', '/api/me')).json();
    expect(again.deleted).toEqual({ personalDocuments: 0, circleOutputs: 0, circleMemberships: 0 });
    expect(again.anonymised.sessions).toBe(0);
  });

  it('answers 401 on every route when no credential comes along', async () => {
    const h = harness();
    const at = '/api/circles/c1/sessions/s1';
    const routes = [
      ['GET', `${at}/outputs`],
      ['PUT', `${at}/note`],
      ['POST', `${at}/commitments`],
      ['PATCH', `${at}/commitments/x1`],
      ['POST', `${at}/experiments`],
      ['PATCH', `${at}/experiments/x1`],
      ['POST', `${at}/sentences`],
      ['PATCH', `${at}/sentences/x1`],
      ['POST', `${at}/appreciations`],
      ['PATCH', `${at}/appreciations/x1`],
      ['GET', '/api/circles/c1/commitments?status=open'],
      ['GET', `${at}/reflections`],
      ['POST', '/api/circles/c1/feedback'],
      ['GET', '/api/me/preferences'],
      ['PUT', '/api/me/preferences'],
      ['POST', '/api/me/reflections'],
      ['GET', '/api/me/reflections'],
      ['PATCH', '/api/me/reflections/x1'],
      ['DELETE', '/api/me/reflections/x1'],
      ['GET', '/api/me/feedback'],
      ['GET', '/api/me/feedback/x1'],
      ['GET', '/api/me/export'],
      ['DELETE', '/api/me'],
    ] as const;
    for (const [method, url] of routes) {
      const response = await h.request(
        null,
        method,
        url,
        method === 'GET' || method === 'DELETE' ? undefined : {},
      );
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect(response.json().error.code).toBe('UNAUTHENTICATED');
      const forged = await h.app.inject({
        method,
        url,
        headers: { authorization: 'Bearer a.b.c' },
      });
      expect(forged.statusCode, `${method} ${url} with a forged token`).toBe(401);
    }
  });
});
