/** Agencies, code lists, health, and the OpenAPI document generated from the code. */
import { consoleApiTypes } from '../../scripts/openapi-types';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Api, createAgencyWithStaff, startStack } from '../support/stack';
import { DIST, ROOT } from '../support/env';
import { startProcess } from '../../platform/processes';

type Stack = Awaited<ReturnType<typeof startStack>>;

/** As much of an OpenAPI document as the checks below read. */
interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
  components?: { schemas?: Record<string, unknown> };
}

describe('API basics', () => {
  let stack: Stack;
  let api: Api;

  beforeAll(async () => {
    stack = await startStack();
    api = (await createAgencyWithStaff(stack.api)).api;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('reports health of the database and Temporal', async () => {
    const res = await stack.api.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: 'ok',
      temporal: 'ok',
      // Issue 10: the worker's Prometheus exporter (off in the tests unless a test gives it a port).
      workerMetrics: 'off',
      stuckCases: expect.any(Number),
    });
  });

  it('creates agencies, refuses a taken code with 409 and a bad code with 400', async () => {
    const code = `basics-${Date.now()}`;
    const created = await api.post('/agencies', { code, name: '某市某局' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code, name: '某市某局' });
    const again = await api.post('/agencies', { code, name: '重复' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('AGENCY_CODE_TAKEN');
    const bad = await api.post('/agencies', { code: 'Has Spaces', name: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('code');
    const one = await api.get(`/agencies/${created.body.id}`);
    expect(one.body.name).toBe('某市某局');
    const list = await api.get('/agencies');
    expect(list.body.map((a: { code: string }) => a.code)).toContain(code);
  });

  it('serves the code lists with Chinese labels and the receipt rule of each channel', async () => {
    const res = await api.get('/reference');
    expect(res.status).toBe(200);
    expect(res.body.outcomes).toHaveLength(21);
    expect(res.body.applicantTypes.map((t: { code: string }) => t.code)).toEqual([
      'natural_person',
      'commercial_enterprise',
      'research_institution',
      'public_interest_org',
      'legal_service_org',
      'other_org',
    ]);
    const post = res.body.channels.find((c: { code: string }) => c.code === 'registered_post');
    expect(post.receiptRule).toContain('签收之日');
  });

  it('serves the OpenAPI document, and docs/openapi.json is the same document', async () => {
    const res = await api.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/applications',
        '/api/applications/{id}',
        '/api/applications/{id}/draft-decision',
        '/api/reports/{year}',
      ]),
    );
    const checkedIn = JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8'));
    // `npm run openapi` regenerates the checked-in copy when this fails.
    expect(checkedIn).toEqual(res.body);
    // … and the console's types generated from it (issue 13).
    const consoleTypes = readFileSync(join(ROOT, 'apps', 'console', 'src', 'api-types.ts'), 'utf8');
    expect(consoleTypes).toBe(consoleApiTypes(res.body));

    // Issue 13: every operation documents what it answers. Each success (2xx) is declared, and each has
    // a content schema, except an explicitly documented 204 (no body).
    const document = res.body as OpenApiDocument;
    const withoutSchema: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const successes = Object.entries(operation.responses ?? {}).filter(([code]) => code.startsWith('2'));
        const described =
          successes.length > 0 &&
          successes.every(([code, response]) =>
            code === '204'
              ? response.content === undefined
              : Object.values(response.content ?? {}).length > 0 &&
                Object.values(response.content ?? {}).every((media) => media.schema !== undefined),
          );
        if (!described) withoutSchema.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(withoutSchema).toEqual([]);

    // Every schema a response (or anything else) refers to is among the components.
    const refs = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === '$ref' && typeof inner === 'string') refs.add(inner);
          else collect(inner);
        }
      }
    };
    collect(document.paths);
    collect(document.components);
    const defined = new Set(
      Object.keys(document.components?.schemas ?? {}).map((name) => `#/components/schemas/${name}`),
    );
    expect([...refs].filter((ref) => !defined.has(ref))).toEqual([]);
  });

  it.each([
    ['api', 'apps/api/src/main.js'],
    ['worker', 'apps/worker/src/main.js'],
  ])('the %s refuses to start on a bad setting, naming it', async (_name, entry) => {
    const lines: string[] = [];
    const p = startProcess({
      name: 'bad-config',
      command: process.execPath,
      args: [join(DIST, entry)],
      env: { OGI_API_PORT: '99999', OGI_TEMPORAL_ADDRESS: 'localhost', OGI_WORKING_DAY_MS: '-5' },
      onLine: (line) => lines.push(line),
    });
    expect(await p.exited).toBe(1);
    const output = lines.join('\n');
    expect(output).toContain('Invalid configuration');
    expect(output).toContain('OGI_TEMPORAL_ADDRESS="localhost" must be host:port');
    expect(output).toContain('OGI_WORKING_DAY_MS="-5" must be a whole number');
    if (entry.includes('api')) expect(output).toContain('OGI_API_PORT="99999"');
  });
});
