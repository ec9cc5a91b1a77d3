import { buildApp } from './app.js';
import { DEMO_USERS } from './auth/dev-tokens.js';
import { ConfigError, loadConfig } from './config.js';

// The process entry point: read the config, build the app, listen. Everything else is in app.ts.
try {
  const config = loadConfig();
  const app = await buildApp({ config });
  const address = await app.listen({ host: config.host, port: config.port });
  const port = new URL(address).port;
  console.log(`Grow Together is running at http://localhost:${port} (${config.store.kind} store)`);
  if (config.auth.devMode) {
    console.log('Dev mode: open the panel in several browser tabs, one per demo user:');
    for (const user of DEMO_USERS) console.log(`  ${user.displayName.padEnd(6)} ${user.userId}`);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void app.close().then(() => process.exit(0));
    });
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
