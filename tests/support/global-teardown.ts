import { dropDatabase } from '../../platform/database/data-source';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__OGI_TEMPORAL__?.stop(5000);
  const url = process.env.OGI_TEST_DATABASE_URL;
  if (url && !process.env.OGI_TEST_KEEP_DATABASE) await dropDatabase(url);
}
