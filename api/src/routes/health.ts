import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';

const StoreHealth = Type.Object({
  kind: Type.Union([Type.Literal('sqlite'), Type.Literal('cosmos')]),
  isUp: Type.Boolean(),
  latencyMs: Type.Number(),
});

const HealthResponse = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  store: StoreHealth,
  uptimeSeconds: Type.Number(),
});

/** `GET /api/health`: 200 when the store answers, 503 when it does not, so probes see an outage. */
export async function healthRoutes(fastify: FastifyInstance): Promise<void> {
  const startedAtMs = performance.now();
  fastify.withTypeProvider<TypeBoxTypeProvider>().get(
    '/health',
    {
      schema: {
        summary: 'How the server and its store are doing',
        tags: ['health'],
        response: { 200: HealthResponse, 503: HealthResponse },
      },
    },
    async (request, reply) => {
      const checkStartedAtMs = performance.now();
      let isUp = true;
      try {
        await fastify.store.checkHealth();
      } catch (error) {
        isUp = false;
        request.log.warn({ err: error }, 'store health check failed');
      }
      return reply.status(isUp ? 200 : 503).send({
        status: isUp ? 'ok' : 'degraded',
        store: {
          kind: fastify.store.kind,
          isUp,
          latencyMs: Math.round(performance.now() - checkStartedAtMs),
        },
        uptimeSeconds: Math.round((performance.now() - startedAtMs) / 1000),
      });
    },
  );
}
