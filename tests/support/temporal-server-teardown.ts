import { dropDatabase } from '../../platform/database/data-source';
import { siblingDatabaseUrl } from '../../platform/temporal-server';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__OGI_TEMPORAL_SERVER__?.stop(10_000);
  if (process.env.OGI_TEST_KEEP_DATABASE) return;
  const app = process.env.OGI_TEST_SERVER_DATABASE_URL;
  if (app) await dropDatabase(app);
  const temporal = process.env.OGI_TEST_SERVER_TEMPORAL_DATABASE_URL;
  const visibility = process.env.OGI_TEST_SERVER_TEMPORAL_VISIBILITY_DATABASE;
  if (temporal) await dropDatabase(temporal);
  if (temporal && visibility) await dropDatabase(siblingDatabaseUrl(temporal, visibility));
}
