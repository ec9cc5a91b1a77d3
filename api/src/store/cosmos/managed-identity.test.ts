import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { openDocumentStore } from '../open-document-store.js';

// No token is ever asked for here: asking would reach for the Azure instance metadata address,
// which is not on this machine. Opening with `createContainers: false` makes no request at all.
describe('signing in to Cosmos DB without a key', () => {
  it('reads the managed identity named by AZURE_CLIENT_ID', () => {
    const config = loadConfig({
      STORE: 'cosmos',
      COSMOS_ENDPOINT: 'https://grow.documents.azure.com:443/',
      AZURE_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
    });
    expect(config.store).toMatchObject({
      kind: 'cosmos',
      key: null,
      managedIdentityClientId: '11111111-2222-3333-4444-555555555555',
    });
  });

  it('opens the store with a managed-identity credential when there is no COSMOS_KEY', async () => {
    const config = loadConfig({
      STORE: 'cosmos',
      COSMOS_ENDPOINT: 'http://127.0.0.1:9/',
      COSMOS_CREATE_CONTAINERS: 'false',
      AZURE_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
    });
    const store = await openDocumentStore(config.store, 30);
    expect(store.kind).toBe('cosmos');
    await store.close();
  });
});
