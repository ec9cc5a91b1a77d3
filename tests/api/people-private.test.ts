// A person's own things over the real server, on both stores: preferences and opt-outs,
// reflections (private unless shared), and private feedback that only its recipient ever sees.
import { describe, expect, it } from 'vitest';
import type { CircleDocument } from '../../api/src/circles/model.js';
import { describeOnBothStores, newId } from './people-harness.js';

const PREFERENCES = {
  displayName: 'Ana L.',
  timeZone: 'America/Sao_Paulo',
  pronouns: 'she/her',
  optOuts: { airtimeAndLanguage: true, transcriptAnalysis: false, nudges: true },
  consentDefaults: { rolePlay: 'ask-every-time', shareReflections: false },
};

describeOnBothStores('people', (harness) => {
  describe('preferences', () => {
    it('start with every opt-out off, save, and can be taken back', async () => {
      const h = harness();
      const circleId = await h.seedCircle(['demo-eli', 'demo-ben']);

      const before = await h.request('demo-eli', 'GET', '/api/me/preferences');
      expect(before.statusCode).toBe(200);
      expect(before.json()).toMatchObject({
        optOuts: { airtimeAndLanguage: false, transcriptAnalysis: false, nudges: false },
        consentDefaults: { rolePlay: 'ask-every-time', shareReflections: false },
        updatedAtMs: null,
      });

      const saved = await h.request('demo-eli', 'PUT', '/api/me/preferences', PREFERENCES);
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject(PREFERENCES);
      const read = await h.request('demo-eli', 'GET', '/api/me/preferences');
      expect(read.json()).toEqual(saved.json());

      // The circle sees the new name, time zone and pronouns at once.
      const circle = await h.store.read<CircleDocument>('circles', circleId, circleId);
      expect(circle?.members['demo-eli']).toMatchObject({
        displayName: 'Ana L.',
        timeZone: 'America/Sao_Paulo',
        pronouns: 'she/her',
      });
      expect(circle?.members['demo-ben']?.displayName).toBe('BEN');

      const optedBackIn = await h.request('demo-eli', 'PUT', '/api/me/preferences', {
        ...PREFERENCES,
        optOuts: { airtimeAndLanguage: false, transcriptAnalysis: false, nudges: false },
      });
      expect(optedBackIn.json().optOuts).toEqual({
        airtimeAndLanguage: false,
        transcriptAnalysis: false,
        nudges: false,
      });
    });

    it('refuse a body that is not valid with 400 naming the field', async () => {
      const h = harness();
      const cases = [
        [{ ...PREFERENCES, timeZone: 'Mars/Olympus_Mons' }, 'body.timeZone'],
        [{ ...PREFERENCES, optOuts: { nudges: true } }, 'body.optOuts.airtimeAndLanguage'],
        [
          { ...PREFERENCES, consentDefaults: { rolePlay: 'never', shareReflections: false } },
          'body.consentDefaults.rolePlay',
        ],
      ] as const;
      for (const [body, field] of cases) {
        const response = await h.request('demo-eli', 'PUT', '/api/me/preferences', body);
        expect(response.statusCode, field).toBe(400);
        expect(response.json().error.details.field).toBe(field);
      }
    });
  });

  describe('reflections', () => {
    it('stay private unless shared, and members read only the shared ones', async () => {
      const h = harness();
      const circleId = await h.seedCircle(['demo-ana', 'demo-ben', 'demo-cai']);
      const sessionId = await h.seedSession(circleId);
      const privateOne = {
        id: newId(),
        circleId,
        sessionId,
        moment: 'before',
        text: 'I am nervous about giving Ben feedback today',
      };
      const sharedOne = {
        id: newId(),
        circleId,
        sessionId,
        moment: 'after',
        text: 'Asking first made the feedback land',
        shared: true,
      };
      const created = await h.request('demo-ana', 'POST', '/api/me/reflections', privateOne);
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ shared: false });
      expect(
        (await h.request('demo-ana', 'POST', '/api/me/reflections', privateOne)).statusCode,
      ).toBe(200);
      expect(
        (await h.request('demo-ana', 'POST', '/api/me/reflections', sharedOne)).statusCode,
      ).toBe(201);

      const mine = await h.request('demo-ana', 'GET', `/api/me/reflections?sessionId=${sessionId}`);
      expect(mine.json().reflections.map((r: { id: string }) => r.id)).toEqual([
        privateOne.id,
        sharedOne.id,
      ]);
      const bens = await h.request('demo-ben', 'GET', `/api/me/reflections?sessionId=${sessionId}`);
      expect(bens.json().reflections).toEqual([]);

      const sharedUrl = `/api/circles/${circleId}/sessions/${sessionId}/reflections`;
      const seenByBen = await h.request('demo-ben', 'GET', sharedUrl);
      expect(seenByBen.statusCode).toBe(200);
      expect(seenByBen.json().reflections).toEqual([
        expect.objectContaining({ id: sharedOne.id, author: 'demo-ana', text: sharedOne.text }),
      ]);
      expect(seenByBen.body).not.toContain(privateOne.text);
      expect((await h.request('demo-dee', 'GET', sharedUrl)).statusCode).toBe(404);

      const unshared = await h.request('demo-ana', 'PATCH', `/api/me/reflections/${sharedOne.id}`, {
        shared: false,
      });
      expect(unshared.json()).toMatchObject({ shared: false, text: sharedOne.text });
      expect((await h.request('demo-cai', 'GET', sharedUrl)).json().reflections).toEqual([]);

      expect(
        (await h.request('demo-ben', 'DELETE', `/api/me/reflections/${privateOne.id}`)).statusCode,
      ).toBe(404);
      expect(
        (await h.request('demo-ana', 'DELETE', `/api/me/reflections/${privateOne.id}`)).statusCode,
      ).toBe(204);
      const left = await h.request('demo-ana', 'GET', `/api/me/reflections?circleId=${circleId}`);
      expect(left.json().reflections.map((r: { id: string }) => r.id)).toEqual([sharedOne.id]);
    });

    it('can only be written about a session of a circle one belongs to', async () => {
      const h = harness();
      const circleId = await h.seedCircle(['demo-ana']);
      const sessionId = await h.seedSession(circleId);
      const body = { id: newId(), circleId, sessionId, moment: 'before', text: 'Ready' };
      expect((await h.request('demo-ben', 'POST', '/api/me/reflections', body)).statusCode).toBe(
        404,
      );
      const unknownSession = await h.request('demo-ana', 'POST', '/api/me/reflections', {
        ...body,
        sessionId: 'no-such-session',
      });
      expect(unknownSession.json().error.code).toBe('SESSION_NOT_FOUND');
      const badMoment = await h.request('demo-ana', 'POST', '/api/me/reflections', {
        ...body,
        moment: 'during',
      });
      expect(badMoment.statusCode).toBe(400);
      expect(badMoment.json().error.details.field).toBe('body.moment');
    });
  });

  describe('private feedback', () => {
    it('is visible to its recipient only: not the sender, other members or another tenant', async () => {
      const h = harness();
      const circleId = await h.seedCircle(['demo-ana', 'demo-ben', 'demo-cai']);
      const sessionId = await h.seedSession(circleId);
      const id = newId();
      const text = 'When you summarised before moving on, I felt heard. More of that, please.';
      const sent = await h.request('demo-ana', 'POST', `/api/circles/${circleId}/feedback`, {
        id,
        to: 'demo-ben',
        sessionId,
        text,
      });
      expect(sent.statusCode).toBe(201);
      expect(sent.json()).toEqual({
        id,
        circleId,
        sessionId,
        to: 'demo-ben',
        sentAtMs: expect.any(Number),
      });
      expect(sent.body).not.toContain('felt heard');
      const retried = await h.request('demo-ana', 'POST', `/api/circles/${circleId}/feedback`, {
        id,
        to: 'demo-ben',
        sessionId,
        text,
      });
      expect(retried.statusCode).toBe(200);

      const read = await h.request('demo-ben', 'GET', `/api/me/feedback/${id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({
        id,
        circleId,
        sessionId,
        from: 'demo-ana',
        fromDisplayName: 'ANA',
        text,
        delivery: 'pending',
        deliveredAtMs: null,
      });
      const listed = await h.request('demo-ben', 'GET', '/api/me/feedback');
      expect(listed.json().feedback.map((f: { id: string }) => f.id)).toEqual([id]);

      for (const as of ['demo-ana', 'demo-cai', 'demo-dee', { zoomUid: 'demo-ben' }] as const) {
        const one = await h.request(as, 'GET', `/api/me/feedback/${id}`);
        expect(one.statusCode, JSON.stringify(as)).toBe(404);
        expect(one.json().error.code).toBe('FEEDBACK_NOT_FOUND');
        const list = await h.request(as, 'GET', '/api/me/feedback');
        expect(list.statusCode).toBe(200);
        expect(list.body, JSON.stringify(as)).not.toContain('felt heard');
      }
      // Nothing of it reaches what the circle reads.
      const outputs = await h.request(
        'demo-cai',
        'GET',
        `/api/circles/${circleId}/sessions/${sessionId}/outputs`,
      );
      expect(outputs.body).not.toContain('felt heard');
    });

    it('goes only between members of the circle', async () => {
      const h = harness();
      const circleId = await h.seedCircle(['demo-cai', 'demo-fay']);
      const body = { id: newId(), to: 'demo-fay', text: 'Thanks for the challenge' };
      const fromOutsider = await h.request(
        'demo-dee',
        'POST',
        `/api/circles/${circleId}/feedback`,
        body,
      );
      expect(fromOutsider.statusCode).toBe(404);
      const fromOtherTenant = await h.request(
        { zoomUid: 'demo-cai' },
        'POST',
        `/api/circles/${circleId}/feedback`,
        body,
      );
      expect(fromOtherTenant.statusCode).toBe(404);
      const toOutsider = await h.request('demo-cai', 'POST', `/api/circles/${circleId}/feedback`, {
        ...body,
        to: 'demo-dee',
      });
      expect(toOutsider.statusCode).toBe(400);
      expect(toOutsider.json().error.details.field).toBe('body.to');
      const noText = await h.request('demo-cai', 'POST', `/api/circles/${circleId}/feedback`, {
        id: newId(),
        to: 'demo-fay',
      });
      expect(noText.statusCode).toBe(400);
      expect(noText.json().error.details.field).toBe('body.text');
      expect((await h.request('demo-dee', 'GET', '/api/me/feedback')).json().feedback).toEqual([]);
      expect((await h.request('demo-fay', 'GET', '/api/me/feedback')).json().feedback).toEqual([]);
    });
  });
});
