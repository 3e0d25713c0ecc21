/**
 * Runs before each test file of the `temporal-server` project (jest setupFiles, in the file's own copy of
 * process.env): the shared helpers read the services from OGI_TEST_TEMPORAL_ADDRESS and
 * OGI_TEST_DATABASE_URL (tests/support/env.ts); in this project those are the production server and the
 * database that tests/support/temporal-server-setup.ts started, under names of their own.
 */
const address = process.env.OGI_TEST_SERVER_TEMPORAL_ADDRESS;
const databaseUrl = process.env.OGI_TEST_SERVER_DATABASE_URL;
if (!address || !databaseUrl) {
  throw new Error('the temporal-server tests must run under jest with tests/support/temporal-server-setup');
}
process.env.OGI_TEST_TEMPORAL_ADDRESS = address;
process.env.OGI_TEST_DATABASE_URL = databaseUrl;
export {};
