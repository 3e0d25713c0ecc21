/**
 * The seed's 2024 history (shared/seed, a county government office) driven through the HTTP API — its
 * applications, its five reconsideration cases and its register of normative documents — and the 2024
 * report's tables 二, 三 and 四 compared with the published ones (tests/fixtures/seed-2024-tables.json,
 * copied from shared/domain/fixtures).
 */
import seed from '../fixtures/seed-2024-tables.json';
import { driveSeedYear } from '../support/seed-year';
import { type Api, createAgencyWithStaff, registration, startStack } from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('the seed 2024 history, driven through the API', () => {
  let stack: Stack;
  let agencyId: string;
  let agencyCode: string;
  let api: Api;
  let reviewer: Api;
  let ids: string[];

  beforeAll(async () => {
    stack = await startStack();
    const staff = await createAgencyWithStaff(stack.api, '新乡县人民政府办公室（测试）');
    agencyId = staff.agency.id;
    agencyCode = staff.agency.code;
    api = staff.api;
    reviewer = staff.as.reviewer;
    ids = await driveSeedYear(staff);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('reproduces the published tables 二, 三 and 四 of 2024 exactly, every cross-check holding', async () => {
    const res = await api.get(`/reports/2024?agencyId=${agencyId}`);
    expect(res.status).toBe(200);
    expect(res.body.columns).toEqual(seed.columns);
    expect(res.body.table3).toEqual(seed.table3);
    expect(Object.keys(res.body.table3)).toEqual(Object.keys(seed.table3));
    expect(res.body.table4_columns).toEqual(seed.table4_columns);
    expect(res.body.table4).toEqual(seed.table4);
    expect(res.body.table2).toEqual(seed.table2);
    expect(res.body.table2_sources.licensing_decisions.source).toBe('县政务服务平台年度统计 2025-01-06');
    const checks = res.body.checks as Array<{ key: string; ok: boolean }>;
    expect(checks.map((c) => c.key)).toEqual(
      expect.arrayContaining(['balance', 'carry_over', 'table2.figures_entered', 'table4_total']),
    );
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    // Section 一's figures come from the same history as table 三, so they cannot disagree with it.
    expect(res.body.applications).toEqual({
      received: 16,
      concluded: 14,
      carriedOver: 2,
      carriedFromLastYear: 0,
    });
  });

  it('carries the two open applications into 2025 and counts the one answered in January', async () => {
    // The one drafted in December is approved and delivered in January 2025.
    const drafted = ids[14];
    await reviewer.ok(`/applications/${drafted}/approve-decision`, {});
    await api.ok(`/applications/${drafted}/deliver`, {
      deliveredOn: '2025-01-10',
      deliveryMethod: 'email',
    });

    const r2024 = await api.get(`/reports/2024?agencyId=${agencyId}`);
    expect(r2024.body.table3).toEqual(seed.table3);

    const r2025 = await api.get(`/reports/2025?agencyId=${agencyId}`);
    expect(r2025.status).toBe(200);
    const t = r2025.body.table3;
    expect(t.carried_from_last_year).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(t.new_this_year).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(t.disclosed).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(t.concluded_total).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(t.carried_to_next_year).toEqual([1, 0, 0, 0, 0, 0, 1]);
    const checks2025 = r2025.body.checks as Array<{ key: string; ok: boolean; failures: string[] }>;
    // 2025's figures of table 二 were never entered: the report says so, and every other check holds.
    expect(checks2025.filter((c) => !c.ok).map((c) => [c.key, c.failures.length])).toEqual([
      ['table2.figures_entered', 4],
    ]);
    // 2024's reconsiderations count in 2024 only; the register carries its 4 documents in force into 2025.
    expect(r2025.body.table4.reconsideration).toEqual([0, 0, 0, 0, 0]);
    expect(r2025.body.table2.normative_documents).toEqual({ issued: 0, repealed: 0, in_force: 4 });
  });

  it('lists the agency’s applications by year and status, paginated', async () => {
    const all = await api.get(`/applications?agencyId=${agencyId}&year=2024&pageSize=5&page=2`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(16);
    expect(all.body.items).toHaveLength(5);
    expect(all.body.page).toBe(2);
    const open = await api.get(`/applications?agencyId=${agencyId}&status=under_review`);
    expect(open.body.items.map((a: { id: string }) => a.id)).toEqual([ids[15]]);
    const none = await api.get(`/applications?agencyId=${agencyId}&year=2023`);
    expect(none.body.total).toBe(0);
  });

  it('answers a registration once its first event is recorded, with case numbers unique per agency and year', async () => {
    const other = await createAgencyWithStaff(stack.api, '另一机关');
    const created = await Promise.all(
      ['2024-12-30', '2024-12-31', '2025-01-02', '2024-12-30'].map((receivedOn) =>
        other.api.ok('/applications', registration({ receivedOn }), 201),
      ),
    );
    for (const app of created) {
      expect(app.version).toBe(1);
      expect(app.events.map((e: { type: string }) => e.type)).toEqual(['registered']);
    }
    expect(created.map((a) => a.caseNumber.slice(0, 4))).toEqual(['2024', '2024', '2025', '2024']);
    expect(new Set(created.map((a) => a.caseNumber)).size).toBe(4);
    expect(created.map((a) => a.caseNumber).sort()).toEqual([
      '2024-0001',
      '2024-0002',
      '2024-0003',
      '2025-0001',
    ]);
  });

  it('keeps every transition in the event log, in order', async () => {
    const res = await api.get(`/applications/${ids[0]}`);
    expect(res.body.status).toBe('delivered');
    expect(res.body.caseNumber).toMatch(/^2024-\d{4}$/);
    expect(res.body.events.map((e: { seq: number; type: string }) => [e.seq, e.type])).toEqual([
      [1, 'registered'],
      [2, 'accepted'],
      [3, 'decision_drafted'],
      [4, 'decision_approved'],
      [5, 'decision_delivered'],
    ]);
    // Every transition records who did it: the signed-in user.
    expect(res.body.events[2].actor).toBe(`综合岗 ${agencyCode}（${agencyCode}-all）`);
  });
});
