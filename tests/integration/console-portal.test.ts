/**
 * The applicants' portal in headless Chromium (issue 14): an applicant signs in with the code e-mailed to
 * them (a local SMTP server), files an application, follows it while staff act on it, supplies the
 * supplement online and downloads the decision. Screenshots go to test-artifacts/screenshots/portal-*.
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

  it('applies, follows the case, supplements online and downloads the decision', async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.goto(`${consoleOrigin(stack.api)}/portal/#/${staff.agency.code}`);
    await page.fill('input[name=email]', 'chenqi@example.cn');
    await shot(page, '01-sign-in');
    await page.click('button:has-text("获取验证码")');
    await page.waitForSelector('#code-sent:has-text("chenqi@example.cn")');
    const mail = await eventually('the code’s mail', async () =>
      smtp.mails.find((m) => m.to.includes('chenqi@example.cn')),
    );
    const code = /\b(\d{6})\b/.exec(mailText(mail.data))![1];
    await page.fill('input[name=code]', code);
    await page.click('button:has-text("登录")');
    await page.waitForSelector('h1:has-text("我的申请")');

    await page.click('a:has-text("提交新的申请")');
    await page.fill('input[name=applicantName]', '陈七');
    await page.fill('textarea[name=informationSought]', '本镇2025年度农村公路养护资金使用情况');
    await page.fill('input[name=deliveryPreference]', '电子邮件发送电子版');
    await shot(page, '02-apply');
    await page.click('button:has-text("提交申请")');
    await page.waitForSelector('#case-number');
    const caseNumber = (await page.textContent('#case-number'))!;
    const receivedOn = (await page.textContent('#received-on'))!;
    await shot(page, '03-confirmation');

    // Staff find it registered, accept it and ask for a supplement.
    const list = await staff.as.registrar.get(`/applications`);
    const app = list.body.items.find((a: { caseNumber: string }) => a.caseNumber === caseNumber);
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
    await context.close();
  });
});
