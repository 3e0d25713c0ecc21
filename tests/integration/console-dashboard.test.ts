/**
 * 一览 (issue 15) in headless Chromium. A government with two agencies under it; each agency's year is
 * driven through the API and the real workflows (decisions on time and late, a withdrawal, applications
 * left open into the next year, a reconsideration). Then the dashboard, for the government's roll-up and
 * for one agency, is checked figure by figure against the annual report of the same year and scope: the
 * figures behind the charts (their 数据表), the headline figures and the agencies' comparison. Open and
 * overdue applications are counted as of today. Screenshots: test-artifacts/screenshots/dashboard-*.png.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { APPLICANT_TYPES } from '../../libs/domain/applicant';
import { OUTCOME_CODES } from '../../libs/domain/outcome';
import { outcomeCategoryOf, OUTCOME_CATEGORY_LABELS } from '../../libs/domain/dashboard';
import { SHOTS, launchChromium, signIn } from '../support/browser';
import {
  type AgencyStaff,
  type Api,
  createAgencyWithStaff,
  eventually,
  registration,
  startStack,
} from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

/** Last year in China: its history is complete whatever day the test runs. */
const YEAR = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 1;
const on = (monthDay: string) => `${YEAR}-${monthDay}`;
const TOTAL = APPLICANT_TYPES.length;

