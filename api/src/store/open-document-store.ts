// Opens the store the configuration names. Each adapter is loaded only when chosen, so a server
// on the embedded store never loads the Cosmos SDK.
import type { StoreConfig } from '../config.js';
import type { CosmosCredential } from './cosmos/cosmos-document-store.js';
import type { DocumentStore } from './port.js';

export interface OpenDocumentStoreOptions {
  /** Signs in to Cosmos DB when the config has no key (a managed identity in production). */
  readonly cosmosCredential?: CosmosCredential;
  /** The embedded store's clock for expiry (tests move it forward to see retention work). */
  readonly now?: () => number;
}

export async function openDocumentStore(
  config: StoreConfig,
  retentionDays: number,
  options: OpenDocumentStoreOptions = {},
): Promise<DocumentStore> {
  if (config.kind === 'sqlite') {
    const { createSqliteDocumentStore } = await import('./sqlite/sqlite-document-store.js');
    return createSqliteDocumentStore({
      path: config.path,
      retentionDays,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }
  const { createCosmosDocumentStore } = await import('./cosmos/cosmos-document-store.js');
  // No key: sign in with the managed identity (data-plane RBAC), unless a test passes a credential.
  const credential =
    options.cosmosCredential ??
    (config.key === null
      ? (await import('./cosmos/managed-identity.js')).createManagedIdentityCredential(
          config.managedIdentityClientId,
        )
      : undefined);
  return createCosmosDocumentStore({
    endpoint: config.endpoint,
    key: config.key,
    database: config.database,
    createContainers: config.createContainers,
    retentionDays,
    ...(config.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: config.requestTimeoutMs }),
    ...(credential === undefined ? {} : { aadCredentials: credential }),
  });
}
