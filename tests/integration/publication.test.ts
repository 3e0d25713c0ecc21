/**
 * Publishing the annual report (issue 9) on the real stack: the seed year written with placeholders and
 * published (its text says 16 where table 三 says 16), a failing cross-check refused with 409 naming it,
 * two consecutive years chained through the published carry-over, a 2024 application reopened in 2025
 * leaving 2024's published figures as published until an admin restates them, and a government's roll-up
 * equal to the sum of its agencies' published reports.
 */
import { drive, fileReviewCases, keepRegister, plans } from '../support/seed-year';
import {
  type AgencyStaff,
  type Api,
  createAgencyWithStaff,
  eventually,
  registration,
  startStack,
} from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

const OVERVIEW =
  '本机关{{年度}}年共新收政府信息公开申请{{本年新收申请数}}件，上年结转{{上年结转数}}件；' +
  '办结{{本年办结数}}件，其中予以公开{{予以公开数}}件，结转下年度继续办理{{结转下年度数}}件。\n' +
  '收到行政复议{{ 行政复议总数 }}件，结果维持{{行政复议维持数}}件；本年制发行政规范性文件{{行政规范性文件制发数}}件，' +
  '现行有效{{现行有效行政规范性文件数}}件。自然人申请{{表三.new_this_year.natural_person}}件。';

interface Check {
  key: string;
  ok: boolean;
  blocking: boolean;
  description: string;
  failures: string[];
}

const figures2025 = {
  figures: {
    licensing_decisions: { value: 0, source: '县政务服务平台年度统计 2026-01-06' },
    penalty_decisions: { value: 0, source: '县政务服务平台年度统计 2026-01-06' },
    enforcement_decisions: { value: 0, source: '县政务服务平台年度统计 2026-01-06' },
    administrative_fees_wan_yuan: { value: 0, source: '县财政局非税收入系统 2026-01-06' },
  },
};

