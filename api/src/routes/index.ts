import type { FastifyInstance } from 'fastify';
import { circleRoutes } from '../circles/routes.js';
import { outputRoutes } from '../outputs/routes.js';
import { peopleRoutes } from '../people/routes.js';
import { sessionRoutes } from '../sessions/routes.js';
import { healthRoutes } from './health.js';

/** Everything under /api. Each resource registers its own routes here. */
export async function apiRoutes(fastify: FastifyInstance): Promise<void> {
  await fastify.register(healthRoutes);
  await fastify.register(circleRoutes);
  await fastify.register(sessionRoutes);
  await fastify.register(outputRoutes);
  await fastify.register(peopleRoutes);
}
