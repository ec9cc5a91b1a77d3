// Azure for Grow Together, deployed by `teamsapp provision` (arm/deploy in teamsapp.yml):
// one Linux App Service site runs the whole app (panel, API, bot endpoint) on Node 22 LTS;
// Cosmos DB keeps the data, reached with a user-assigned managed identity and data-plane RBAC
// (account keys are switched off); Key Vault holds the bot password and the Zoom client secret;
// Azure Bot connects the site to Teams; Application Insights and Log Analytics watch it.
// The outputs at the end are written to env/.env.<env> and read by teamsapp.yml.

@minLength(4)
@maxLength(20)
@description('Prefix of every resource name; the site is <name>.azurewebsites.net.')
param resourceBaseName string

param location string = resourceGroup().location

@description('App Service plan size. B1 is the smallest with Always On, which the bot needs.')
param webAppSku string = 'B1'

@maxLength(42)
param botDisplayName string = 'Grow Together'

@description('Client id of the bot app registration (botAadApp/create writes BOT_ID).')
param botAadAppClientId string

@secure()
@description('Client secret of the bot app registration; stored in Key Vault, never in app settings.')
param botAadAppClientSecret string

@allowed([
  'SingleTenant'
  'MultiTenant'
])
@description('How the bot app registration signs in; new registrations are single-tenant.')
param botAppType string = 'SingleTenant'

@description('The Teams app id (teamsApp/create writes TEAMS_APP_ID), for the bot\'s links to the side panel.')
param teamsAppId string

@description('Fetch each meeting\'s transcript from Microsoft Graph when it ends (RSC OnlineMeetingTranscript.Read.Chat). Off: only uploaded transcripts are analysed.')
param fetchMeetingTranscripts bool = false

@description('Client id of the SSO app registration (aadApp/create writes AAD_APP_CLIENT_ID).')
param entraClientId string

@description('The Microsoft 365 tenant whose people sign in, and where the app registrations live.')
param entraTenantId string

@secure()
@description('The Zoom app client secret; empty runs the server without Zoom.')
param zoomClientSecret string = ''

@allowed([
  'serverless'
  'autoscale'
])
@description('serverless pays per request unit (right for a few circles); autoscale shares provisioned throughput across the database.')
param cosmosCapacityMode string = 'serverless'

@minValue(1000)
@description('Autoscale only: the highest request units a second the database may scale to.')
param cosmosAutoscaleMaxThroughput int = 1000

@minValue(0)
@maxValue(3650)
@description('Days session data is kept (RETENTION_DAYS and the containers\' default TTL); 0 keeps it until deleted.')
param retentionDays int = 365

// The store's one source of container names, partition keys and retention. The api imports the
// same file (api/src/store/containers.ts), so the two cannot drift apart.
var storeLayout = loadJsonContent('../api/src/store/containers.json')
var isServerless = cosmosCapacityMode == 'serverless'
var isSingleTenantBot = botAppType == 'SingleTenant'
var hasZoom = !empty(zoomClientSecret)

// Built-in role ids: Cosmos DB Built-in Data Contributor (data plane) and Key Vault Secrets User.
var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var botPasswordSecretName = 'bot-app-password'
var zoomSecretName = 'zoom-client-secret'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
}

// ---- Cosmos DB ---------------------------------------------------------------------------------

resource cosmosAccount 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: toLower('${resourceBaseName}-cosmos')
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: isServerless ? [ { name: 'EnableServerless' } ] : []
    // No account keys: only Entra identities with a data-plane role assignment get in.
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
  }
}

resource cosmosDatabase 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmosAccount
  name: storeLayout.database
  properties: {
    resource: {
      id: storeLayout.database
    }
    options: isServerless ? {} : { autoscaleSettings: { maxThroughput: cosmosAutoscaleMaxThroughput } }
  }
}

