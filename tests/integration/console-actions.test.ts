/**
 * Every staff action's form in the console (issue 13), in headless Chromium: the forms come from the
 * application's open actions (libs/domain/staff-actions.ts), so each page shows exactly what the server
 * offers that user, never a form their roles do not allow; each form is filled in and submitted once,
 * Art. 35 included, and a reviewer assigns a task from the inbox.
 */
import type { Browser, Page } from 'playwright-core';
import { ACTION_ROLES, type Role } from '../../libs/domain/roles';
import { STAFF_ACTION_TYPES, type OpenAction, type StaffActionType } from '../../libs/domain/staff-actions';
import { join } from 'node:path';
import { SHOTS, consoleOrigin, launchChromium, signIn } from '../support/browser';
import { type AgencyStaff, createAgencyWithStaff, startStack } from '../support/stack';
import { dateInShanghai } from '../../libs/domain/dates';

type Stack = Awaited<ReturnType<typeof startStack>>;
type Staff = 'registrar' | 'handler' | 'reviewer';

describe('the staff console: every staff action’s form', () => {
  let stack: Stack;
  let staff: AgencyStaff;
  let browser: Browser;
  const pages = {} as Record<Staff, Page>;
  const submitted = new Set<StaffActionType>();
  const today = dateInShanghai(Date.now());

  beforeAll(async () => {
    stack = await startStack();
    staff = await createAgencyWithStaff(stack.api, '办理事项测试机关');
    browser = await launchChromium();
    for (const role of ['registrar', 'handler', 'reviewer'] as const)
      pages[role] = await signIn(browser, stack.api, staff, role);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function register(): Promise<{ id: string; caseNumber: string }> {
    const app = await staff.as.registrar.ok(
      '/applications',
      {
        applicantName: '王五',
        applicantType: 'natural_person',
        channel: 'in_person',
        receivedOn: today,
        informationSought: '本机关2025年度行政事业性收费目录',
      },
      201,
    );
    // The workflow records the registration: its actions are then open.
    for (let i = 0; i < 100; i++) {
      const a = await staff.as.handler.get<{ actions: OpenAction[] }>(`/applications/${app.id}`);
      if (a.body.actions.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return app;
  }

  /**
   * Opens the application as `who` and checks its forms: exactly the actions the server offers that user,
   * each allowed by their role.
   */
  async function open(who: Staff, id: string): Promise<Page> {
    const page = pages[who];
    await page.goto(`${consoleOrigin(stack.api)}/#/applications/${id}`);
    await page.reload();
    await page.waitForSelector('#timeline');
    const offered = (await staff.as[who].get<{ actions: OpenAction[] }>(`/applications/${id}`)).body.actions;
    const shown = await page
      .locator('details[data-key]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    expect([who, shown]).toEqual([who, offered.map((a) => a.key)]);
    for (const a of offered)
      expect([who, a.action, ACTION_ROLES[a.action].includes(who as Role)]).toEqual([who, a.action, true]);
    return page;
  }

  /** Fills in and submits one form; the timeline then shows one more step. */
  async function submit(page: Page, key: string, fill: Record<string, string> = {}): Promise<void> {
    const details = page.locator(`details[data-key="${key}"]`);
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    for (const [name, value] of Object.entries(fill)) {
      const el = details.locator(`[name="${name}"]`);
      const kind = await el.first().evaluate((e) => `${e.tagName}:${e.getAttribute('type') ?? ''}`);
      // A list of choices (协办科室, issue 16): the checkbox of that value.
      if (kind === 'INPUT:checkbox') await details.locator(`[name="${name}"][value="${value}"]`).check();
      else if (kind.startsWith('SELECT')) await el.selectOption(value);
      else await el.fill(value);
    }
    const steps = await page.locator('#timeline li').count();
    await details.locator('button[type=submit]').click();
    // Evaluated in the page: one more step on the timeline, or the form's error.
    await page.waitForFunction(
      ({ n, k }) => {
        const doc = (
          globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<unknown> } }
        ).document;
        return (
          doc.querySelectorAll('#timeline li').length > n ||
          doc.querySelectorAll(`details[data-key="${k}"] .error`).length > 0
        );
      },
      { n: steps, k: key },
    );
    const error = await page.locator(`details[data-key="${key}"] .error`).count();
    if (error)
      throw new Error(`${key}: ${await page.locator(`details[data-key="${key}"] .error`).textContent()}`);
    submitted.add(key.split(':')[0] as StaffActionType);
  }

  it('takes a case through every step but the supplement, from forms only', async () => {
    const app = await register();

    // The reviewer assigns the acceptance task to the handler from the agency's inbox.
    const reviewer = pages.reviewer;
    await reviewer.goto(`${consoleOrigin(stack.api)}/#/inbox`);
    await reviewer.reload();
    await reviewer.click('button:has-text("全机关")');
    const row = reviewer.locator(`tr:has-text("${app.caseNumber}")`);
    await row.locator('button:has-text("分派")').click();
    await row.locator('select[name=assignee]').selectOption({
      label: `handler ${staff.agency.code}（${staff.usernames.handler}）`,
    });
    await row.locator('button:has-text("确定分派")').click();
    // The inbox reloads with the handler in the 办理人 column (the fourth).
    await reviewer.locator(`tr:has-text("${app.caseNumber}") td:nth-child(4):has-text("handler")`).waitFor();
    const tasks = await staff.as.handler.get<{
      items: Array<{ application: { id: string }; assignee: { displayName: string } | null }>;
    }>('/tasks?view=mine');
    expect(tasks.body.items.find((t) => t.application.id === app.id)?.assignee?.displayName).toBe(
      `handler ${staff.agency.code}`,
    );

    // Only reviewers and admins are offered colleagues to assign to.
    const agencyTasks = await staff.as.reviewer.get<{
      items: Array<{ id: string; application: { id: string } }>;
    }>('/tasks?view=agency');
    const task = agencyTasks.body.items.find((t) => t.application.id === app.id)!;
    expect((await staff.as.handler.get(`/tasks/${task.id}/assignees`)).status).toBe(403);
    const assignees = await staff.as.reviewer.get<{ items: Array<{ username: string }> }>(
      `/tasks/${task.id}/assignees`,
    );
    expect(assignees.body.items.map((u) => u.username).sort()).toEqual(
      [staff.usernames.all, staff.usernames.handler].sort(),
    );

    let page = await open('handler', app.id);
    await submit(page, 'accept');
    page = await open('handler', app.id);
    await submit(page, 'requestReasons', { note: '本月已收到该申请人申请40件' });

    page = await open('reviewer', app.id);
    await submit(page, 'approveExtension', { reason: '需要检索多年档案' });
    page = await open('reviewer', app.id);
    await submit(page, 'setLaterDeadline', { reason: '申请数量明显超过合理范围' });

    page = await open('handler', app.id);
    await submit(page, 'startConsultation', { kind: 'third_party', party: '某科技有限公司' });
    page = await open('registrar', app.id);
    await submit(page, 'recordConsultationReply:c1', { answer: 'agree' });

    page = await open('handler', app.id);
    await submit(page, 'issueFeeNotice', { method: 'per_page', pages: '120' });
    page = await open('registrar', app.id);
    await submit(page, 'recordFeePayment');

    page = await open('handler', app.id);
    await submit(page, 'draftDecision', {
      outcome: 'disclosed',
      legalGround: '《条例》第三十六条第（二）项',
    });
    page = await open('reviewer', app.id);
    await submit(page, 'returnDecision', { reason: '请补充公开方式' });
    page = await open('handler', app.id);
    await submit(page, 'draftDecision', {
      outcome: 'disclosed',
      legalGround: '《条例》第三十六条第（二）项',
      notes: '电子版随答复书提供',
    });
    page = await open('reviewer', app.id);
    await submit(page, 'approveDecision', { note: '同意' });
    page = await open('registrar', app.id);
    await submit(page, 'deliver', { deliveryMethod: 'email' });
    expect(await page.textContent('#status')).toContain('已送达');
    // Concluded: nothing is offered to anyone.
    for (const who of ['registrar', 'handler', 'reviewer'] as const) await open(who, app.id);
  });

  it('asks for a supplement, records it, and records a withdrawal', async () => {
    const app = await register();
    let page = await open('handler', app.id);
    await submit(page, 'requestSupplement', { whatIsNeeded: '请写明所需信息的文号' });
    page = await open('registrar', app.id);
    await submit(page, 'recordSupplement', { note: '申请人当面补正' });
    page = await open('registrar', app.id);
    await submit(page, 'withdraw', { reason: '申请人书面撤回' });
    expect(await page.textContent('#status')).toContain('撤回');
  });

  it('routes to departments from the forms: sign, send back, contribute (issue 16)', async () => {
    // The admin sets up two departments on 科室管理: the registrar in one, the reviewer in the other.
    const admin = await signIn(browser, stack.api, staff, 'admin');
    await admin.click('header a:has-text("科室管理")');
    for (const name of ['政策法规科', '财务科']) {
      await admin.fill('input[name=name]', name);
      await admin.click('button:has-text("新建科室")');
      await admin.waitForSelector(`tr[data-department] input[value="${name}"]`);
    }
    const departments = (
      await staff.as.admin.get<{ items: Array<{ id: string; name: string }> }>('/departments')
    ).body.items;
    const idOf = (name: string) => departments.find((d) => d.name === name)!.id;
    const member = async (department: string, role: 'registrar' | 'reviewer') => {
      const row = admin.locator(`tr[data-department="${idOf(department)}"]`);
      await row.locator('summary:has-text("设置成员")').click();
      await row.locator('label', { hasText: staff.usernames[role] }).locator('input').check();
      await row.locator('button:has-text("保存成员")').click();
      await admin
        .locator(`tr[data-department="${idOf(department)}"] span.members:has-text("${role} ")`)
        .waitFor();
    };
    await member('政策法规科', 'registrar');
    await member('财务科', 'reviewer');
    await admin.screenshot({ path: join(SHOTS, '15-departments.png'), fullPage: true });

    const app = await register();
    let page = await open('handler', app.id);
    await submit(page, 'accept');
    page = await open('handler', app.id);
    await submit(page, 'routeToDepartments', {
      leadDepartmentId: idOf('政策法规科'),
      contributingDepartmentIds: idOf('财务科'),
      note: '请核实是否已主动公开',
    });

    // 本科室待办: the registrar's department has the task to sign for it.
    const registrar = pages.registrar;
    await registrar.goto(`${consoleOrigin(stack.api)}/#/inbox`);
    await registrar.reload();
    await registrar.click('button:has-text("本科室待办")');
    await registrar.locator(`tr:has-text("${app.caseNumber}"):has-text("签收交办")`).waitFor();

    page = await open('registrar', app.id);
    await submit(page, `signForRouting:${idOf('政策法规科')}`);
    page = await open('reviewer', app.id);
    await submit(page, `returnRouting:${idOf('财务科')}`, { reason: '不属于本科室职责' });
    page = await open('registrar', app.id);
    await submit(page, `recordContribution:${idOf('政策法规科')}`, { text: '经查，该目录已主动公开' });
    const timeline = await page.textContent('#timeline');
    for (const label of ['交办承办科室', '承办科室签收', '承办科室退回', '科室提供意见或材料'])
      expect(timeline).toContain(label);

    // 督办: the reviewer sees the application under its departments within 30 working days.
    const reviewer = pages.reviewer;
    await reviewer.goto(`${consoleOrigin(stack.api)}/#/supervision`);
    await reviewer.reload();
    await reviewer.fill('input[name=withinWorkingDays]', '30');
    await reviewer.dispatchEvent('input[name=withinWorkingDays]', 'change');
    await reviewer
      .locator(`section[data-department="${idOf('政策法规科')}"] tr:has-text("${app.caseNumber}")`)
      .waitFor();
    await reviewer.screenshot({ path: join(SHOTS, '16-supervision.png'), fullPage: true });
  });

  it('has covered every staff action the domain defines', () => {
    expect([...submitted].sort()).toEqual([...STAFF_ACTION_TYPES].sort());
  });
});
