import type { FastifyInstance } from 'fastify';
import { healthRoutes } from './health.js';

/** Everything under /api. Each resource registers its own routes here. */
export async function apiRoutes(fastify: FastifyInstance): Promise<void> {
  await fastify.register(healthRoutes);
}