describe('publishing the annual report', () => {
  let stack: Stack;
  let government: AgencyStaff;
  let office: AgencyStaff;
  let ids: string[];
  let api: Api;

  beforeAll(async () => {
    stack = await startStack();
    government = await createAgencyWithStaff(stack.api, '新乡县人民政府（测试）');
    office = await createAgencyWithStaff(stack.api, '新乡县人民政府办公室（测试）', {
      parentId: government.agency.id,
    });
    api = office.api;
    ids = await Promise.all(plans.map((p, i) => drive(api, office.as.reviewer, p, i)));
    await fileReviewCases(api, office.as.reviewer, ids);
    await keepRegister(office.as.admin);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const page = async (year: number, who: Api = api) => {
    const res = await who.get(`/annual-reports/${year}?agencyId=${office.agency.id}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('writes the seed year with placeholders, so its text says 16 where table 三 says 16, and publishes it', async () => {
    const unknown = await office.as.reviewer.request('PUT', '/annual-reports/2024/sections', {
      sections: { overview: '共收到申请{{本年收到申请数}}件。' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['sections.overview']);
    expect(unknown.body.message).toContain('本年收到申请数');
    const handler = await office.as.handler.request('PUT', '/annual-reports/2024/sections', {
      sections: { overview: OVERVIEW },
    });
    expect(handler.status).toBe(403);

    const written = await office.as.reviewer.request('PUT', '/annual-reports/2024/sections', {
      sections: {
        overview: OVERVIEW,
        problems: '去年统计口径有误，手工填报为21件。',
        other_matters: '本年度未收取信息处理费。',
      },
    });
    expect(written.status).toBe(200);
    const draft = written.body;
    expect(draft.templates.overview).toBe(OVERVIEW);
    expect(draft.document.status).toBe('draft');
    expect(draft.document.title).toBe('新乡县人民政府办公室（测试）2024年政府信息公开工作年度报告');
    expect(draft.document.table3.new_this_year[6]).toBe(16);
    expect(draft.document.sections.overview).toBe(
      '本机关2024年共新收政府信息公开申请16件，上年结转0件；办结14件，其中予以公开9件，结转下年度继续办理2件。\n' +
        '收到行政复议5件，结果维持3件；本年制发行政规范性文件5件，现行有效4件。自然人申请16件。',
    );
    // The only number that can disagree with the tables is one typed by hand: it is pointed out.
    expect(draft.warnings.map((w: { section: string; text: string }) => [w.section, w.text])).toEqual([
      ['problems', '21件'],
    ]);
    // Every check holds; 2023 was never published, and the chain check says it compares with 2023's figures.
    expect(draft.checks.filter((c: Check) => !c.ok)).toEqual([]);
    const chain = draft.checks.find((c: Check) => c.key === 'chain.carry_over');
    expect(chain).toMatchObject({ ok: true, blocking: true });
    expect(chain.description).toContain('2023年尚未发布');
    expect(draft.canPublish).toBe(true);
    expect(draft.published).toBeNull();

    expect((await office.as.handler.post('/annual-reports/2024/publish', {})).status).toBe(403);
    const published = await office.as.reviewer.ok('/annual-reports/2024/publish', {});
    expect(published.published).toMatchObject({ version: 1, kind: 'original', reason: null });
    expect(published.changedSincePublication).toBe(false);
    const again = await office.as.admin.post('/annual-reports/2024/publish', {});
    expect([again.status, again.body.code]).toEqual([409, 'ALREADY_PUBLISHED']);

    const doc = (await api.get(`/annual-reports/2024/published?agencyId=${office.agency.id}`)).body;
    expect(doc).toMatchObject({ status: 'published', version: 1, year: 2024 });
    expect(doc.publishedAt).toEqual(published.published.publishedAt);
    expect(doc.sections.overview).toContain('新收政府信息公开申请16件');
    expect(doc.table3.new_this_year[6]).toBe(16);
    expect(doc.table4.reconsideration).toEqual([3, 0, 1, 1, 5]);
    expect(doc.table2.normative_documents).toEqual({ issued: 5, repealed: 3, in_force: 4 });
    expect((await api.get('/annual-reports/2024/published?version=2')).status).toBe(404);
  });

  it('refuses to publish a year whose table 二 figures were never entered (409 naming the check)', async () => {
    // The application drafted in December 2024 is delivered in January 2025.
    await office.as.reviewer.ok(`/applications/${ids[14]}/approve-decision`, {});
    await api.ok(`/applications/${ids[14]}/deliver`, { deliveredOn: '2025-01-10', deliveryMethod: 'email' });
    const refused = await office.as.reviewer.post('/annual-reports/2025/publish', {});
    expect([refused.status, refused.body.code]).toEqual([409, 'CROSS_CHECK_FAILED']);
    expect(refused.body.checks.map((c: Check) => c.key)).toEqual(['table2.figures_entered']);
    expect(refused.body.message).toContain('table2.figures_entered');
    expect(refused.body.checks[0].failures.join(' ')).toContain('录入 0 并注明来源');
    expect((await page(2025)).published).toBeNull();
  });

  it('chains 2025 to 2024’s published carry-over, per column', async () => {
    expect((await office.as.admin.request('PUT', '/disclosure-figures/2025', figures2025)).status).toBe(200);
    const p2025 = await page(2025);
    const p2024 = (await api.get(`/annual-reports/2024/published?agencyId=${office.agency.id}`)).body;
    expect(p2025.document.table3.carried_from_last_year).toEqual(p2024.table3.carried_to_next_year);
    expect(p2025.document.table3.carried_from_last_year).toEqual([2, 0, 0, 0, 0, 0, 2]);
    const chain = p2025.checks.find((c: Check) => c.key === 'chain.carry_over');
    expect(chain).toMatchObject({ ok: true, failures: [] });
    expect(chain.description).toContain('2024年已发布报告（第 1 版）');
    expect(p2025.canPublish).toBe(true);
  });

  it('keeps 2024 as published when an application is reopened in 2025, shows the difference, and an admin restates', async () => {
    // A disclosed 2024 decision corrected on reconsideration in 2025: the application is reopened.
    const reviewCase = await api.ok(
      `/applications/${ids[1]}/review-cases`,
      {
        kind: 'reconsideration',
        filedOn: '2025-02-10',
        body: '新乡县人民政府',
        reference: '新县复〔2025〕1号',
      },
      201,
    );
    await office.as.reviewer.ok(`/review-cases/${reviewCase.id}/result`, {
      result: 'corrected',
      resultOn: '2025-03-20',
      note: '责令重新答复',
      reopen: { reopenedOn: '2025-03-21' },
    });
    await eventually('the 2024 application to be reopened', async () => {
      const d = (await api.get(`/applications/${ids[1]}`)).body;
      return d.status === 'under_review' ? d : null;
    });

    const p2024 = await page(2024);
    expect(p2024.published.version).toBe(1);
    expect(p2024.published.document.table3.disclosed[6]).toBe(9);
    expect(p2024.document.table3.disclosed[6]).toBe(8);
    expect(p2024.changedSincePublication).toBe(true);
    const diff = (row: string, column = 'total') =>
      p2024.differences.find(
        (d: { table: string; row: string; column: string }) =>
          d.table === 'table3' && d.row === row && d.column === column,
      );
    expect(diff('disclosed')).toEqual({
      table: 'table3',
      row: 'disclosed',
      column: 'total',
      published: 9,
      current: 8,
      difference: -1,
    });
    expect(diff('concluded_total')).toMatchObject({ published: 14, current: 13, difference: -1 });
    expect(diff('carried_to_next_year', 'natural_person')).toMatchObject({
      published: 2,
      current: 3,
      difference: 1,
    });
    // The published snapshot is unchanged.
    const stored = (await api.get(`/annual-reports/2024/published?agencyId=${office.agency.id}`)).body;
    expect([stored.version, stored.table3.disclosed[6], stored.table3.carried_to_next_year[6]]).toEqual([
      1, 9, 2,
    ]);

    // 2025 now carries 3 from 2024 while 2024's published report says 2: 2025 cannot be published.
    const chained = await office.as.reviewer.post('/annual-reports/2025/publish', {});
    expect([chained.status, chained.body.code]).toEqual([409, 'CROSS_CHECK_FAILED']);
    expect(chained.body.checks).toEqual([
      expect.objectContaining({
        key: 'chain.carry_over',
        failures: ['natural_person: 3 ≠ 2', 'total: 3 ≠ 2'],
      }),
    ]);

    // Only an admin restates, and only with a reason.
    const byReviewer = await office.as.reviewer.post('/annual-reports/2024/restate', { reason: '复议纠正' });
    expect([byReviewer.status, byReviewer.body.code]).toEqual([403, 'NOT_ADMIN']);
    const noReason = await office.as.admin.post('/annual-reports/2024/restate', {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    const blank = await office.as.admin.post('/annual-reports/2024/restate', { reason: '   ' });
    expect([blank.status, blank.body.errors?.[0]?.field]).toEqual([400, 'reason']);
    const unpublished = await office.as.admin.post('/annual-reports/2023/restate', { reason: '更正' });
    expect([unpublished.status, unpublished.body.code]).toEqual([409, 'NOT_PUBLISHED']);

    const restated = await office.as.admin.ok('/annual-reports/2024/restate', {
      reason: '第2号申请经行政复议纠正后重新办理',
    });
    expect(restated.published).toMatchObject({
      version: 2,
      kind: 'restatement',
      reason: '第2号申请经行政复议纠正后重新办理',
    });
    expect(restated.changedSincePublication).toBe(false);
    expect(restated.differences).toEqual([]);
    expect(restated.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v2 = (await api.get(`/annual-reports/2024/published?agencyId=${office.agency.id}`)).body;
    expect(v2).toMatchObject({ status: 'restated', version: 2 });
    expect([v2.table3.disclosed[6], v2.table3.concluded_total[6], v2.table3.carried_to_next_year[6]]).toEqual(
      [8, 13, 3],
    );
    expect(v2.sections.overview).toContain('办结13件，其中予以公开8件，结转下年度继续办理3件');
    const v1 = (await api.get(`/annual-reports/2024/published?agencyId=${office.agency.id}&version=1`)).body;
    expect([v1.status, v1.table3.disclosed[6]]).toEqual(['published', 9]);

    // The exports lay out each published version from its snapshot, and the draft from today's figures.
    const exported = async (query: string) => {
      const res = await api.get(`/reports/2024/document.html?agencyId=${office.agency.id}${query}`);
      expect(res.status).toBe(200);
      return res.body as unknown as string;
    };
    const html1 = await exported('&version=1');
    expect(html1).toContain('已发布（第 1 版）');
    expect(html1).toContain('办结14件，其中予以公开9件');
    const html2 = await exported('&published=true');
    expect(html2).toContain('已发布（第 2 版，更正）');
    expect(html2).toContain('办结13件，其中予以公开8件');
    expect(await exported('')).toContain('草稿');
    expect((await api.get(`/reports/2024/document.html?agencyId=${office.agency.id}&version=3`)).status).toBe(
      404,
    );
    const bad = await api.get(`/reports/2024/document.pdf?version=0`);
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'version']);

    // 2025 chains to the restated 2024 and is published.
    const p2025 = await page(2025);
    expect(p2025.checks.find((c: Check) => c.key === 'chain.carry_over')).toMatchObject({ ok: true });
    expect(p2025.checks.find((c: Check) => c.key === 'chain.carry_over').description).toContain('第 2 版');
    const published2025 = await office.as.reviewer.ok('/annual-reports/2025/publish', {});
    expect(published2025.published.document.table3.carried_from_last_year).toEqual(
      v2.table3.carried_to_next_year,
    );
  });

  it('rolls up a government’s agencies: the sum of their published reports', async () => {
    const bureau = await createAgencyWithStaff(stack.api, '新乡县教育局（测试）', {
      parentId: government.agency.id,
    });
    const b = bureau.api;
    const a1 = await b.ok(
      '/applications',
      registration({ receivedOn: '2024-05-06', applicantType: 'commercial_enterprise' }),
      201,
    );
    await b.ok('/applications', registration({ receivedOn: '2024-11-20' }), 201);
    await b.ok(`/applications/${a1.id}/accept`);
    await b.ok(`/applications/${a1.id}/draft-decision`, {
      outcome: 'unavailable.not_held',
      legalGround: '第三十六条',
    });
    await bureau.as.reviewer.ok(`/applications/${a1.id}/approve-decision`, {});
    await b.ok(`/applications/${a1.id}/deliver`, { deliveredOn: '2024-05-20', deliveryMethod: 'post' });

    const before = (await government.api.get(`/annual-reports/2024/roll-up?agencyId=${government.agency.id}`))
      .body;
    expect(before.included.map((i: { agency: { id: string } }) => i.agency.id)).toEqual([office.agency.id]);
    expect(before.notPublished.map((a: { id: string }) => a.id)).toEqual([bureau.agency.id]);

    const source = '局统计台账';
    const put = await bureau.as.admin.request('PUT', '/disclosure-figures/2024', {
      figures: {
        licensing_decisions: { value: 12, source },
        penalty_decisions: { value: 3, source },
        enforcement_decisions: { value: 0, source },
        administrative_fees_wan_yuan: { value: 1.25, source },
      },
    });
    expect(put.status).toBe(200);
    await bureau.as.reviewer.ok('/annual-reports/2024/publish', {});

    const rollUp = await government.api.get(`/annual-reports/2024/roll-up?agencyId=${government.agency.id}`);
    expect(rollUp.status).toBe(200);
    expect(rollUp.body.notPublished).toEqual([]);
    expect(rollUp.body.included.map((i: { version: number }) => i.version).sort()).toEqual([1, 2]);
    const officeDoc = (
      await government.api.get(`/annual-reports/2024/published?agencyId=${office.agency.id}`)
    ).body;
    const bureauDoc = (
      await government.api.get(`/annual-reports/2024/published?agencyId=${bureau.agency.id}`)
    ).body;
    for (const row of Object.keys(officeDoc.table3)) {
      expect([row, rollUp.body.table3[row]]).toEqual([
        row,
        officeDoc.table3[row].map((v: number, i: number) => v + bureauDoc.table3[row][i]),
      ]);
    }
    for (const group of Object.keys(officeDoc.table4)) {
      expect(rollUp.body.table4[group]).toEqual(
        officeDoc.table4[group].map((v: number, i: number) => v + bureauDoc.table4[group][i]),
      );
    }
    expect(rollUp.body.table2).toEqual({
      rules: { issued: 0, repealed: 0, in_force: 0 },
      normative_documents: { issued: 5, repealed: 3, in_force: 4 },
      licensing_decisions: 12,
      penalty_decisions: 3,
      enforcement_decisions: 0,
      administrative_fees_wan_yuan: 1.25,
    });
    expect(rollUp.body.table3.new_this_year).toEqual([17, 1, 0, 0, 0, 0, 18]);
    expect(rollUp.body.title).toBe('新乡县人民政府（测试）2024年政府信息公开工作年度报告（汇总）');
    // An agency with none under it has nothing to roll up.
    const none = await bureau.api.get('/annual-reports/2024/roll-up');
    expect([none.status, none.body.errors?.[0]?.field]).toEqual([400, 'agencyId']);
  });
});
