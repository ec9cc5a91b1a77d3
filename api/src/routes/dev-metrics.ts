import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';

// Dev mode only (routes/index.ts registers it only then): the process's memory and event-loop
// delay, for the load bench (tests/bench/load.bench.ts) and for anyone watching a local run. The
// delay monitor starts on the first request here, so a server nobody asks pays nothing for it;
// its figures cover the time since then, or since the last reset (a bench resets after warm-up).

/** How often the monitor samples the loop; finer than any delay worth reporting. */
const RESOLUTION_MS = 10;
const NS_PER_MS = 1e6;

const DevMetricsResponse = Type.Object({
  memory: Type.Object({
    rssBytes: Type.Number(),
    heapUsedBytes: Type.Number(),
    heapTotalBytes: Type.Number(),
    externalBytes: Type.Number(),
  }),
  eventLoopDelay: Type.Object({
    /** When this window of samples began (the monitor's start, or the last reset). */
    sinceMs: Type.Number(),
    samples: Type.Number(),
    minMs: Type.Number(),
    meanMs: Type.Number(),
    p50Ms: Type.Number(),
    p99Ms: Type.Number(),
    maxMs: Type.Number(),
  }),
  uptimeSeconds: Type.Number(),
});
type DevMetrics = Static<typeof DevMetricsResponse>;

export async function devMetricsRoutes(fastify: FastifyInstance): Promise<void> {
  let monitor: IntervalHistogram | null = null;
  let sinceMs = Date.now();
  const startMonitor = (): IntervalHistogram => {
    if (monitor === null) {
      monitor = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      monitor.enable();
      sinceMs = Date.now();
    }
    return monitor;
  };
  fastify.addHook('onClose', async () => {
    monitor?.disable();
  });

  const readMetrics = (): DevMetrics => {
    const delay = startMonitor();
    const memory = process.memoryUsage();
    // The monitor records the time between its timer's ticks, which is the resolution plus the
    // delay: the delay alone is that less the resolution. An empty histogram reports min as a
    // huge sentinel and the rest as 0 or NaN: say 0.
    const hasSamples = delay.count > 0;
    const toMs = (ns: number) =>
      hasSamples && Number.isFinite(ns) ? Math.max(0, ns / NS_PER_MS - RESOLUTION_MS) : 0;
    return {
      memory: {
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        heapTotalBytes: memory.heapTotal,
        externalBytes: memory.external,
      },
      eventLoopDelay: {
        sinceMs,
        samples: delay.count,
        minMs: toMs(delay.min),
        meanMs: toMs(delay.mean),
        p50Ms: toMs(delay.percentile(50)),
        p99Ms: toMs(delay.percentile(99)),
        maxMs: toMs(delay.max),
      },
      uptimeSeconds: process.uptime(),
    };
  };

  const routes = fastify.withTypeProvider<TypeBoxTypeProvider>();
  routes.get(
    '/metrics',
    {
      schema: {
        summary: "The server process's memory and event-loop delay (dev mode only)",
        tags: ['dev'],
        response: { 200: DevMetricsResponse },
      },
    },
    async () => readMetrics(),
  );
  routes.post(
    '/metrics/reset',
    {
      schema: {
        summary: 'The same figures, then a new event-loop delay window begins (dev mode only)',
        tags: ['dev'],
        response: { 200: DevMetricsResponse },
      },
    },
    async () => {
      const metrics = readMetrics();
      startMonitor().reset();
      sinceMs = Date.now();
      return metrics;
    },
  );
}
