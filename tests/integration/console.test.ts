/**
 * The staff console in headless Chromium (Debian's package, driven by playwright-core): staff sign in,
 * register an application, take it through supplement, decision, approval and delivery from the inbox,
 * and see its timeline, deadlines and the year's table 三. Screenshots of the main screens go to
 * test-artifacts/screenshots (1366×768, an office screen).
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, consoleOrigin, launchChromium, signIn as signInAs } from '../support/browser';
import { type AgencyStaff, createAgencyWithStaff, startStack } from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('the staff console', () => {
  let stack: Stack;
  let staff: AgencyStaff;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    stack = await startStack();
    staff = await createAgencyWithStaff(stack.api, '控制台测试机关');
    origin = consoleOrigin(stack.api);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const signIn = (role: 'registrar' | 'handler' | 'reviewer' | 'all') =>
    signInAs(browser, stack.api, staff, role);

  async function act(
    page: Page,
    action: string,
    button: string,
    fill: Record<string, string> = {},
  ): Promise<void> {
    const details = page.locator(`details[data-action="${action}"]`);
    if (!(await details.getAttribute('open').then((v) => v !== null)))
      await details.locator('summary').click();
    for (const [name, value] of Object.entries(fill)) {
      const el = details.locator(`[name="${name}"]`);
      if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(value);
      else await el.fill(value);
    }
    await details.locator(`button:has-text("${button}")`).click();
  }

  const status = (page: Page, text: string) => page.waitForSelector(`#status:has-text("${text}")`);

  it('takes an application from registration to delivery', async () => {
    // The registrar registers it; a missing field is named in the form.
    const registrar = await signIn('registrar');
    await registrar.screenshot({ path: join(SHOTS, '01-inbox-registrar.png') });
    await registrar.click('a:has-text("登记申请")');
    await registrar.fill('input[name=applicantName]', '张三');
    await registrar.selectOption('select[name=channel]', 'registered_post');
    expect(await registrar.textContent('#channel-rule')).toContain('签收之日');
    await registrar.click('button:has-text("登记")');
    expect(await registrar.textContent('.error')).toContain('informationSought');
    await registrar.fill('textarea[name=informationSought]', '2025年度本县义务教育经费预算执行情况');
    await registrar.fill('input[name=receiptEvidence]', 'EMS 1234 签收单');
    await registrar.screenshot({ path: join(SHOTS, '02-register.png') });
    await registrar.click('button:has-text("登记")');
    await status(registrar, '已登记');
    const url = registrar.url();
    const caseNumber = (await registrar.textContent('h1'))!.match(/\d{4}-\d{4}/)![0];

    // The handler finds it in the inbox, takes it, accepts it and asks for a supplement.
    const handler = await signIn('handler');
    const row = handler.locator(`tr:has-text("${caseNumber}")`);
    await row.waitFor();
    expect(await row.textContent()).toContain('受理审查');
    expect(await row.locator('td').nth(4).textContent()).toContain('剩 20 个工作日');
    await handler.screenshot({ path: join(SHOTS, '03-inbox-handler.png') });
    // Filters narrow the inbox: no task of this kind is overdue yet.
    await handler.check('#filters input[name=overdue]');
    await handler.locator(`tr:has-text("${caseNumber}")`).waitFor({ state: 'detached' });
    await handler.uncheck('#filters input[name=overdue]');
    await handler.selectOption('#filters select[name=kind]', 'accept');
    await row.waitFor();
    await row.locator('button:has-text("领取")').click();
    await handler.locator(`tr:has-text("${caseNumber}")`).waitFor({ state: 'detached' });
    await handler.click('button:has-text("我的待办")');
    await handler.locator(`tr:has-text("${caseNumber}") a:has-text("办理")`).click();
    await act(handler, 'accept', '开始办理（受理审查）');
    await status(handler, '办理中');
    await act(handler, 'request-supplement', '告知补正', { whatIsNeeded: '请写明所需信息的文号或形成时间' });
    await status(handler, '待补正');

    // The registrar records the supplement: the clock restarts.
    await registrar.goto(url);
    await registrar.reload();
    await act(registrar, 'record-supplement', '登记收到补正');
    await status(registrar, '办理中');
    expect(await registrar.textContent('#derivation')).toContain('重新');

    // The handler drafts; a missing legal ground is refused with its reason.
    await handler.reload();
    await act(handler, 'draft-decision', '拟定答复', { outcome: 'disclosed' });
    expect(await handler.textContent('details[data-action="draft-decision"] .error')).toContain(
      'legalGround',
    );
    await act(handler, 'draft-decision', '拟定答复', {
      outcome: 'disclosed',
      legalGround: '《条例》第三十六条第（二）项',
    });
    await status(handler, '答复待审核');

    // The reviewer approves from the inbox; the registrar delivers.
    const reviewer = await signIn('reviewer');
    // Reviewers open on 一览 (issue 15); the inbox is a click away.
    await reviewer.click('header nav a:has-text("待办")');
    await reviewer.locator(`tr:has-text("${caseNumber}") a:has-text("办理")`).click();
    await act(reviewer, 'approve-decision', '审核通过答复');
    await status(reviewer, '答复已批准');
    await registrar.reload();
    await act(registrar, 'deliver', '送达答复', { deliveryMethod: 'post' });
    await status(registrar, '已送达');
    const timeline = await registrar.locator('#timeline li').allTextContents();
    expect(timeline.map((t) => t.split(' ')[0])).toEqual([
      '登记收到申请',
      '开始办理',
      '告知补正',
      '收到补正申请（重新计算答复期限）',
      '拟定答复',
      '审核通过答复',
      '送达答复（办结）',
    ]);
    expect(timeline[4]).toContain(staff.usernames.handler);
    await registrar.screenshot({ path: join(SHOTS, '04-application.png'), fullPage: true });

    // The year's table 三 counts it.
    const all = await signIn('all');
    await all.click('a:has-text("年度报告")');
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    await all.waitForSelector('#table3');
    expect(await all.locator('tr[data-row="new_this_year"] td').last().textContent()).toBe('1');
    expect(await all.locator('tr[data-row="disclosed"] td').last().textContent()).toBe('1');
    expect(await all.textContent('h1')).toContain(`${year} 年`);
    // Tables 二 and 四 stand beside it, from the register and the review cases (none here).
    await all.waitForSelector('#table2');
    expect(await all.locator('#table2 tr[data-row="normative_documents"] td').count()).toBe(4);
    expect(await all.locator('#table2 tr[data-row="licensing_decisions"]').textContent()).toContain('未录入');
    expect(await all.locator('#table4 tr[data-row="reconsideration"] td').last().textContent()).toBe('0');
    // Section 一 written with a placeholder: the server's preview fills it from table 三 (issue 9).
    await all.fill('#f-overview', '本年新收申请');
    await all.click('#publication button:has-text("{{本年新收申请数}}")');
    await all.click('button:has-text("保存正文")');
    await all.waitForSelector('[data-section="overview"]:has-text("本年新收申请1")');
    expect(await all.inputValue('#f-overview')).toBe('本年新收申请{{本年新收申请数}}');
    expect(await all.locator('#publication-checks li').count()).toBeGreaterThan(3);
    await all.screenshot({ path: join(SHOTS, '05-report.png'), fullPage: true });
    await all.click('a:has-text("提醒")');
    await all.waitForSelector('h1:has-text("提醒")');
    await all.click('a:has-text("工作日历")');
    await all.waitForSelector('h1:has-text("工作日历")');
    expect(await all.locator('tbody tr').count()).toBeGreaterThanOrEqual(8);
    await all.screenshot({ path: join(SHOTS, '06-calendar.png'), fullPage: true });
    await all.click('a:has-text("卡住的申请")');
    await all.waitForSelector('h1:has-text("卡住的申请")');
    expect(await all.textContent('h1')).toMatch(/卡住的申请（共 \d+ 件）/);
    // Issue 10: the failed notification deliveries (通知投递), each with 重试.
    expect(await all.textContent('section.deliveries h2')).toMatch(/通知投递失败（共 \d+ 条）/);
    await all.screenshot({ path: join(SHOTS, '07-stuck-cases.png'), fullPage: true });
    // Only admins see the calendar and stuck-case admin pages in the menu.
    expect(await handler.locator('a:has-text("工作日历")').count()).toBe(0);
    expect(await handler.locator('a:has-text("卡住的申请")').count()).toBe(0);
  });

  it('records a reconsideration on the application page and reopens the application with its result (issue 8)', async () => {
    // A delivered application, through the API.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const created = await staff.as.registrar.ok(
      '/applications',
      {
        applicantName: '李四',
        applicantType: 'natural_person',
        channel: 'in_person',
        receivedOn: today,
        informationSought: '某项目环评批复',
      },
      201,
    );
    await staff.as.handler.ok(`/applications/${created.id}/accept`);
    await staff.as.handler.ok(`/applications/${created.id}/draft-decision`, {
      outcome: 'unavailable.not_held',
      legalGround: '第三十六条',
    });
    await staff.as.reviewer.ok(`/applications/${created.id}/approve-decision`, {});
    await staff.as.registrar.ok(`/applications/${created.id}/deliver`, {
      deliveredOn: today,
      deliveryMethod: 'post',
    });

    const registrar = await signIn('registrar');
    await registrar.goto(`${origin}/#/applications/${created.id}`);
    await status(registrar, '已送达');
    await registrar.waitForSelector('#review-cases:has-text("行政复议与行政诉讼")');
    await act(registrar, 'review-case', '登记', {
      kind: 'reconsideration',
      body: '某县人民政府',
      reference: '复〔2026〕3号',
    });
    await registrar.waitForSelector('#review-cases tr[data-review-case]:has-text("尚未审结")');

    // The reviewer sees it in the inbox and records 纠正 with the reopening.
    const reviewer = await signIn('reviewer');
    // Reviewers open on 一览 (issue 15); the inbox is a click away.
    await reviewer.click('header nav a:has-text("待办")');
    const row = reviewer.locator(`tr:has-text("${created.caseNumber}"):has-text("登记复议或诉讼结果")`);
    await row.waitFor();
    await row.locator('a:has-text("办理")').click();
    const details = reviewer.locator('#review-cases details[data-review-result]');
    await details.locator('summary').click();
    await details.locator('select[name=result]').selectOption('corrected');
    await details.locator('input[name=reopenedOn]').fill(today);
    await details.locator('button:has-text("登记结果")').click();
    await reviewer.waitForSelector('#review-cases tr[data-review-case]:has-text("结果纠正")');
    await status(reviewer, '办理中');
    expect(await reviewer.textContent('#derivation')).toContain('纠正');
    expect(await reviewer.locator('#timeline li').last().textContent()).toContain('重新办理');
    await reviewer.screenshot({ path: join(SHOTS, '08-review-cases.png'), fullPage: true });
  });
});
