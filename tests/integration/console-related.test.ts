/**
 * The console's related and repeated applications (issue 16) in headless Chromium: the registration page
 * suggests the applicant's earlier similar application as the registrar types; the application page lists
 * it, links it (the link shows in the timeline), fills the repeated-application fields of the draft form
 * from it, and the draft is recorded. Screenshots: test-artifacts/screenshots/16-*.png.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { SHOTS, consoleOrigin, launchChromium, signIn as signInAs } from '../support/browser';
import { type AgencyStaff, createAgencyWithStaff, registration, startStack } from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

const ID_NUMBER = '330101199001011234';

describe('the console’s related and repeated applications', () => {
  let stack: Stack;
  let staff: AgencyStaff;
  let browser: Browser;
  let first: any;

  beforeAll(async () => {
    stack = await startStack();
    staff = await createAgencyWithStaff(stack.api, '关联申请控制台测试机关');
    browser = await launchChromium();
    const api = staff.api;
    first = await api.ok(
      '/applications',
      registration({ applicantIdNumber: ID_NUMBER, informationSought: '请公开本县2023年征收补偿方案' }),
      201,
    );
    await api.ok(`/applications/${first.id}/accept`);
    await api.ok(`/applications/${first.id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '《条例》第三十六条第（二）项',
    });
    await staff.as.reviewer.ok(`/applications/${first.id}/approve-decision`, {});
    await api.ok(`/applications/${first.id}/deliver`, { deliveredOn: '2024-03-20', deliveryMethod: 'post' });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('suggests on registration, links, and drafts the repeated-application decision from the suggestion', async () => {
    const page = await signInAs(browser, stack.api, staff, 'all');
    await page.goto(`${consoleOrigin(stack.api)}/#/register`);
    await page.fill('input[name="applicantName"]', '张三');
    await page.fill('input[name="applicantIdNumber"]', ID_NUMBER);
    await page.fill('textarea[name="informationSought"]', '申请公开本县2023年度征收补偿方案');
    await page.waitForSelector(`#registration-suggestions tr[data-suggestion="${first.id}"]`);
    const row = page.locator(`#registration-suggestions tr[data-suggestion="${first.id}"]`);
    expect(await row.textContent()).toContain(first.caseNumber);
    expect(await row.textContent()).toContain('予以公开');
    expect(await row.textContent()).toContain('2024-03-20');
    await page.screenshot({ path: join(SHOTS, '16-registration-suggestions.png'), fullPage: true });
    await page.fill('input[name="receivedOn"]', '2024-04-01');
    await page.click('button:has-text("登记")');
    await page.waitForSelector('#related');

    // The application page: the suggestion, linked; the link in the timeline.
    await page.click(`#related button[data-link="${first.id}"]`);
    await page.waitForSelector(`#links-table tr[data-linked="${first.id}"]`);
    await page.waitForSelector('#timeline li[data-link-event="linked"]');

    // Accept, then the suggestion fills the repeated-application fields of the draft form.
    await page.click('details[data-action="accept"] summary');
    await page.click('details[data-action="accept"] button:has-text("开始办理")');
    await page.waitForSelector('details[data-action="draft-decision"]');
    await page.click(`#related button[data-cite="${first.id}"]`);
    const draft = page.locator('details[data-action="draft-decision"]');
    expect(await draft.locator('[name="outcome"]').inputValue()).toBe('not_processed.repeated_application');
    expect(await draft.locator('[name="earlierApplication"]').inputValue()).toBe(first.caseNumber);
    expect(await draft.locator('[name="earlierReply"]').inputValue()).toContain('2024-03-20');
    await draft.locator('[name="legalGround"]').fill('《条例》第三十六条第（六）项');
    // Without the facts-unchanged statement the server refuses, naming the field.
    await draft.locator('button:has-text("拟定答复")').click();
    await page.waitForSelector('details[data-action="draft-decision"] .error:has-text("factsUnchanged")');
    await draft.locator('[name="factsUnchanged"]').fill('申请人未提出新的事实和理由');
    await page.screenshot({ path: join(SHOTS, '16-application-related.png'), fullPage: true });
    await draft.locator('button:has-text("拟定答复")').click();
    await page.waitForSelector('#status:has-text("答复待审核")');
  });
});
