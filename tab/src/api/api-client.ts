import type { Mark } from '@grow-together/core';
import type { PanelApi, SessionView } from '../app/panel-model.js';
import type { HttpClient } from './http-client.js';

// The typed api client the views use (PanelApi in panel-model.ts), over the routes of
// api/src/**/routes.ts. Path parts are always encoded: meeting keys carry `:` and `@`.

const part = encodeURIComponent;
const circlePath = (circleId: string) => `/api/circles/${part(circleId)}`;
const sessionPath = (circleId: string, sessionId: string) =>
  `${circlePath(circleId)}/sessions/${part(sessionId)}`;

export function createApiClient(http: HttpClient): PanelApi {
  const { request } = http;
  return {
    circles: {
      byMeeting: async (host, meetingKey) =>
        (
          await request<{ circle: Awaited<ReturnType<PanelApi['circles']['get']>> }>(
            'GET',
            `/api/circles/by-meeting/${host}/${part(meetingKey)}`,
            { query: { timeZone: readTimeZone() } },
          )
        ).circle,
      create: (body) =>
        request('POST', '/api/circles', { body: { timeZone: readTimeZone(), ...body } }),
      get: async (circleId) => (await request<CircleEnvelope>('GET', circlePath(circleId))).circle,
      update: async (circleId, body) =>
        (await request<CircleEnvelope>('PATCH', circlePath(circleId), { body })).circle,
      updateMe: async (circleId, body) =>
        (await request<CircleEnvelope>('PATCH', `${circlePath(circleId)}/members/me`, { body }))
          .circle,
      listSessions: (circleId, options = {}) =>
        request('GET', `${circlePath(circleId)}/sessions`, {
          query: { limit: options.limit, continuation: options.continuation },
        }),
      listCommitments: async (circleId, query = {}) =>
        (
          await request<{
            commitments: Awaited<ReturnType<PanelApi['circles']['listCommitments']>>;
          }>('GET', `${circlePath(circleId)}/commitments`, { query })
        ).commitments,
    },
    sessions: {
      startOrJoin: async (circleId, meetingId) =>
        (
          await request<SessionEnvelope>('POST', `${circlePath(circleId)}/sessions`, {
            body: { meetingId },
          })
        ).session,
      get: async (circleId, sessionId) =>
        (await request<SessionEnvelope>('GET', sessionPath(circleId, sessionId))).session,
      summary: async (circleId, sessionId) =>
        (
          await request<{ summary: Awaited<ReturnType<PanelApi['sessions']['summary']>> }>(
            'GET',
            `${sessionPath(circleId, sessionId)}/summary`,
          )
        ).summary,
    },
    outputs: {
      get: (circleId, sessionId) => request('GET', `${sessionPath(circleId, sessionId)}/outputs`),
      putNote: (circleId, sessionId, text, version) =>
        request('PUT', `${sessionPath(circleId, sessionId)}/note`, { body: { text, version } }),
      addCommitment: (circleId, sessionId, body) =>
        request('POST', `${sessionPath(circleId, sessionId)}/commitments`, { body }),
      editCommitment: (circleId, sessionId, id, body) =>
        request('PATCH', `${sessionPath(circleId, sessionId)}/commitments/${part(id)}`, { body }),
      addExperiment: (circleId, sessionId, body) =>
        request('POST', `${sessionPath(circleId, sessionId)}/experiments`, { body }),
      editExperiment: (circleId, sessionId, id, text) =>
        request('PATCH', `${sessionPath(circleId, sessionId)}/experiments/${part(id)}`, {
          body: { text },
        }),
      addSentence: (circleId, sessionId, body) =>
        request('POST', `${sessionPath(circleId, sessionId)}/sentences`, { body }),
      editSentence: (circleId, sessionId, id, text) =>
        request('PATCH', `${sessionPath(circleId, sessionId)}/sentences/${part(id)}`, {
          body: { text },
        }),
      addAppreciation: (circleId, sessionId, body) =>
        request('POST', `${sessionPath(circleId, sessionId)}/appreciations`, { body }),
      editAppreciation: (circleId, sessionId, id, text) =>
        request('PATCH', `${sessionPath(circleId, sessionId)}/appreciations/${part(id)}`, {
          body: { text },
        }),
    },
    reflections: {
      create: (body) => request('POST', '/api/me/reflections', { body }),
      listMine: async (query = {}) =>
        (
          await request<{ reflections: Awaited<ReturnType<PanelApi['reflections']['listMine']>> }>(
            'GET',
            '/api/me/reflections',
            { query },
          )
        ).reflections,
      edit: (id, body) => request('PATCH', `/api/me/reflections/${part(id)}`, { body }),
      remove: (id) => request('DELETE', `/api/me/reflections/${part(id)}`),
      listShared: async (circleId, sessionId) =>
        (
          await request<{
            reflections: Awaited<ReturnType<PanelApi['reflections']['listShared']>>;
          }>('GET', `${sessionPath(circleId, sessionId)}/reflections`)
        ).reflections,
    },
    feedback: {
      send: (circleId, body) => request('POST', `${circlePath(circleId)}/feedback`, { body }),
      listMine: async () =>
        (
          await request<{ feedback: Awaited<ReturnType<PanelApi['feedback']['listMine']>> }>(
            'GET',
            '/api/me/feedback',
          )
        ).feedback,
    },
    preferences: {
      get: () => request('GET', '/api/me/preferences'),
      put: (body) => request('PUT', '/api/me/preferences', { body }),
    },
  };
}

type CircleEnvelope = { circle: Awaited<ReturnType<PanelApi['circles']['get']>> };
type SessionEnvelope = { session: SessionView };

/** The shell's own calls: commands and mark batches, with the api's envelopes. */
export interface SessionWire {
  sendCommand(
    circleId: string,
    sessionId: string,
    body: { commandId: string; expectedVersion: number; command: Record<string, unknown> },
  ): Promise<{ session: SessionView; isRepeat: boolean }>;
  sendMarks(
    circleId: string,
    sessionId: string,
    batchId: string,
    marks: readonly Mark[],
    keepalive?: boolean,
  ): Promise<{ stored: number; duplicates: number; ignored: number }>;
}

export function createSessionWire(http: HttpClient): SessionWire {
  return {
    sendCommand: (circleId, sessionId, body) =>
      http.request('POST', `${sessionPath(circleId, sessionId)}/commands`, { body }),
    sendMarks: (circleId, sessionId, batchId, marks, keepalive = false) =>
      http.request('POST', `${sessionPath(circleId, sessionId)}/marks`, {
        body: { batchId, marks },
        keepalive,
      }),
  };
}

export function sessionStreamUrl(baseUrl: string, circleId: string, sessionId: string): string {
  return `${baseUrl}${sessionPath(circleId, sessionId)}/stream`;
}

function readTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    console.warn('The time zone could not be read; the server will use UTC.', error);
    return undefined;
  }
}