describe('一览 in the browser', () => {
  let stack: Stack;
  let government: AgencyStaff;
  let education: AgencyStaff;
  let health: AgencyStaff;
  let browser: Browser;
  const overdueCases: string[] = [];

  /** Registers, decides and delivers an application of `staff` on the given days. */
  async function decided(
    staff: AgencyStaff,
    o: { receivedOn: string; outcome: string; deliveredOn: string; applicantType?: string },
  ): Promise<{ id: string; caseNumber: string }> {
    const app = await staff.as.registrar.ok(
      '/applications',
      registration({ receivedOn: o.receivedOn, applicantType: o.applicantType ?? 'natural_person' }),
      201,
    );
    await staff.as.handler.ok(`/applications/${app.id}/accept`);
    await staff.as.handler.ok(`/applications/${app.id}/draft-decision`, {
      outcome: o.outcome,
      legalGround: '《中华人民共和国政府信息公开条例》第三十六条',
    });
    await staff.as.reviewer.ok(`/applications/${app.id}/approve-decision`, {});
    await staff.as.registrar.ok(`/applications/${app.id}/deliver`, {
      deliveredOn: o.deliveredOn,
      deliveryMethod: 'post',
    });
    return app;
  }

  /** Registers an application left open (into this year: overdue by now). */
  async function leftOpen(staff: AgencyStaff, receivedOn: string): Promise<void> {
    const app = await staff.as.registrar.ok('/applications', registration({ receivedOn }), 201);
    await staff.as.handler.ok(`/applications/${app.id}/accept`);
    overdueCases.push(app.caseNumber);
  }

  beforeAll(async () => {
    stack = await startStack();
    government = await createAgencyWithStaff(stack.api, '一览测试县人民政府');
    education = await createAgencyWithStaff(stack.api, '一览测试县教育局', {
      parentId: government.agency.id,
    });
    health = await createAgencyWithStaff(stack.api, '一览测试县卫生健康委员会', {
      parentId: government.agency.id,
    });

    // 教育局: on time in March, late in July (received in May), a withdrawal, one left open.
    const a1 = await decided(education, {
      receivedOn: on('03-02'),
      outcome: 'disclosed',
      deliveredOn: on('03-20'),
    });
    await decided(education, {
      receivedOn: on('05-11'),
      outcome: 'partially_disclosed',
      deliveredOn: on('07-30'),
      applicantType: 'commercial_enterprise',
    });
    const withdrawn = await education.as.registrar.ok(
      '/applications',
      registration({ receivedOn: on('06-01') }),
      201,
    );
    await education.as.handler.ok(`/applications/${withdrawn.id}/withdraw`, {
      withdrawnOn: on('06-10'),
      reason: '申请人撤回',
    });
    await leftOpen(education, on('11-16'));
    // A reconsideration of the March decision, upheld.
    const filed = await education.as.handler.ok(
      `/applications/${a1.id}/review-cases`,
      { kind: 'reconsideration', filedOn: on('04-01'), body: '一览测试县人民政府', reference: '复〔测〕1号' },
      201,
    );
    await education.as.reviewer.ok(`/review-cases/${filed.id}/result`, {
      result: 'upheld',
      resultOn: on('05-15'),
    });

    // 卫健委: two decisions, one left open.
    await decided(health, {
      receivedOn: on('02-10'),
      outcome: 'withheld.state_secret',
      deliveredOn: on('02-28'),
    });
    await decided(health, {
      receivedOn: on('09-01'),
      outcome: 'unavailable.not_held',
      deliveredOn: on('09-15'),
    });
    await leftOpen(health, on('12-01'));

    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `dashboard-${name}.png`), fullPage: true });

  /** The report of the year for the scope, once the open registrations are recorded too. */
  async function reportOf(api: Api, agencyId: string, includeSubAgencies: boolean, received: number) {
    return eventually('the report counts every application', async () => {
      const r = (
        await api.get(`/reports/${YEAR}?agencyId=${agencyId}&includeSubAgencies=${includeSubAgencies}`)
      ).body;
      return r.applications.received === received ? r : null;
    });
  }

  /** A figure of a chart's 数据表. */
  const figure = (page: Page, chart: string, category: string, series: string) =>
    page
      .locator(`figure[data-chart="${chart}"] tr[data-category="${category}"] td[data-figure="${series}"]`)
      .first()
      .textContent()
      .then((t) => Number(t));

  /** Checks the page's figures against the report of the same year and scope. */
  async function expectFiguresOfReport(page: Page, report: any): Promise<void> {
    const kpi = (key: string) => page.locator(`[data-kpi="${key}"] .kpi-value`).textContent();
    expect(Number(await kpi('received'))).toBe(report.applications.received);
    expect(Number(await kpi('concluded'))).toBe(report.applications.concluded);
    // The months add up to 本年新收 and 本年办结.
    let received = 0;
    let concluded = 0;
    for (let m = 1; m <= 12; m++) {
      received += await figure(page, 'monthly', `${m}月`, '收到');
      concluded += await figure(page, 'monthly', `${m}月`, '办结');
    }
    expect(received).toBe(report.table3.new_this_year[TOTAL]);
    expect(concluded).toBe(report.table3.concluded_total[TOTAL]);
    // Each category is the sum of its outcome rows of table 三.
    for (const [category, label] of Object.entries(OUTCOME_CATEGORY_LABELS)) {
      const rows = OUTCOME_CODES.filter((c) => outcomeCategoryOf(c) === category);
      const expected = rows.reduce((s, c) => s + report.table3[c][TOTAL], 0);
      expect(await figure(page, 'outcomes', label, '数量')).toBe(expected);
    }
    // The bands of working days taken add up to the timeliness figures.
    const bands = page.locator('figure[data-chart="working-days"] tbody tr[data-category]');
    let onTime = 0;
    let late = 0;
    for (const row of await bands.all()) {
      onTime += Number(await row.locator('td[data-figure="按时"]').textContent());
      late += Number(await row.locator('td[data-figure="逾期"]').textContent());
    }
    expect(onTime).toBe(report.timeliness.onTime);
    expect(late).toBe(report.timeliness.late);
    // Table 四's reconsiderations.
    const [upheld, corrected, , pending] = report.table4.reconsideration;
    expect(await figure(page, 'reviews', '行政复议', '结果维持')).toBe(upheld);
    expect(await figure(page, 'reviews', '行政复议', '结果纠正')).toBe(corrected);
    expect(await figure(page, 'reviews', '行政复议', '尚未审结')).toBe(pending);
  }

  it('shows a government’s year, per agency, with the report’s figures', async () => {
    const report = await reportOf(government.as.reviewer, government.agency.id, true, 7);
    expect(report.applications).toMatchObject({ received: 7, concluded: 5, carriedOver: 2 });
    // The API: the dashboard's year figures are the report's.
    const api = (
      await government.as.reviewer.get(
        `/dashboard/${YEAR}?agencyId=${government.agency.id}&includeSubAgencies=true`,
      )
    ).body;
    expect(api.figures.applications).toEqual(report.applications);
    expect(api.figures.timeliness).toMatchObject(report.timeliness);
    expect(api.byAgency.map((r: { agency: { name: string } }) => r.agency.name).sort()).toEqual(
      [government.agency.name, education.agency.name, health.agency.name].sort(),
    );
    expect(api.overdue.items.map((o: { caseNumber: string }) => o.caseNumber).sort()).toEqual(
      [...overdueCases].sort(),
    );

    // Reviewers open on 一览; the government sees its agencies by default.
    const page = await signIn(browser, stack.api, government, 'reviewer');
    await page.waitForSelector('[data-kpi="received"]');
    await page.fill('input[name=year]', String(YEAR));
    await page.click('button:has-text("查看")');
    await page.waitForSelector(`h1:has-text("${YEAR} 年一览")`);
    await page.waitForSelector('figure[data-chart="monthly"] svg');
    await expectFiguresOfReport(page, report);
    // The months: March and May received by 教育局, February and September by 卫健委 …
    expect(await figure(page, 'monthly', '3月', '收到')).toBe(1);
    expect(await figure(page, 'monthly', '7月', '办结')).toBe(1);

    // Each agency's row equals that agency's own report.
    for (const [staff, received] of [
      [education, 4],
      [health, 3],
    ] as const) {
      const own = await reportOf(government.as.reviewer, staff.agency.id, false, received);
      const row = page.locator(`#by-agency tr[data-agency="${staff.agency.id}"]`);
      expect(Number(await row.locator('td[data-figure="received"]').textContent())).toBe(
        own.applications.received,
      );
      expect(Number(await row.locator('td[data-figure="concluded"]').textContent())).toBe(
        own.applications.concluded,
      );
      expect(Number(await row.locator('td[data-figure="overdue"]').textContent())).toBe(1);
      await expect(row.getAttribute('class')).resolves.toContain('lagging');
    }
    // Sorted by a column header.
    await page.click('#by-agency button[data-sort="received"]');
    const first = page.locator('#by-agency tbody tr').first();
    await expect(first.getAttribute('data-agency')).resolves.toBe(education.agency.id);
    // The overdue ones are listed and linked.
    for (const caseNumber of overdueCases)
      await page.waitForSelector(`#overdue-list a:has-text("${caseNumber}")`);
    await shot(page, 'government');
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'government-print');
    await page.emulateMedia({ media: 'screen' });

    // The link opens the application.
    await page.click(`#overdue-list a:has-text("${overdueCases[0]}")`);
    await page.waitForSelector(`h1:has-text("${overdueCases[0]}")`);
    await page.context().close();
  });

  it('shows one agency’s year with the report’s figures', async () => {
    const report = await reportOf(education.as.reviewer, education.agency.id, false, 4);
    const page = await signIn(browser, stack.api, education, 'reviewer');
    await page.waitForSelector('[data-kpi="received"]');
    await page.fill('input[name=year]', String(YEAR));
    await page.click('button:has-text("查看")');
    await page.waitForSelector(`h1:has-text("${YEAR} 年一览")`);
    await page.waitForSelector('figure[data-chart="outcomes"] svg');
    await expectFiguresOfReport(page, report);
    expect(await page.locator('#by-agency').count()).toBe(0);
    expect(Number(await page.locator('[data-kpi="overdue"] .kpi-value').textContent())).toBe(1);
    // 1 of 2 decisions on time.
    expect(await page.locator('[data-kpi="onTimeRate"] .kpi-value').textContent()).toBe('50%');
    await shot(page, 'agency');
    await page.context().close();
  });
});
