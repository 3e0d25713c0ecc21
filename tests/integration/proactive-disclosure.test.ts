/**
 * Proactive disclosure (table 二) through the HTTP API: the seed's register (2 normative documents in
 * force before 2024, 5 issued and 3 repealed in 2024) and its figures give the published table 二
 * exactly; bad input is a 400 naming the field; only admins and reviewers write; the list pages.
 */
import seed from '../fixtures/seed-2024-tables.json';
import { type AgencyStaff, createAgencyWithStaff, startStack } from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

let stack: Stack;
let staff: AgencyStaff;

beforeAll(async () => {
  stack = await startStack();
  staff = await createAgencyWithStaff(stack.api, '主动公开测试机关');
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);

describe('table 二 from the register and the recorded figures', () => {
  const ids: string[] = [];

  it('registers the seed’s documents and repeals three of them in 2024', async () => {
    const reviewer = staff.as.reviewer;
    const issued = [
      '2022-05-10',
      '2023-09-01',
      '2024-01-15',
      '2024-03-20',
      '2024-06-18',
      '2024-09-09',
      '2024-12-31',
    ];
    for (const [i, issuedOn] of issued.entries()) {
      const d = await reviewer.ok(
        '/disclosure-documents',
        {
          kind: 'normative_document',
          title: `关于印发第${i + 1}号管理办法的通知`,
          documentNumber: `测政办规〔${issuedOn.slice(0, 4)}〕${i + 1}号`,
          issuedOn,
        },
        201,
      );
      expect(d).toMatchObject({
        kind: 'normative_document',
        kindLabel: '行政规范性文件',
        issuedOn,
        repealedOn: null,
      });
      ids.push(d.id);
    }
    // The two old ones and one new one are repealed in 2024.
    for (const [id, repealedOn] of [
      [ids[0], '2024-03-01'],
      [ids[1], '2024-07-01'],
      [ids[2], '2024-11-30'],
    ]) {
      const d = await staff.as.admin.ok(`/disclosure-documents/${id}/repeal`, {
        repealedOn,
        note: '经清理决定废止',
      });
      expect(d).toMatchObject({ repealedOn, repealNote: '经清理决定废止', inForce: false });
    }
    const again = await reviewer.post(`/disclosure-documents/${ids[0]}/repeal`, { repealedOn: '2024-05-01' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_REPEALED');
  });

  it('gives table 二 with every figure 0 and missing while no figure is entered', async () => {
    const res = await staff.as.registrar.get(`/disclosure-figures/table2?year=2024`);
    expect(res.status).toBe(200);
    expect(res.body.table2).toEqual(seed.table2);
    expect(res.body.table2_sources).toEqual({
      licensing_decisions: null,
      penalty_decisions: null,
      enforcement_decisions: null,
      administrative_fees_wan_yuan: null,
    });
    const checks = res.body.checks as Array<{ key: string; ok: boolean; failures: string[] }>;
    expect(checks.find((c) => c.key === 'table2.in_force.normative_documents')!.ok).toBe(true);
    const entered = checks.find((c) => c.key === 'table2.figures_entered')!;
    expect(entered.ok).toBe(false);
    expect(entered.failures).toHaveLength(4);
  });

  it('gives the seed’s table 二 exactly once the figures are entered as 0 with their source', async () => {
    const source = '省政务服务平台导出 2025-01-05';
    const put = await staff.as.reviewer.request('PUT', '/disclosure-figures/2024', {
      figures: {
        licensing_decisions: { value: 0, source },
        penalty_decisions: { value: 0, source },
        enforcement_decisions: { value: 0, source: '行政执法监督平台 2025-01-06' },
        administrative_fees_wan_yuan: { value: 0, source: '财政非税收入系统 2025-01-06' },
      },
    });
    expect(put.status).toBe(200);
    expect(put.body.missing).toEqual([]);
    expect(put.body.figures.licensing_decisions).toMatchObject({
      value: 0,
      source,
      recordedBy: expect.stringContaining(staff.usernames.reviewer),
    });
    const res = await staff.as.handler.get(
      `/disclosure-figures/table2?year=2024&agencyId=${staff.agency.id}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.table2).toEqual(seed.table2);
    expect(res.body.table2_sources.enforcement_decisions).toMatchObject({
      source: '行政执法监督平台 2025-01-06',
    });
    expect((res.body.checks as Array<{ ok: boolean }>).every((c) => c.ok)).toBe(true);
  });

  it('lets a figure be overwritten, recording who and when, and sums a fee to 4 decimals', async () => {
    const put = await staff.as.admin.request('PUT', '/disclosure-figures/2023', {
      figures: { administrative_fees_wan_yuan: { value: 1.2345, source: '财政非税收入系统' } },
    });
    expect(put.status).toBe(200);
    const put2 = await staff.as.reviewer.request('PUT', '/disclosure-figures/2023', {
      figures: { administrative_fees_wan_yuan: { value: 2.5, source: '财政非税收入系统（更正）' } },
    });
    expect(put2.status).toBe(200);
    const got = await staff.as.registrar.get('/disclosure-figures?year=2023');
    expect(got.body.figures.administrative_fees_wan_yuan).toMatchObject({
      value: 2.5,
      source: '财政非税收入系统（更正）',
      recordedBy: expect.stringContaining(staff.usernames.reviewer),
    });
    expect(got.body.missing).toEqual(['licensing_decisions', 'penalty_decisions', 'enforcement_decisions']);
    const t2023 = await staff.api.get('/disclosure-figures/table2?year=2023');
    expect(t2023.body.table2).toMatchObject({
      administrative_fees_wan_yuan: 2.5,
      normative_documents: { issued: 1, repealed: 0, in_force: 2 },
    });
  });

  it('filters the register by kind, year and in force', async () => {
    const inForce2024 = await staff.api.get('/disclosure-documents?year=2024&inForce=true');
    expect(inForce2024.body.total).toBe(4);
    const all2024 = await staff.api.get('/disclosure-documents?year=2024');
    expect(all2024.body.total).toBe(7);
    const in2023 = await staff.api.get('/disclosure-documents?year=2023&inForce=true');
    expect(in2023.body.total).toBe(2);
    const rules = await staff.api.get('/disclosure-documents?kind=rule');
    expect(rules.body.total).toBe(0);
  });
});

describe('corrections, validation and roles', () => {
  it('corrects a document and refuses a repeal date before the issue date', async () => {
    const d = await staff.as.admin.ok(
      '/disclosure-documents',
      { kind: 'rule', title: '某某管理规定', issuedOn: '2021-03-01' },
      201,
    );
    const patched = await staff.as.reviewer.request('PATCH', `/disclosure-documents/${d.id}`, {
      title: '某某管理规定（修订）',
      documentNumber: '测政令第3号',
      issuedOn: '2021-04-01',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      title: '某某管理规定（修订）',
      documentNumber: '测政令第3号',
      issuedOn: '2021-04-01',
    });
    const early = await staff.as.reviewer.post(`/disclosure-documents/${d.id}/repeal`, {
      repealedOn: '2021-03-15',
    });
    expect(early.status).toBe(400);
    expect(fieldsOf(early.body)).toEqual(['repealedOn']);
    const repealed = await staff.as.reviewer.ok(`/disclosure-documents/${d.id}/repeal`, {
      repealedOn: '2022-01-01',
    });
    expect(repealed.repealedOn).toBe('2022-01-01');
    // Moving the issue date after the repeal names the issue date.
    const moved = await staff.as.reviewer.request('PATCH', `/disclosure-documents/${d.id}`, {
      issuedOn: '2022-06-01',
    });
    expect(moved.status).toBe(400);
    expect(fieldsOf(moved.body)).toEqual(['issuedOn']);
    const unrepealed = await staff.as.reviewer.request('PATCH', `/disclosure-documents/${d.id}`, {
      repealedOn: null,
    });
    expect(unrepealed.status).toBe(200);
    expect(unrepealed.body).toMatchObject({ repealedOn: null, inForce: true });
    const corrected = await staff.as.reviewer.request('PATCH', `/disclosure-documents/${d.id}`, {
      repealedOn: '2021-12-31',
    });
    expect(corrected.body).toMatchObject({ repealedOn: '2021-12-31', inForce: false });
  });

  it('answers 400 naming each bad field', async () => {
    const bad = await staff.as.admin.post('/disclosure-documents', {
      kind: 'law',
      title: '',
      issuedOn: '2024-02-30',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(expect.arrayContaining(['kind', 'title', 'issuedOn', 'extra']));
    const future = await staff.as.admin.post('/disclosure-documents', {
      kind: 'rule',
      title: '未来的文件',
      issuedOn: '2099-01-01',
    });
    expect(future.status).toBe(400);
    expect(fieldsOf(future.body)).toEqual(['issuedOn']);
    const control = await staff.as.admin.post('/disclosure-documents', {
      kind: 'rule',
      title: '含\u0007控制字符',
      issuedOn: '2024-01-01',
    });
    expect(control.status).toBe(400);
    expect(fieldsOf(control.body)).toEqual(['title']);

    const figures = await staff.as.admin.request('PUT', '/disclosure-figures/2024', {
      figures: {
        licensing_decisions: { value: 1.5, source: 'x' },
        penalty_decisions: { value: -1, source: 'x' },
        enforcement_decisions: { value: 1 },
        administrative_fees_wan_yuan: { value: 1.23456, source: 'x' },
        bogus: { value: 1, source: 'x' },
      },
    });
    expect(figures.status).toBe(400);
    expect(fieldsOf(figures.body)).toEqual(
      expect.arrayContaining([
        'figures.penalty_decisions.value',
        'figures.enforcement_decisions.source',
        'figures.administrative_fees_wan_yuan.value',
        'figures.bogus',
      ]),
    );
    const fraction = await staff.as.admin.request('PUT', '/disclosure-figures/2024', {
      figures: { licensing_decisions: { value: 1.5, source: 'x' } },
    });
    expect(fraction.status).toBe(400);
    expect(fieldsOf(fraction.body)).toEqual(['figures.licensing_decisions.value']);
    const empty = await staff.as.admin.request('PUT', '/disclosure-figures/2024', { figures: {} });
    expect(empty.status).toBe(400);
    expect(fieldsOf(empty.body)).toEqual(['figures']);
    const nulls = await staff.as.admin.request('PUT', '/disclosure-figures/2024', {
      figures: { licensing_decisions: null },
    });
    expect(nulls.status).toBe(400);
    expect(fieldsOf(nulls.body)).toEqual(['figures']);
    const year = await staff.as.admin.request('PUT', '/disclosure-figures/1999', {
      figures: { licensing_decisions: { value: 1, source: 'x' } },
    });
    expect(year.status).toBe(400);
    expect(fieldsOf(year.body)).toEqual(['year']);
    const noYear = await staff.api.get('/disclosure-figures');
    expect(noYear.status).toBe(400);
    expect(fieldsOf(noYear.body)).toEqual(['year']);
    const badId = await staff.api.post('/disclosure-documents/not-a-uuid/repeal', {
      repealedOn: '2024-01-01',
    });
    expect(badId.status).toBe(400);
    expect(fieldsOf(badId.body)).toEqual(['id']);
    // Nothing of the refused requests was recorded.
    const t = await staff.api.get('/disclosure-figures/table2?year=2024');
    expect(t.body.table2).toEqual(seed.table2);
  });

  it('lets only admins and reviewers write; everyone of the agency reads; another agency sees nothing', async () => {
    for (const who of [staff.as.registrar, staff.as.handler]) {
      const create = await who.post('/disclosure-documents', {
        kind: 'rule',
        title: '无权登记',
        issuedOn: '2024-01-01',
      });
      expect(create.status).toBe(403);
      const put = await who.request('PUT', '/disclosure-figures/2024', {
        figures: { licensing_decisions: { value: 9, source: 'x' } },
      });
      expect(put.status).toBe(403);
      expect((await who.get('/disclosure-documents')).status).toBe(200);
      expect((await who.get('/disclosure-figures?year=2024')).status).toBe(200);
    }
    const other = await createAgencyWithStaff(stack.api, '另一机关');
    const list = await other.api.get('/disclosure-documents');
    expect(list.body.total).toBe(0);
    const foreign = await other.api.get(`/disclosure-documents?agencyId=${staff.agency.id}`);
    expect(foreign.status).toBe(400);
    expect(fieldsOf(foreign.body)).toEqual(['agencyId']);
    const docs = await staff.api.get('/disclosure-documents?pageSize=1');
    const repeal = await other.as.admin.post(`/disclosure-documents/${docs.body.items[0].id}/repeal`, {
      repealedOn: '2024-01-01',
    });
    expect(repeal.status).toBe(404);
    const unauthenticated = await stack.api.withToken(null).get('/disclosure-documents');
    expect(unauthenticated.status).toBe(401);
  });

  it('pages through the register, newest issue first, without repeats', async () => {
    const seen: string[] = [];
    const dates: string[] = [];
    for (let page = 1; ; page++) {
      const res = await staff.api.get(`/disclosure-documents?pageSize=3&page=${page}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ page, pageSize: 3, total: 8 });
      seen.push(...res.body.items.map((d: { id: string }) => d.id));
      dates.push(...res.body.items.map((d: { issuedOn: string }) => d.issuedOn));
      if (res.body.items.length < 3) break;
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect([...dates].sort().reverse()).toEqual(dates);
    const tooBig = await staff.api.get('/disclosure-documents?pageSize=500');
    expect(tooBig.status).toBe(400);
    expect(fieldsOf(tooBig.body)).toEqual(['pageSize']);
  });
});
