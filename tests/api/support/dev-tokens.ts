import type { FastifyInstance } from 'fastify';

/** Mints a demo user's token through the app's own dev route, once per user. */
export function createDevTokenSource(app: FastifyInstance): (userId: string) => Promise<string> {
  const tokens = new Map<string, string>();
  return async (userId) => {
    const known = tokens.get(userId);
    if (known !== undefined) return known;
    const response = await app.inject({
      method: 'POST',
      url: '/api/dev/token',
      payload: { userId },
    });
    if (response.statusCode !== 200)
      throw new Error(`no dev token for ${userId}: ${response.body}`);
    const { token } = response.json<{ token: string }>();
    tokens.set(userId, token);
    return token;
  };
}
