// openDocumentStore picks the adapter the configuration names, the way the server's store plugin
// calls it.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDocumentStore } from '../../api/src/store/open-document-store.js';
import { startCosmosServer } from '../support/cosmos-server.js';
import type { CosmosTestServer } from '../support/cosmos-server.js';

let server: CosmosTestServer;
beforeAll(async () => {
  server = await startCosmosServer();
});
afterAll(async () => {
  await server.close();
});

it('opens the embedded store at the configured path', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'open-store-'));
  try {
    const file = path.join(dir, 'data', 'grow.db');
    const store = await openDocumentStore({ kind: 'sqlite', path: file }, 30);
    try {
      expect(store.kind).toBe('sqlite');
      await store.upsert('meetings', { id: 'k1', meetingKey: 'teams:1' });
      expect(existsSync(file)).toBe(true);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it('opens Cosmos DB with the configured endpoint, key and database', async () => {
  const config = {
    kind: 'cosmos',
    endpoint: server.endpoint,
    key: server.key,
    managedIdentityClientId: null,
    database: `open-${randomUUID()}`,
    createContainers: true,
  } as const;
  const store = await openDocumentStore(config, 30);
  try {
    expect(store.kind).toBe('cosmos');
    await store.upsert('meetings', { id: 'k1', meetingKey: 'teams:1' });
    expect(await store.read('meetings', 'teams:1', 'k1')).toMatchObject({ id: 'k1' });
  } finally {
    await store.close();
  }
  // No key: the managed identity signs in (no token is asked for until a request is made, and
  // none is made here: asking would reach for Azure's metadata address, which is not on this machine).
  const keyless = await openDocumentStore(
    { ...config, key: null, managedIdentityClientId: 'client-id', createContainers: false },
    30,
  );
  expect(keyless.kind).toBe('cosmos');
  await keyless.close();
});
