import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback stand-in for what the bot talks to: the Bot Connector (replies, proactive messages,
// new one-to-one chats, meeting details) and Microsoft Graph (the meeting transcript). Every call
// is recorded so tests assert on what the bot actually sent.

export interface SentActivity {
  readonly conversationId: string;
  readonly replyToId: string | null;
  readonly activity: {
    readonly type?: string;
    readonly text?: string;
    readonly attachments?: readonly { contentType: string; content: unknown }[];
    readonly [key: string]: unknown;
  };
  /** The test clock when it arrived (tests that move time set `now`). */
  readonly atMs: number;
}

export interface ConnectorStandIn {
  /** The serviceUrl to put in activities, with a trailing slash as Teams sends it. */
  readonly serviceUrl: string;
  readonly graphUrl: string;
  readonly sent: SentActivity[];
  readonly createdConversations: { readonly members: readonly unknown[]; readonly id: string }[];
  readonly graphRequests: string[];
  readonly failures: { conversationId: string; status: number }[];
  /** Answer the next `count` posts to this conversation with 500. */
  failNext(conversationId: string, count: number): void;
  /** Meeting details Teams gives for a meeting id (organizer and Graph id). */
  meetings: Map<string, { organizerId: string; graphId: string }>;
  /** WebVTT transcripts by Graph meeting id. */
  transcripts: Map<string, string>;
  now: number;
  close(): Promise<void>;
}

export async function startConnectorStandIn(): Promise<ConnectorStandIn> {
  const failing = new Map<string, number>();
  let nextConversation = 1;
  let serviceUrl = '';
  const standIn = {
    sent: [] as SentActivity[],
    createdConversations: [] as { members: readonly unknown[]; id: string }[],
    graphRequests: [] as string[],
    failures: [] as { conversationId: string; status: number }[],
    meetings: new Map<string, { organizerId: string; graphId: string }>(),
    transcripts: new Map<string, string>(),
    now: 0,
  };
  const server: Server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const body = await readBody(request);
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    const path = url.pathname;
    if (request.method === 'POST' && path === '/graph-token') {
      return json(200, { access_token: 'graph-token', expires_in: 3600, token_type: 'Bearer' });
    }
    const activities = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (request.method === 'POST' && activities !== null) {
      const conversationId = decodeURIComponent(activities[1] ?? '');
      const left = failing.get(conversationId) ?? 0;
      if (left > 0) {
        failing.set(conversationId, left - 1);
        standIn.failures.push({ conversationId, status: 500 });
        return json(500, { error: { code: 'ServiceError', message: 'stand-in failure' } });
      }
      standIn.sent.push({
        conversationId,
        replyToId: activities[2] === undefined ? null : decodeURIComponent(activities[2]),
        activity: JSON.parse(body) as SentActivity['activity'],
        atMs: standIn.now,
      });
      return json(200, { id: `activity-${standIn.sent.length}` });
    }
    if (request.method === 'POST' && path === '/v3/conversations') {
      const parameters = JSON.parse(body) as { members?: unknown[] };
      const id = `a:personal-${nextConversation++}`;
      standIn.createdConversations.push({ members: parameters.members ?? [], id });
      return json(200, { id, serviceUrl });
    }
    const meeting = /^\/v1\/meetings\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && meeting !== null) {
      const details = standIn.meetings.get(decodeURIComponent(meeting[1] ?? ''));
      if (details === undefined) return json(404, { error: { code: 'NotFound' } });
      return json(200, {
        details: { id: meeting[1], msGraphResourceId: details.graphId, type: 'Scheduled' },
        conversation: { id: 'chat', isGroup: true },
        organizer: { id: `29:${details.organizerId}`, aadObjectId: details.organizerId },
      });
    }
    const graph =
      /^\/graph\/users\/([^/]+)\/onlineMeetings\/([^/]+)\/transcripts(?:\/([^/]+)\/content)?$/.exec(
        path,
      );
    if (request.method === 'GET' && graph !== null) {
      standIn.graphRequests.push(`${path}${url.search}`);
      if (request.headers.authorization !== 'Bearer graph-token') return json(401, {});
      const vtt = standIn.transcripts.get(decodeURIComponent(graph[2] ?? ''));
      if (graph[3] === undefined) {
        return json(200, {
          value:
            vtt === undefined
              ? []
              : [{ id: 'transcript-1', createdDateTime: '2026-01-07T10:40:00Z' }],
        });
      }
      if (vtt === undefined) return json(404, {});
      response.writeHead(200, { 'content-type': 'text/vtt' });
      response.end(vtt);
      return;
    }
    json(404, { error: { code: 'NotFound', message: `${request.method} ${path}` } });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  serviceUrl = `${base}/`;
  return Object.assign(standIn, {
    serviceUrl,
    graphUrl: `${base}/graph`,
    failNext(conversationId: string, count: number) {
      failing.set(conversationId, count);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
