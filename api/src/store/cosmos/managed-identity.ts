// Production signs in to Cosmos DB without keys: the App Service's user-assigned managed identity
// holds a Cosmos DB data-plane role (infra/azure.bicep), and AZURE_CLIENT_ID names it.
import { ManagedIdentityCredential } from '@azure/identity';
import type { CosmosCredential } from './cosmos-document-store.js';

/** The identity to sign in with: the user-assigned one named by its client id, else the system one. */
export function createManagedIdentityCredential(clientId: string | null): CosmosCredential {
  return clientId === null
    ? new ManagedIdentityCredential()
    : new ManagedIdentityCredential({ clientId });
}
