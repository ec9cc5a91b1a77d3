// A loopback HTTP proxy in front of the api that loses answers the way mobile networks and
// busy proxies do: it drops a request before the server sees it, drops the answer after the
// server acted on it, or delivers the answer after the client has given up. Fates are drawn from
// a seeded generator, so a failing run can be replayed.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fate = 'pass' | 'drop request' | 'drop answer' | 'late answer';

export interface FlakyProxyOptions {
  readonly targetUrl: string;
  readonly seed: number;
  /** Chance that an attempt meets one of the three failures (split evenly between them). */
  readonly failureRate: number;
  /** How late a late answer comes: longer than the client waits. */
  readonly lateByMs: number;
  /**
   * The network gets a request through at the latest on this attempt (counted per identical
   * request), so a client that retries that often always gets there in the end.
   */
  readonly passesByAttempt: number;
}

export interface FlakyProxy {
  readonly url: string;
  readonly fates: Readonly<Record<Fate, number>>;
  close(): Promise<void>;
}

export async function startFlakyProxy(options: FlakyProxyOptions): Promise<FlakyProxy> {
  const random = createRandom(options.seed);
  const attempts = new Map<string, number>();
  const fates: Record<Fate, number> = {
    pass: 0,
    'drop request': 0,
    'drop answer': 0,
    'late answer': 0,
  };
  const target = new URL(options.targetUrl);
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = createHash('sha256')
        .update(`${request.method} ${request.url}\n${request.headers.authorization ?? ''}\n`)
        .update(body)
        .digest('hex');
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const fate = attempt >= options.passesByAttempt ? 'pass' : drawFate(random(), options);
      fates[fate] += 1;
      if (fate === 'drop request') {
        request.socket.destroy();
        return;
      }
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, host: target.host, connection: 'close' },
        },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            const send = () => {
              if (response.destroyed) return;
              const headers = { ...answer.headers };
              delete headers['connection'];
              delete headers['keep-alive'];
              response.writeHead(answer.statusCode ?? 502, headers);
              response.end(Buffer.concat(answerChunks));
            };
            // The server has acted; only the client is left in the dark.
            if (fate === 'drop answer') request.socket.destroy();
            else if (fate === 'late answer') {
              const timer = setTimeout(() => {
                timers.delete(timer);
                send();
              }, options.lateByMs);
              timers.add(timer);
            } else send();
          });
        },
      );
      upstream.on('error', () => request.socket.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fates,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function drawFate(draw: number, options: FlakyProxyOptions): Fate {
  const share = options.failureRate / 3;
  if (draw < share) return 'drop request';
  if (draw < 2 * share) return 'drop answer';
  if (draw < 3 * share) return 'late answer';
  return 'pass';
}

/** mulberry32: a small seeded generator of numbers in [0, 1). */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
