import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__OGI_TEMPORAL__?.stop(5000);
  const url = process.env.OGI_TEST_DATABASE_URL;
  if (url && !process.env.OGI_TEST_KEEP_DATABASE) {
    const u = new URL(url);
    const name = u.pathname.slice(1);
    u.pathname = '/postgres';
    const client = new Client({ connectionString: u.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  }
}
