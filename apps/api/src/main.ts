/** The HTTP API: NestJS on fastify. Stops cleanly on SIGINT/SIGTERM. */
import { ConfigError, loadConfig } from '../../../platform/config';
import { API_PREFIX, createApp } from './app.factory';
import { JsonNestLogger } from './operability/operability';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.api.port, host: config.api.host });
  const url = await app.getUrl();
  new JsonNestLogger(config.logLevel).announce(`[api] listening on ${url}/${API_PREFIX}`, {
    openapi: `${url}/${API_PREFIX}/docs`,
    metrics: `${url}/metrics`,
  });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`[api] ${err.message}`);
  else
    new JsonNestLogger('error').error(
      '[api] failed to start',
      err instanceof Error ? err.stack : String(err),
    );
  process.exit(1);
});
