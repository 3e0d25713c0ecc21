/**
 * Writes docs/openapi.json, the API reference, generated from the controllers and DTOs, and the console's
 * types generated from it (apps/console/src/api-types.ts).
 * Needs the database of OGI_DATABASE_URL (the app initialises its modules); nothing is written there.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../platform/config';
import { buildOpenApiDocument, createApp } from '../apps/api/src/app.factory';
import { type OpenApiDocument, consoleApiTypes } from './openapi-types';

async function main(): Promise<void> {
  const app = await createApp({ ...loadConfig(), logLevel: 'error' });
  await app.init();
  const root = join(__dirname, '..', '..');
  const doc = buildOpenApiDocument(app);
  const out = join(root, 'docs', 'openapi.json');
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  const types = join(root, 'apps', 'console', 'src', 'api-types.ts');
  writeFileSync(types, consoleApiTypes(JSON.parse(JSON.stringify(doc)) as OpenApiDocument));
  await app.close();
  console.log(`wrote ${out} and ${types}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
