/**
 * The console's 历史数据导入 page in headless Chromium (as tests/integration/console.test.ts): an admin
 * uploads a CSV file with a bad row and sees the problem table (row, column, message) with nothing
 * imported, then the corrected file and its progress bar to 导入完成. Screenshot:
 * test-artifacts/screenshots/13-import.png.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { SHOTS, launchChromium, signIn as signInAs } from '../support/browser';
import { type AgencyStaff, createAgencyWithStaff, startStack } from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

const HEADER = '案件编号,申请人类型,申请渠道,收到申请日期,办理结果,办结日期';

describe('the console’s 历史数据导入 page', () => {
  let stack: Stack;
  let staff: AgencyStaff;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    staff = await createAgencyWithStaff(stack.api, '导入控制台测试机关');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the problems of a bad file by row, then imports the corrected file with its progress', async () => {
    const admin = await signInAs(browser, stack.api, staff, 'admin');
    await admin.click('header a:has-text("历史数据导入")');
    await admin.waitForSelector('h1:has-text("历史数据导入")');

    const file = (rows: string[]) => ({
      name: '历史数据.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([HEADER, ...rows].join('\r\n'), 'utf8'),
    });
    await admin.setInputFiles(
      'input[type=file]',
      file([
        'H-1,自然人,当面提交,2025-03-18,予以公开,2025-04-02',
        'H-2,自然人,传真,2025-03-18,查无此结果,2025-04-02',
      ]),
    );
    await admin.click('button:has-text("上传并导入")');
    await admin.waitForSelector('table.import-problems');
    const problem = await admin.locator('table.import-problems tbody tr').first().textContent();
    expect(problem).toContain('3');
    expect(problem).toContain('办理结果');
    expect(problem).toContain('查无此结果');
    expect(await admin.locator('[role=alert]').first().textContent()).toContain('未导入任何数据');

    await admin.setInputFiles(
      'input[type=file]',
      file([
        'H-1,自然人,当面提交,2025-03-18,予以公开,2025-04-02',
        'H-2,自然人,传真,2025-03-18,不予公开 · 属于国家秘密,2025-04-02',
      ]),
    );
    await admin.click('button:has-text("上传并导入")');
    await admin.waitForSelector('text=导入完成');
    expect(await admin.locator('progress').getAttribute('value')).toBe('100');
    await admin.screenshot({ path: join(SHOTS, '13-import.png'), fullPage: true });
    const list = (await stack.api.withToken(staff.api.token).get('/applications?pageSize=10')).body;
    expect(list.items.map((a: { caseNumber: string }) => a.caseNumber).sort()).toEqual(['H-1', 'H-2']);
  });

  it('lets an admin edit the notice template (文书模板) and shows the numbers it makes', async () => {
    const admin = await signInAs(browser, stack.api, staff, 'admin');
    await admin.click('header a:has-text("文书模板")');
    await admin.waitForSelector('h1:has-text("正式文书模板")');
    await admin.fill('#f-numberPrefix', '试政信');
    await admin.fill('#f-sealText', '导入控制台测试机关政务公开专用章');
    await admin.fill('#f-code-supplement', '补正');
    await admin.selectOption('#f-serialStyle', 'ordinal');
    await admin.click('button:has-text("保存模板")');
    await admin.waitForSelector('text=模板已保存');
    const saved = (await stack.api.withToken(staff.api.token).get('/notice-templates')).body;
    expect(saved).toMatchObject({ saved: true, numberPrefix: '试政信', serialStyle: 'ordinal' });
    expect(saved.kindCodes.supplement).toBe('补正');
    expect(saved.examples.supplement).toMatch(/^试政信补正〔\d{4}〕第\d+号$/);
    // A bad value is refused with the API's reason, and nothing is saved.
    await admin.reload();
    await admin.waitForSelector('h1:has-text("正式文书模板")');
    expect(await admin.inputValue('#f-numberPrefix')).toBe('试政信');
    await admin.fill('#f-numberPrefix', '试〔政〕信');
    await admin.click('button:has-text("保存模板")');
    expect(await (await admin.waitForSelector('[role=alert]')).textContent()).toContain('文号前缀');
    expect((await stack.api.withToken(staff.api.token).get('/notice-templates')).body.numberPrefix).toBe(
      '试政信',
    );
    await admin.screenshot({ path: join(SHOTS, '14-notice-template.png'), fullPage: true });
  });
});
