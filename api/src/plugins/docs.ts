import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The OpenAPI description, generated from the routes' TypeBox schemas, at /api/docs. */
export const docsPlugin = fp(
  async (fastify: FastifyInstance) => {
    await fastify.register(swagger, {
      openapi: {
        info: {
          title: 'Grow Together API',
          description: 'Circles, sessions, marks and outputs of peer coaching sessions.',
          version: '0.1.0',
        },
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
            zoomAppContext: { type: 'apiKey', in: 'header', name: 'x-zoom-app-context' },
          },
        },
      },
    });
    await fastify.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  },
  { name: 'docs', dependencies: ['security'] },
);
