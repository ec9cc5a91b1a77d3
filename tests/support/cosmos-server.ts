// A Cosmos DB protocol server on loopback for tests (@vercel/cosmosdb-server, see
// shared/PLATFORM.md for what it does faithfully). It can stop and resume listening on the same
// port while keeping its data, so outage tests can take the store away and bring it back.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createHttpServer } from '@vercel/cosmosdb-server';

export interface CosmosTestServerOptions {
  /**
   * HTTPS with the package's self-signed certificate, for what the SDK only does over TLS
   * (signing in with a token credential). Clients then pass the returned `agent`.
   */
  readonly tls?: boolean;
}

export interface CosmosTestServer {
  /** http(s)://127.0.0.1:<port>, with no trailing slash. */
  readonly endpoint: string;
  readonly key: string;
  /** With `tls`: an agent that accepts the self-signed certificate. */
  readonly agent?: https.Agent;
  /** Stops listening, drops open connections and forgets the data. */
  close(): Promise<void>;
  /** Stops listening and drops open connections (keep-alive ones too); the data stays. */
  stopListening(): Promise<void>;
  /** Listens again on the same port with the same data. */
  resumeListening(): Promise<void>;
}

// The server checks no signature, but the SDK signs every request with the key, so it must be
// valid base64. This is the Cosmos DB emulator's published, well-known key.
const EMULATOR_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nqzXMAtGOBNMIfOEJxfKAVlr0vFs6Jwxgfqc0oDQ==';

export async function startCosmosServer(
  options: CosmosTestServerOptions = {},
): Promise<CosmosTestServer> {
  // The package keeps its accounts in a closure it creates on every 'listening' event, so closing
  // and re-listening the same server would lose the data. The protocol server listens once (to
  // create its account) and then only handles requests that a plain front server hands it;
  // stopping and resuming touch only the front server.
  const protocolServer = createHttpServer({ keepAlive: true });
  await listen(protocolServer, 0);
  await closeServer(protocolServer);

  const forward: http.RequestListener = (request, response) => {
    protocolServer.emit('request', request, response);
  };
  const front = options.tls
    ? https.createServer({ ...readPackageCertificate(), keepAlive: true }, forward)
    : http.createServer({ keepAlive: true }, forward);
  await listen(front, 0);
  const { port } = front.address() as AddressInfo;
  let isListening = true;
  const agent = options.tls
    ? new https.Agent({ rejectUnauthorized: false, keepAlive: true })
    : undefined;

  return {
    endpoint: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    key: EMULATOR_KEY,
    ...(agent === undefined ? {} : { agent }),
    async close() {
      agent?.destroy();
      if (isListening) await closeServer(front);
      isListening = false;
    },
    async stopListening() {
      if (!isListening) return;
      isListening = false;
      await closeServer(front);
    },
    async resumeListening() {
      if (isListening) return;
      await listen(front, port);
      isListening = true;
    },
  };
}

function readPackageCertificate(): { cert: Buffer; key: Buffer } {
  const packageDir = path.dirname(
    createRequire(import.meta.url).resolve('@vercel/cosmosdb-server/package.json'),
  );
  return {
    cert: readFileSync(path.join(packageDir, 'cert.pem')),
    key: readFileSync(path.join(packageDir, 'key.pem')),
  };
}

function listen(server: http.Server | https.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

// close() alone waits for keep-alive connections to go idle and time out; the client's pooled
// sockets would hold it open for seconds, so they are destroyed.
function closeServer(server: http.Server | https.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
