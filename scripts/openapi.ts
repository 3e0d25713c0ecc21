/**
 * Writes docs/openapi.json, the API reference, generated from the controllers and DTOs.
 * Needs the database of OGI_DATABASE_URL (the app initialises its modules); nothing is written there.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../platform/config';
import { buildOpenApiDocument, createApp } from '../apps/api/src/app.factory';

async function main(): Promise<void> {
  const app = await createApp({ ...loadConfig(), logLevel: 'error' });
  await app.init();
  const out = join(__dirname, '..', '..', 'docs', 'openapi.json');
  writeFileSync(out, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  await app.close();
  console.log(`wrote ${out}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
