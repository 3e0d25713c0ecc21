/**
 * The console's 主动公开 page in headless Chromium (as tests/integration/console.test.ts): a reviewer
 * registers and repeals documents, enters the year's figures with their sources and sees table 二; a
 * registrar reads it without the forms. Screenshot: test-artifacts/screenshots/08-disclosure.png.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, launchChromium, signIn as signInAs } from '../support/browser';
import { type AgencyStaff, createAgencyWithStaff, startStack } from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('the console’s 主动公开 page', () => {
  let stack: Stack;
  let staff: AgencyStaff;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    staff = await createAgencyWithStaff(stack.api, '主动公开控制台测试机关');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const signIn = (role: 'registrar' | 'reviewer') => signInAs(browser, stack.api, staff, role);

  const cell = (page: Page, row: string, i: number) =>
    page.locator(`tr[data-row="${row}"] td`).nth(i).textContent();

  it('keeps the register and the figures, and shows table 二', async () => {
    const reviewer = await signIn('reviewer');
    await reviewer.click('a:has-text("主动公开")');
    await reviewer.waitForSelector('#table2');
    await reviewer.fill('input[name="disclosure-year"]', '2024');
    await reviewer.click('button:has-text("查看")');
    await reviewer.waitForSelector('h1:has-text("2024 年")');

    // Two documents: one issued in 2023 (repealed in 2024), one issued in 2024.
    for (const [title, issuedOn] of [
      ['关于印发旧办法的通知', '2023-05-01'],
      ['关于印发新办法的通知', '2024-04-01'],
    ]) {
      await reviewer.fill('input[name="title"]', title);
      await reviewer.fill('input[name="issuedOn"]', issuedOn);
      await reviewer.click('button:has-text("登记文件")');
      await reviewer.waitForSelector(`#disclosure-documents td:has-text("${title}")`);
    }
    const old = reviewer.locator('#disclosure-documents tr', { hasText: '关于印发旧办法的通知' });
    await old.locator('input[type=date]').fill('2024-06-30');
    await old.locator('button:has-text("废止")').click();
    await reviewer.waitForSelector('#disclosure-documents td:has-text("2024-06-30 废止")');
    expect(await cell(reviewer, 'normative_documents', 1)).toBe('1');
    expect(await cell(reviewer, 'normative_documents', 2)).toBe('1');
    expect(await cell(reviewer, 'normative_documents', 3)).toBe('1');
    expect(await cell(reviewer, 'licensing_decisions', 3)).toBe('未录入，按 0 计');

    // A figure without its source is refused, naming the field.
    await reviewer.fill('input[name="licensing_decisions.value"]', '12');
    await reviewer.click('button:has-text("保存 2024 年数据")');
    await reviewer.waitForSelector('.error:has-text("figures.licensing_decisions.source")');
    await reviewer.fill('input[name="licensing_decisions.source"]', '省政务服务平台导出 2025-01-05');
    await reviewer.fill('input[name="administrative_fees_wan_yuan.value"]', '3.25');
    await reviewer.fill('input[name="administrative_fees_wan_yuan.source"]', '财政非税收入系统');
    await reviewer.click('button:has-text("保存 2024 年数据")');
    await reviewer.waitForSelector('tr[data-row="licensing_decisions"] td:has-text("省政务服务平台导出")');
    expect(await cell(reviewer, 'licensing_decisions', 2)).toBe('12');
    expect(await cell(reviewer, 'administrative_fees_wan_yuan', 2)).toBe('3.25');
    expect(await cell(reviewer, 'penalty_decisions', 3)).toBe('未录入，按 0 计');
    await reviewer.screenshot({ path: join(SHOTS, '08-disclosure.png'), fullPage: true });

    // A registrar reads the page without the forms.
    const registrar = await signIn('registrar');
    await registrar.click('a:has-text("主动公开")');
    await registrar.waitForSelector('#disclosure-documents');
    expect(await registrar.locator('button:has-text("登记文件")').count()).toBe(0);
    expect(await registrar.locator('button:has-text("废止")').count()).toBe(0);
    expect(await registrar.locator('#disclosure-documents td:has-text("关于印发新办法的通知")').count()).toBe(
      1,
    );
  });
});
