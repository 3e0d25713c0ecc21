/** Where the integration tests find the services global-setup started (passed through the environment). */
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');

export function testEnv(): { temporalAddress: string; databaseUrl: string; namespace: string } {
  const temporalAddress = process.env.OGI_TEST_TEMPORAL_ADDRESS;
  const databaseUrl = process.env.OGI_TEST_DATABASE_URL;
  if (!temporalAddress || !databaseUrl)
    throw new Error('integration tests must run under jest with tests/support/global-setup');
  return { temporalAddress, databaseUrl, namespace: 'default' };
}
