import { randomUUID } from 'node:crypto';
import { findBuiltInFramework } from '@grow-together/core';
import { expect, it } from 'vitest';
import { describeOnBothStores, expectStatus } from './support/api-harness.js';

// Circles over real routes on both stores: one per host meeting, joined by opening the panel,
// edited by members, invisible to everyone else.

interface CircleBody {
  readonly circle: {
    readonly id: string;
    readonly name: string;
    readonly frameworkId: string;
    readonly members: readonly {
      userId: string;
      displayName: string;
      timeZone: string;
      pronouns: string | null;
    }[];
    readonly norms: readonly string[];
    readonly cadence: unknown;
    readonly customFrameworks: readonly { id: string }[];
  };
  readonly isNew?: boolean;
}

const newMeetingKey = () => `19:meeting_${randomUUID()}@thread.v2`;

function circleFor(meetingKey: string, extra: Record<string, unknown> = {}) {
  return {
    host: 'teams',
    meetingKey,
    name: 'Pairs on Tuesday',
    frameworkId: 'grow-for-equals',
    ...extra,
  };
}

describeOnBothStores('circles', (harness) => {
  it('makes one circle per meeting, whoever asks first, and adds the others as members', async () => {
    const meetingKey = newMeetingKey();
    const responses = await Promise.all(
      ['demo-ana', 'demo-ben', 'demo-cai'].map((userId) =>
        harness().request(
          userId,
          'POST',
          '/api/circles',
          circleFor(meetingKey, { timeZone: 'Asia/Singapore' }),
        ),
      ),
    );
    const ids = new Set(responses.map((r) => r.json<CircleBody>().circle.id));
    expect(ids.size).toBe(1);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    const [circleId] = [...ids];
    const circle = await harness().request('demo-ana', 'GET', `/api/circles/${circleId}`);
    expectStatus(circle, 200);
    expect(
      circle
        .json<CircleBody>()
        .circle.members.map((m) => m.userId)
        .sort(),
    ).toEqual(['demo-ana', 'demo-ben', 'demo-cai']);
    const page = await harness().store.query('circles', circleId ?? '', {
      where: { type: 'circle' },
    });
    expect(page.items).toHaveLength(1);
  });

  it('finds the circle by its meeting and joins whoever opens the panel', async () => {
    const meetingKey = newMeetingKey();
    expectStatus(
      await harness().request('demo-ana', 'POST', '/api/circles', circleFor(meetingKey)),
      201,
    );
    const url = `/api/circles/by-meeting/teams/${encodeURIComponent(meetingKey)}?timeZone=America/New_York`;
    const joined = await harness().request('demo-dee', 'GET', url);
    expectStatus(joined, 200);
    const dee = joined.json<CircleBody>().circle.members.find((m) => m.userId === 'demo-dee');
    expect(dee).toMatchObject({ displayName: 'Dee', timeZone: 'America/New_York', pronouns: null });

    expectStatus(
      await harness().request(
        'demo-ana',
        'GET',
        `/api/circles/by-meeting/teams/${newMeetingKey()}`,
      ),
      404,
    );
    // Another tenant (a Zoom caller) learns nothing about the meeting's circle.
    const otherTenant = await harness().request({ zoomUid: 'zoom-1' }, 'GET', url);
    expectStatus(otherTenant, 404);
    expect(otherTenant.json<{ error: { code: string } }>().error.code).toBe('CIRCLE_NOT_FOUND');
  });

  it('lets Zoom callers make and join a circle for the meeting their app context names', async () => {
    const mid = `zoom-${randomUUID()}`;
    const creator = { zoomUid: 'zoom-ann', meetingId: mid };
    const created = await harness().request(creator, 'POST', '/api/circles', {
      host: 'zoom',
      meetingKey: mid,
      name: 'Zoom circle',
      frameworkId: 'weekly-micro-session',
    });
    expectStatus(created, 201);
    const url = `/api/circles/by-meeting/zoom/${mid}`;
    expectStatus(await harness().request({ zoomUid: 'zoom-bo', meetingId: mid }, 'GET', url), 200);
    expectStatus(
      await harness().request({ zoomUid: 'zoom-cy', meetingId: 'another-meeting' }, 'GET', url),
      404,
    );
  });

  it('lets members change the circle, and checks a copied framework before using it', async () => {
    const meetingKey = newMeetingKey();
    const created = await harness().request(
      'demo-ana',
      'POST',
      '/api/circles',
      circleFor(meetingKey),
    );
    const { id } = created.json<CircleBody>().circle;
    const url = `/api/circles/${id}`;
    const cadence = {
      frequency: 'weekly',
      weekday: 2,
      startTime: '09:30',
      timeZone: 'Europe/Berlin',
      durationMinutes: 25,
    };
    const changed = await harness().request('demo-ana', 'PATCH', url, {
      name: 'Tuesday pairs',
      cadence,
      norms: ['Confidential', 'Anyone can pass'],
      glossary: [{ term: 'bandwidth', plain: 'time' }],
      consentDefaults: { rolePlay: 'ask-once-per-session' },
    });
    expectStatus(changed, 200);
    expect(changed.json<CircleBody>().circle).toMatchObject({
      name: 'Tuesday pairs',
      cadence,
      norms: ['Confidential', 'Anyone can pass'],
    });

    const builtIn = findBuiltInFramework('weekly-micro-session');
    const broken = {
      ...builtIn,
      id: 'our-micro-session',
      stages: builtIn?.stages.map((stage, index) =>
        index === 1 ? { ...stage, timeboxMs: -1 } : stage,
      ),
    };
    const refused = await harness().request('demo-ana', 'PATCH', url, { customFramework: broken });
    expectStatus(refused, 400);
    const error = refused.json<{
      error: { code: string; details: { field: string; issues: { path: string }[] } };
    }>().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.field).toBe('body.customFramework.stages[1].timeboxMs');
    expect(error.details.issues.map((issue) => issue.path)).toContain(
      'body.customFramework.stages[1].timeboxMs',
    );

    const copy = {
      ...builtIn,
      id: 'our-micro-session',
      name: 'Our micro-session',
      basedOn: builtIn?.id,
    };
    const accepted = await harness().request('demo-ana', 'PATCH', url, { customFramework: copy });
    expectStatus(accepted, 200);
    expect(accepted.json<CircleBody>().circle).toMatchObject({
      frameworkId: 'our-micro-session',
      customFrameworks: [{ id: 'our-micro-session' }],
    });
    const sameAsBuiltIn = await harness().request('demo-ana', 'PATCH', url, {
      customFramework: { ...copy, id: 'grow-for-equals' },
    });
    expectStatus(sameAsBuiltIn, 400);
    const unknown = await harness().request('demo-ana', 'PATCH', url, {
      frameworkId: 'no-such-framework',
    });
    expectStatus(unknown, 400);
    expect(unknown.json<{ error: { details: { field: string } } }>().error.details.field).toBe(
      'body.frameworkId',
    );

    const session = await harness().request('demo-ana', 'POST', `${url}/sessions`, {
      meetingId: 'm-1',
    });
    expectStatus(session, 200);
    expect(
      session.json<{ session: { state: { framework: { id: string } } } }>().session.state.framework
        .id,
    ).toBe('our-micro-session');
  });

  it('lets a member change their own display name, time zone and pronouns', async () => {
    const created = await harness().request(
      'demo-ana',
      'POST',
      '/api/circles',
      circleFor(newMeetingKey()),
    );
    const url = `/api/circles/${created.json<CircleBody>().circle.id}/members/me`;
    const changed = await harness().request('demo-ana', 'PATCH', url, {
      displayName: 'Ana M.',
      timeZone: 'Europe/Lisbon',
      pronouns: 'she/her',
    });
    expectStatus(changed, 200);
    expect(changed.json<CircleBody>().circle.members[0]).toMatchObject({
      displayName: 'Ana M.',
      timeZone: 'Europe/Lisbon',
      pronouns: 'she/her',
    });
    const badZone = await harness().request('demo-ana', 'PATCH', url, { timeZone: 'Mars/Olympus' });
    expectStatus(badZone, 400);
    expect(badZone.json<{ error: { details: { field: string } } }>().error.details.field).toBe(
      'body.timeZone',
    );
    expectStatus(await harness().request('demo-ben', 'PATCH', url, { pronouns: 'he/him' }), 404);
  });

  it('names the field of an invalid body and hides circles from non-members', async () => {
    const cases: [unknown, string][] = [
      [{ ...circleFor(newMeetingKey()), host: 'skype' }, 'body.host'],
      [{ ...circleFor(newMeetingKey()), meetingKey: 'a/b' }, 'body.meetingKey'],
      [{ ...circleFor(newMeetingKey()), name: '' }, 'body.name'],
      [{ ...circleFor(newMeetingKey()), frameworkId: 'made-up' }, 'body.frameworkId'],
      [{ ...circleFor(newMeetingKey()), timeZone: 'Nowhere/Else' }, 'body.timeZone'],
      [{ ...circleFor(newMeetingKey()), cadence: { frequency: 'daily' } }, 'body.cadence'],
    ];
    for (const [body, field] of cases) {
      const response = await harness().request('demo-ana', 'POST', '/api/circles', body);
      expectStatus(response, 400);
      expect(
        response.json<{ error: { details: { field: string } } }>().error.details.field,
      ).toContain(field);
    }
    const created = await harness().request(
      'demo-ana',
      'POST',
      '/api/circles',
      circleFor(newMeetingKey()),
    );
    const url = `/api/circles/${created.json<CircleBody>().circle.id}`;
    for (const outsider of ['demo-fay', { zoomUid: 'zoom-2' }] as const) {
      expectStatus(await harness().request(outsider, 'GET', url), 404);
      expectStatus(await harness().request(outsider, 'PATCH', url, { name: 'Mine now' }), 404);
    }
    expectStatus(await harness().request(null, 'GET', url), 401);
  });
});
