import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';

// A stand-in for Microsoft's signing-key endpoint on loopback: it publishes the public half of
// one RS256 key pair and mints real tokens with the private half, so token checks run against
// genuine signatures and a genuine JWKS fetch. A second key pair, never published, makes
// tokens that look right but are signed by someone else.

export interface MintOptions {
  /** Sign with a key that is not in the JWKS (a forger's key). */
  readonly isForeignKey?: boolean;
  /** The `kid` header; by default the published key's (so a foreign key reuses it). */
  readonly kid?: string;
  /** Lifetime when `claims` has no `exp`; default one hour. */
  readonly expiresInSeconds?: number;
}

export interface JwksServer {
  /** The JWKS URL to configure as ENTRA_JWKS_URL. */
  readonly jwksUrl: string;
  readonly kid: string;
  /** How many times the JWKS has been fetched. */
  readonly fetchCount: number;
  mintToken(claims: JWTPayload, options?: MintOptions): Promise<string>;
  close(): Promise<void>;
}

export async function startJwksServer(): Promise<JwksServer> {
  const kid = 'test-signing-key';
  const published = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const publicJwk: JWK = {
    ...(await exportJWK(published.publicKey)),
    kid,
    alg: 'RS256',
    use: 'sig',
  };
  let fetchCount = 0;

  const server: Server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/discovery/v2.0/keys') {
      fetchCount += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [publicJwk] }));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    jwksUrl: `http://127.0.0.1:${port}/discovery/v2.0/keys`,
    kid,
    get fetchCount() {
      return fetchCount;
    },
    async mintToken(claims, options = {}) {
      const key: CryptoKey =
        options.isForeignKey === true ? foreign.privateKey : published.privateKey;
      const nowSeconds = Math.floor(Date.now() / 1000);
      return new SignJWT({
        iat: nowSeconds,
        nbf: nowSeconds,
        exp: nowSeconds + (options.expiresInSeconds ?? 3600),
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? kid })
        .sign(key);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
