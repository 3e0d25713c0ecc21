/**
 * The seed's 2024 history (shared/seed, a county government office) driven through the HTTP API, and
 * the 2024 report's table 三 compared with the published one (tests/fixtures/seed-2024-tables.json,
 * copied from shared/domain/fixtures).
 */
import seed from '../fixtures/seed-2024-tables.json';
import { type Api, createAgencyWithStaff, registration, startStack } from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

interface Plan {
  receivedOn: string;
  /** Outcome, the date it is delivered (or withdrawn), and how. */
  outcome?: string;
  concludedOn?: string;
  withdraw?: boolean;
  /** Left open at the end of 2024 in this state. */
  openAs?: 'under_review' | 'decision_drafted';
}

// 16 applications from natural persons received in 2024: 9 disclosed, 1 withheld (third-party rights),
// 1 withheld (process information), 1 not held, 2 other (one withdrawn), 2 open on 31 December.
const plans: Plan[] = [
  ...['01-08', '02-20', '03-11', '04-15', '05-20', '06-17', '07-22', '09-02', '10-14'].map((d, i) => ({
    receivedOn: `2024-${d}`,
    outcome: 'disclosed',
    concludedOn: [
      '2024-01-30',
      '2024-03-12',
      '2024-04-02',
      '2024-05-10',
      '2024-06-12',
      '2024-07-10',
      '2024-08-13',
      '2024-09-20',
      '2024-11-05',
    ][i],
  })),
  { receivedOn: '2024-04-22', outcome: 'withheld.third_party_rights', concludedOn: '2024-05-24' },
  { receivedOn: '2024-08-05', outcome: 'withheld.process_information', concludedOn: '2024-08-30' },
  { receivedOn: '2024-06-03', outcome: 'unavailable.not_held', concludedOn: '2024-06-25' },
  { receivedOn: '2024-03-25', outcome: 'other.other', concludedOn: '2024-04-10' },
  { receivedOn: '2024-09-09', withdraw: true, concludedOn: '2024-09-19' },
  // Received in December, still open on 31 December: one is answered in January 2025, one stays open.
  { receivedOn: '2024-12-16', outcome: 'disclosed', concludedOn: '2025-01-10', openAs: 'decision_drafted' },
  { receivedOn: '2024-12-23', openAs: 'under_review' },
];

async function drive(api: Api, reviewer: Api, p: Plan, i: number): Promise<string> {
  const app = await api.ok(
    '/applications',
    registration({ applicantName: `申请人${i + 1}`, receivedOn: p.receivedOn }),
    201,
  );
  const at = (action: string, body: unknown = {}) => api.ok(`/applications/${app.id}/${action}`, body);
  await at('accept');
  if (p.withdraw) {
    await at('withdraw', { withdrawnOn: p.concludedOn, reason: '申请人书面撤回' });
    return app.id;
  }
  if (!p.outcome) return app.id;
  await at('draft-decision', {
    outcome: p.outcome,
    legalGround: '《中华人民共和国政府信息公开条例》第三十六条',
  });
  if (p.openAs === 'decision_drafted') return app.id;
  // The drafter may not approve their own draft: a reviewer does.
  await reviewer.ok(`/applications/${app.id}/approve-decision`, {});
  await at('deliver', { deliveredOn: p.concludedOn, deliveryMethod: 'post' });
  return app.id;
}

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
    ids = await Promise.all(plans.map((p, i) => drive(api, reviewer, p, i)));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('reproduces the published table 三 of 2024 exactly', async () => {
    const res = await api.get(`/reports/2024?agencyId=${agencyId}`);
    expect(res.status).toBe(200);
    expect(res.body.columns).toEqual(seed.columns);
    expect(res.body.table3).toEqual(seed.table3);
    expect(Object.keys(res.body.table3)).toEqual(Object.keys(seed.table3));
    expect(res.body.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
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
    expect(r2025.body.checks.map((c: { key: string; ok: boolean }) => [c.key, c.ok])).toEqual(
      r2025.body.checks.map((c: { key: string }) => [c.key, true]),
    );
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
