/**
 * The seed's 2024 history (shared/seed, a county government office) as a plan to drive through the HTTP
 * API: 16 applications, five reconsideration cases, the register of normative documents and table 二's
 * figures — so that the 2024 report reproduces the published tables 二, 三 and 四
 * (tests/fixtures/seed-2024-tables.json). Used by the seed-report, publication and report-export tests.
 */
import type { AgencyStaff, Api } from './stack';
import { registration } from './stack';

export interface Plan {
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
export const plans: Plan[] = [
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

// The seed's five reconsiderations (行政复议) filed in 2024 against decisions of that year: 3 upheld, 1 other
// (partly re-answered), 1 still pending on 31 December. [plan index, filed on, result, result on]
const reconsiderations: Array<[number, string, string | null, string | null]> = [
  [9, '2024-06-20', 'upheld', '2024-08-15'],
  [10, '2024-09-25', 'upheld', '2024-11-20'],
  [11, '2024-07-15', 'upheld', '2024-09-10'],
  [0, '2024-03-01', 'other', '2024-04-20'],
  [12, '2024-12-10', null, null],
];

// The register: 2 normative documents in force before 2024, 5 issued in 2024, 3 repealed in 2024 (the two
// old ones and one of the new), so 4 in force at the end of 2024. [issued on, repealed on]
const normativeDocuments: Array<[string, string | null]> = [
  ['2021-06-01', '2024-02-28'],
  ['2023-03-15', '2024-06-30'],
  ['2024-01-20', null],
  ['2024-04-08', '2024-12-20'],
  ['2024-06-12', null],
  ['2024-09-03', null],
  ['2024-11-18', null],
];

export async function fileReviewCases(api: Api, reviewer: Api, ids: string[]): Promise<void> {
  for (const [i, [plan, filedOn, result, resultOn]] of reconsiderations.entries()) {
    const filed = await api.ok(
      `/applications/${ids[plan]}/review-cases`,
      { kind: 'reconsideration', filedOn, body: '新乡县人民政府', reference: `新县复〔2024〕${i + 1}号` },
      201,
    );
    if (result)
      await reviewer.ok(`/review-cases/${filed.id}/result`, { result, resultOn, note: '复议决定书' });
  }
}

export async function keepRegister(admin: Api): Promise<void> {
  for (const [i, [issuedOn, repealedOn]] of normativeDocuments.entries()) {
    const doc = await admin.ok(
      '/disclosure-documents',
      {
        kind: 'normative_document',
        title: `关于印发第${i + 1}号管理办法的通知`,
        documentNumber: `新县政办规〔${issuedOn.slice(0, 4)}〕${i + 1}号`,
        issuedOn,
      },
      201,
    );
    if (repealedOn)
      await admin.ok(`/disclosure-documents/${doc.id}/repeal`, { repealedOn, note: '清理废止' });
  }
  const source = '县政务服务平台年度统计 2025-01-06';
  const figures = await admin.request('PUT', '/disclosure-figures/2024', {
    figures: {
      licensing_decisions: { value: 0, source },
      penalty_decisions: { value: 0, source },
      enforcement_decisions: { value: 0, source },
      administrative_fees_wan_yuan: { value: 0, source: '县财政局非税收入系统 2025-01-06' },
    },
  });
  expect(figures.status).toBe(200);
}

export async function drive(api: Api, reviewer: Api, p: Plan, i: number): Promise<string> {
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

/** The whole seed year for the agency of `staff`: the applications' ids, in the order of `plans`. */
export async function driveSeedYear(staff: AgencyStaff): Promise<string[]> {
  const ids = await Promise.all(plans.map((p, i) => drive(staff.api, staff.as.reviewer, p, i)));
  await fileReviewCases(staff.api, staff.as.reviewer, ids);
  await keepRegister(staff.as.admin);
  return ids;
}