// One container per entry of containers.json. defaultTtl follows the store's rule
// (computeDefaultTtlSeconds): session data lives retentionDays, the rest never expires by
// default (-1 keeps each document's own ttl working).
resource cosmosContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [
  for container in items(storeLayout.containers): {
    parent: cosmosDatabase
    name: container.key
    properties: {
      resource: {
        id: container.key
        partitionKey: {
          paths: [ '/${container.value.partitionKey}' ]
          kind: 'Hash'
          version: 2
        }
        defaultTtl: container.value.retention == 'session-data' && retentionDays > 0 ? retentionDays * storeLayout.secondsPerDay : -1
      }
    }
  }
]

resource cosmosDataAccess 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmosAccount
  name: guid(cosmosAccount.id, identity.id, cosmosDataContributorRoleId)
  properties: {
    roleDefinitionId: '${cosmosAccount.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}'
    principalId: identity.properties.principalId
    scope: cosmosAccount.id
  }
}

// ---- Key Vault ---------------------------------------------------------------------------------

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv${uniqueString(resourceGroup().id, resourceBaseName)}'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: botPasswordSecretName
  properties: {
    value: botAadAppClientSecret
  }
}

resource zoomSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (hasZoom) {
  parent: vault
  name: zoomSecretName
  properties: {
    value: zoomClientSecret
  }
}

resource vaultAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---- Monitoring --------------------------------------------------------------------------------

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${resourceBaseName}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

// ---- App Service -------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the same identity that reads Cosmos DB.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      // Workspaces run from their TypeScript sources (the `source` condition), as in development.
      appCommandLine: 'node --import tsx --conditions=source api/src/server.ts'
      alwaysOn: true
      http20Enabled: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      healthCheckPath: '/api/health'
    }
  }
}

var keyVaultReference = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName='

// Every name here is a variable api/src/config.ts reads (or one the platform reads); the
// infra tests check that.
var baseSettings = {
  NODE_ENV: 'production'
  PUBLIC_URL: 'https://${site.properties.defaultHostName}'
  AUTH_MODE: 'entra'
  ENTRA_CLIENT_ID: entraClientId
  ENTRA_ALLOWED_TENANTS: entraTenantId
  MICROSOFT_APP_ID: botAadAppClientId
  MICROSOFT_APP_PASSWORD: '${keyVaultReference}${botPasswordSecretName})'
  TEAMS_APP_ID: teamsAppId
  GRAPH_TRANSCRIPTS: fetchMeetingTranscripts ? 'true' : 'false'
  STORE: 'cosmos'
  COSMOS_ENDPOINT: cosmosAccount.properties.documentEndpoint
  COSMOS_DATABASE: storeLayout.database
  COSMOS_CREATE_CONTAINERS: 'false'
  // The managed identity the server signs in to Cosmos DB with (no COSMOS_KEY).
  AZURE_CLIENT_ID: identity.properties.clientId
  RETENTION_DAYS: string(retentionDays)
  LOG_LEVEL: 'info'
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  ApplicationInsightsAgent_EXTENSION_VERSION: '~3'
  WEBSITE_RUN_FROM_PACKAGE: '1'
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
}
var botTenantSettings = isSingleTenantBot ? { MICROSOFT_APP_TENANT_ID: entraTenantId } : {}
var zoomSettings = hasZoom ? { ZOOM_CLIENT_SECRET: '${keyVaultReference}${zoomSecretName})' } : {}

resource siteSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: union(baseSettings, botTenantSettings, zoomSettings)
  // The references resolve only once the secrets exist and the identity may read them.
  dependsOn: [
    botPasswordSecret
    zoomSecret
    vaultAccess
    cosmosDataAccess
  ]
}

resource siteDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: site
  name: 'to-log-analytics'
  properties: {
    workspaceId: logs.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
    ]
  }
}

// ---- Azure Bot ---------------------------------------------------------------------------------

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${resourceBaseName}-bot'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${site.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: botAppType
    msaAppTenantId: isSingleTenantBot ? entraTenantId : ''
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

// ---- Outputs (written to env/.env.<env>; teamsapp.yml, the manifests and the zip deploy use them)

output TAB_DOMAIN string = site.properties.defaultHostName
output TAB_ENDPOINT string = 'https://${site.properties.defaultHostName}'
output API_AZURE_APP_SERVICE_RESOURCE_ID string = site.id
