import type { FastifyInstance } from 'fastify';
import { circleRoutes } from '../circles/routes.js';
import { outputRoutes } from '../outputs/routes.js';
import { peopleRoutes } from '../people/routes.js';
import { sessionRoutes } from '../sessions/routes.js';
import { devMetricsRoutes } from './dev-metrics.js';
import { healthRoutes } from './health.js';

/** Everything under /api. Each resource registers its own routes here. */
export async function apiRoutes(fastify: FastifyInstance): Promise<void> {
  await fastify.register(healthRoutes);
  await fastify.register(circleRoutes);
  await fastify.register(sessionRoutes);
  await fastify.register(outputRoutes);
  await fastify.register(peopleRoutes);
  // Dev mode only, like the dev token routes: with dev mode off these do not exist (404).
  if (fastify.config.auth.devMode) await fastify.register(devMetricsRoutes, { prefix: '/dev' });
}
