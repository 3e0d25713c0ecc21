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
});
