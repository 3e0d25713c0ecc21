/** The HTTP API: NestJS on fastify. Stops cleanly on SIGINT/SIGTERM. */
import { ConfigError, loadConfig } from '../../../platform/config';
import { API_PREFIX, createApp } from './app.factory';
import { redactValue } from '../../../platform/redact';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.api.port, host: config.api.host });
  const url = await app.getUrl();
  console.log(`[api] listening on ${url}/${API_PREFIX} (OpenAPI: ${url}/${API_PREFIX}/docs)`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`[api] ${err.message}`);
  else console.error(`[api] failed to start: ${redactValue(err)}`); // never the database password
  process.exit(1);
});
