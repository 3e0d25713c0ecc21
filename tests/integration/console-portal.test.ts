/**
 * The applicants' portal in headless Chromium (issue 14): an applicant signs in with the code e-mailed to
 * them (a local SMTP server), files an application, follows it while staff act on it, supplies the
 * supplement online and downloads the decision; confirms a fee payment and withdraws. Screenshots go to test-artifacts/screenshots/portal-*.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, consoleOrigin, launchChromium } from '../support/browser';
import { type Mailbox, mailText, startMailbox } from '../support/mailbox';
import { type AgencyStaff, createAgencyWithStaff, eventually, startStack } from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('the applicants’ portal in the browser', () => {
  let stack: Stack;
  let smtp: Mailbox;
  let staff: AgencyStaff;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startMailbox();
    stack = await startStack({
      env: { OGI_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, OGI_SMTP_FROM: 'OGI Flow <ogi@agency.test>' },
    });
    staff = await createAgencyWithStaff(stack.api, '网上申请浏览器测试机关');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await smtp?.close();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `portal-${name}.png`), fullPage: true });

  /** A page signed in on the portal with the code e-mailed to `email`. */
  async function signedIn(email: string, screenshot?: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.goto(`${consoleOrigin(stack.api)}/portal/#/${staff.agency.code}`);
    await page.fill('input[name=email]', email);
    if (screenshot) await shot(page, screenshot);
    const before = smtp.mails.length;
    await page.click('button:has-text("获取验证码")');
    await page.waitForSelector(`#code-sent:has-text("${email}")`);
    const mail = await eventually('the code’s mail', async () =>
      smtp.mails.slice(before).find((m) => m.to.includes(email)),
    );
    const code = /\b(\d{6})\b/.exec(mailText(mail.data))![1];
    await page.fill('input[name=code]', code);
    await page.click('button:has-text("登录")');
    await page.waitForSelector('h1:has-text("我的申请")');
    return page;
  }

  /** Files an application on the page; its case number and receipt date from the confirmation. */
  async function apply(page: Page, name: string, sought: string, screenshot?: string) {
    await page.click('a:has-text("提交新的申请")');
    await page.fill('input[name=applicantName]', name);
    await page.fill('textarea[name=informationSought]', sought);
    await page.fill('input[name=deliveryPreference]', '电子邮件发送电子版');
    if (screenshot) await shot(page, screenshot);
    await page.click('button:has-text("提交申请")');
    await page.waitForSelector('#case-number');
    const caseNumber = (await page.textContent('#case-number'))!;
    const receivedOn = (await page.textContent('#received-on'))!;
    const list = await staff.as.registrar.get(`/applications`);
    const app = list.body.items.find((a: { caseNumber: string }) => a.caseNumber === caseNumber);
    return { caseNumber, receivedOn, app };
  }

  it('applies, follows the case, supplements online and downloads the decision', async () => {
    const page = await signedIn('chenqi@example.cn', '01-sign-in');
    const { receivedOn, app } = await apply(page, '陈七', '本镇2025年度农村公路养护资金使用情况', '02-apply');
    await shot(page, '03-confirmation');

    // Staff find it registered, accept it and ask for a supplement.
    expect(app.channel).toBe('online_platform');
    expect(app.receivedOn).toBe(receivedOn);
    await staff.as.handler.ok(`/applications/${app.id}/accept`);
    await staff.as.handler.ok(`/applications/${app.id}/request-supplement`, {
      requestedOn: receivedOn,
      whatIsNeeded: '请写明所需资金的年度和项目名称',
    });

    await page.click('a:has-text("查看办理进度")');
    await page.waitForSelector('#supplement:has-text("项目名称")');
    await shot(page, '04-supplement-asked');
    await page.fill('details[data-step=supplement] textarea[name=text]', '2025年度，村道安全生命防护工程');
    await page.click('button:has-text("提交补正")');
    await page.waitForSelector('#status:has-text("办理中")');

    // Staff answer; the applicant downloads the answer.
    await staff.as.handler.ok(`/applications/${app.id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '《条例》第三十六条第（一）项',
    });
    await staff.as.reviewer.ok(`/applications/${app.id}/approve-decision`, {});
    await staff.as.registrar.ok(`/applications/${app.id}/deliver`, {
      deliveredOn: receivedOn,
      deliveryMethod: 'email',
    });
    await page.reload();
    await page.waitForSelector('#status:has-text("已送达")');
    const row = page.locator('#notices tr:has-text("答复书")');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.locator('button:has-text("Word")').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    await shot(page, '05-answered');
    await page.context().close();
  });

  it('confirms a fee payment and withdraws an application online', async () => {
    const page = await signedIn('zhouba@example.cn');
    const { receivedOn, app } = await apply(page, '周八', '本局2021年以来全部行政处罚决定书');
    await staff.as.handler.ok(`/applications/${app.id}/accept`);
    await staff.as.handler.ok(`/applications/${app.id}/issue-fee-notice`, {
      noticeOn: receivedOn,
      method: 'per_page',
      pages: 120,
    });
    await page.click('a:has-text("查看办理进度")');
    await page.waitForSelector('#fee:has-text("元")');
    await page.click('details[data-step=fee-payment] summary');
    await page.fill('details[data-step=fee-payment] input[name=paymentReference]', '3301202611290001');
    await shot(page, '06-fee-due');
    await page.click('button:has-text("我已缴费")');
    await page.waitForSelector('details[data-step=fee-payment]', { state: 'detached' });
    const paid = (await staff.as.handler.get(`/applications/${app.id}`)).body;
    expect(paid.events.find((e: { type: string }) => e.type === 'fee_paid').payload.note).toContain(
      '3301202611290001',
    );

    // The applicant changes their mind: withdrawn online, the case ends.
    await page.click('details[data-step=withdraw] summary');
    await page.fill('details[data-step=withdraw] input[name=reason]', '已通过其他途径获取');
    await page.click('details[data-step=withdraw] button:has-text("撤回申请")');
    await page.waitForSelector('#status:has-text("撤回")');
    await shot(page, '07-withdrawn');
    expect((await staff.as.handler.get(`/applications/${app.id}`)).body.status).toBe('withdrawn');
    await page.context().close();
  });
});
