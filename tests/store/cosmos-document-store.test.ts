// What the shared contract cannot see of the Cosmos DB adapter: how it signs in, what it does at
// start-up with and without permission to create containers, and how it fails when Cosmos is
// away or slow. Runs against the Cosmos protocol server on loopback.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CosmosClient } from '@azure/cosmos';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../api/src/config.js';
import { createCosmosDocumentStore } from '../../api/src/store/cosmos/cosmos-document-store.js';
import type { CosmosDocumentStoreOptions } from '../../api/src/store/cosmos/cosmos-document-store.js';
import { StoreUnavailableError } from '../../api/src/store/port.js';
import type { DocumentStore } from '../../api/src/store/port.js';
import { startCosmosServer } from '../support/cosmos-server.js';
import type { CosmosTestServer } from '../support/cosmos-server.js';

const DAY_SECONDS = 86_400;

let server: CosmosTestServer;
let admin: CosmosClient;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startCosmosServer();
  admin = new CosmosClient({
    endpoint: server.endpoint,
    key: server.key,
    connectionPolicy: { enableEndpointDiscovery: false },
  });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  admin.dispose();
  await server.close();
});

async function open(options: Partial<CosmosDocumentStoreOptions> = {}): Promise<DocumentStore> {
  const store = await createCosmosDocumentStore({
    endpoint: server.endpoint,
    key: server.key,
    database: `db-${randomUUID()}`,
    createContainers: true,
    retentionDays: 30,
    requestTimeoutMs: 2_000,
    ...options,
  });
  cleanups.push(() => store.close());
  return store;
}

describe('signing in', () => {
  it('refuses to start with neither a key nor a credential, naming the variable', async () => {
    const attempt = open({ key: null });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(/COSMOS_KEY/);
  });

  it('signs requests with the credential it is given when there is no key', async () => {
    // The SDK sends bearer tokens over TLS only.
    const tlsServer = await startCosmosServer({ tls: true });
    cleanups.push(() => tlsServer.close());
    const getToken = vi.fn(async () => ({
      token: 'managed-identity-token',
      expiresOnTimestamp: Date.now() + 3_600_000,
    }));
    const store = await open({
      endpoint: tlsServer.endpoint,
      key: null,
      aadCredentials: { getToken },
      ...(tlsServer.agent === undefined ? {} : { agent: tlsServer.agent }),
    });
    await store.create('circles', { id: 's1', circleId: 'c1' });
    expect(getToken).toHaveBeenCalled();
    expect(await store.read('circles', 'c1', 's1')).toMatchObject({ id: 's1' });
  });
});

describe('start-up', () => {
  it('creates the database and containers with their partition keys and retention', async () => {
    const database = `db-${randomUUID()}`;
    await open({ database, retentionDays: 12 });
    const { resources } = await admin.database(database).containers.readAll().fetchAll();
    const layout = Object.fromEntries(
      resources.map((c) => [c.id, [c.partitionKey?.paths, c.defaultTtl]]),
    );
    expect(layout).toEqual({
      circles: [['/circleId'], 12 * DAY_SECONDS],
      people: [['/personId'], 12 * DAY_SECONDS],
      meetings: [['/meetingKey'], -1],
      changes: [['/bucket'], -1],
      bot: [['/botKey'], -1],
    });
  });

  it('brings an existing container to a changed retention', async () => {
    const database = `db-${randomUUID()}`;
    await (await open({ database, retentionDays: 7 })).close();
    await open({ database, retentionDays: 90 });
    const { resource } = await admin.database(database).container('circles').read();
    expect(resource?.defaultTtl).toBe(90 * DAY_SECONDS);
  });

  it('only references the containers when it may not create them', async () => {
    const database = `db-${randomUUID()}`;
    const writer = await open({ database });
    await writer.create('meetings', { id: 'k1', meetingKey: 'teams:1', circleId: 'c1' });

    const reader = await open({ database, createContainers: false });
    expect(await reader.read('meetings', 'teams:1', 'k1')).toMatchObject({ circleId: 'c1' });

    const nowhere = await open({ database: `missing-${randomUUID()}`, createContainers: false });
    await expect(nowhere.checkHealth()).rejects.toThrow(StoreUnavailableError);
    const { resources } = await admin.databases.readAll().fetchAll();
    expect(resources.some((d) => d.id.startsWith('missing-'))).toBe(false);
  });
});

describe('failures', () => {
  it('answers StoreUnavailableError while Cosmos is away, and serves again when it is back', async () => {
    const store = await open();
    await store.create('circles', { id: 's1', circleId: 'c1', title: 'kept' });
    await server.stopListening();
    try {
      const read = store.read('circles', 'c1', 's1');
      await expect(read).rejects.toThrow(StoreUnavailableError);
      await expect(read).rejects.toHaveProperty('cause.code', 'ECONNREFUSED');
      await expect(store.upsert('circles', { id: 's2', circleId: 'c1' })).rejects.toThrow(
        StoreUnavailableError,
      );
      await expect(store.query('circles', 'c1')).rejects.toThrow(StoreUnavailableError);
      await expect(store.checkHealth()).rejects.toThrow(StoreUnavailableError);
    } finally {
      await server.resumeListening();
    }
    expect(await store.read('circles', 'c1', 's1')).toMatchObject({ title: 'kept' });
    await expect(store.checkHealth()).resolves.toBeUndefined();
  });

  it('answers StoreUnavailableError when Cosmos does not answer in time', async () => {
    const silent = http.createServer(() => {
      // Never answers: a hung gateway.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    });
    const { port } = silent.address() as AddressInfo;
    const startedAtMs = Date.now();
    const attempt = open({ endpoint: `http://127.0.0.1:${port}`, requestTimeoutMs: 300 });
    await expect(attempt).rejects.toThrow(StoreUnavailableError);
    await expect(attempt).rejects.toHaveProperty('cause.name', 'TimeoutError');
    expect(Date.now() - startedAtMs).toBeLessThan(5_000);
  });

  it('answers StoreUnavailableError when Cosmos answers 503 or keeps throttling', async () => {
    for (const status of [503, 429]) {
      const failing = http.createServer((_request, response) => {
        response.writeHead(status, {
          'content-type': 'application/json',
          'x-ms-retry-after-ms': '1',
        });
        response.end(JSON.stringify({ code: 'Unavailable', message: 'try later' }));
      });
      await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
      cleanups.push(async () => {
        failing.closeAllConnections();
        await new Promise((resolve) => failing.close(resolve));
      });
      const { port } = failing.address() as AddressInfo;
      const attempt = open({ endpoint: `http://127.0.0.1:${port}` });
      await expect(attempt).rejects.toThrow(StoreUnavailableError);
      await expect(attempt).rejects.toHaveProperty('cause.code', status);
    }
  });
});
