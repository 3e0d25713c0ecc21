/**
 * The console's 用户管理 and 修改密码 pages in headless Chromium (as tests/integration/console.test.ts):
 * an admin adds a department and its first admin, creates a handler, changes roles, deactivates and
 * reactivates, resets a password and sees the temporary one once; the person signing in with it goes
 * straight to 修改密码. Screenshots: test-artifacts/screenshots/11-users.png, 12-password-required.png.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, consoleOrigin, launchChromium, signIn as signInAs } from '../support/browser';
import { type AgencyStaff, createAgencyWithStaff, startStack } from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('the console’s 用户管理 and 修改密码 pages', () => {
  let stack: Stack;
  let staff: AgencyStaff;
  let browser: Browser;
  const suffix = randomUUID().slice(0, 8);

  beforeAll(async () => {
    stack = await startStack();
    staff = await createAgencyWithStaff(stack.api, '用户管理控制台测试机关');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const row = (page: Page, username: string) => page.locator(`tr[data-user="${username}"]`);

  async function createUser(page: Page, agency: string, username: string, roleLabel: string) {
    const card = page.locator('.card', { has: page.locator('button:has-text("新建用户")') });
    await card.locator('select[name=agencyId]').selectOption({ label: agency });
    await card.locator('input[name=username]').fill(username);
    await card.locator('input[name=displayName]').fill(`姓名 ${username}`);
    await card.locator('input[name=password]').fill('initial-password');
    await card.locator('label', { hasText: roleLabel }).locator('input').check();
    await card.locator('button:has-text("新建用户")').click();
    await row(page, username).waitFor();
  }

  it('lets an admin manage accounts, and sends a reset person straight to 修改密码', async () => {
    const admin = await signInAs(browser, stack.api, staff, 'admin');
    await admin.click('header a:has-text("用户管理")');
    await admin.waitForSelector('#users');

    // A department and its first admin.
    const agencyCard = admin.locator('.card', { has: admin.locator('button:has-text("新增下属机关")') });
    await agencyCard.locator('input[name=code]').fill(`edu-${suffix}`);
    await agencyCard.locator('input[name=name]').fill('县教育局');
    await agencyCard.locator('button:has-text("新增下属机关")').click();
    await admin.waitForSelector('select[name=agencyId] option:has-text("县教育局")', { state: 'attached' });
    await createUser(admin, '县教育局', `edu-admin-${suffix}`, '管理员');
    expect(await row(admin, `edu-admin-${suffix}`).textContent()).toContain('县教育局');

    // A handler of the admin's own agency: roles changed, deactivated, reactivated.
    const handler = `ui-handler-${suffix}`;
    await createUser(admin, '用户管理控制台测试机关（本机关）', handler, '承办人');
    await row(admin, handler).locator('button:has-text("修改")').click();
    await admin.locator('#user-panel label', { hasText: '登记员' }).locator('input').check();
    await admin.locator('#user-panel button:has-text("保存")').click();
    await admin.waitForSelector(`tr[data-user="${handler}"] td:has-text("登记员、承办人")`);
    await row(admin, handler).locator('button:has-text("停用")').click();
    await admin.waitForSelector(`tr[data-user="${handler}"] td:has-text("已停用")`);
    await row(admin, handler).locator('button:has-text("启用")').click();
    await admin.waitForSelector(`tr[data-user="${handler}"] td:has-text("在用")`);

    // The admin cannot deactivate themselves: no button on their own row.
    expect(await row(admin, staff.usernames.admin).locator('button:has-text("停用")').count()).toBe(0);

    await row(admin, handler).locator('button:has-text("重置密码")').click();
    const temporary = (await admin.locator('#temporary-password').textContent())!.trim();
    expect(temporary.length).toBeGreaterThanOrEqual(10);
    await admin.waitForSelector(`tr[data-user="${handler}"] td:has-text("待修改密码")`);
    await admin.screenshot({ path: join(SHOTS, '11-users.png'), fullPage: true });
    await row(admin, handler).locator('button:has-text("记录")').click();
    await admin.waitForSelector('#account-events td:has-text("重置密码")');
    expect(await admin.locator('#account-events tbody tr').count()).toBe(5);
    expect(await admin.locator('#temporary-password').count()).toBe(0);

    // The person signs in with the temporary password and lands on 修改密码.
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const person = await context.newPage();
    await person.goto(`${consoleOrigin(stack.api)}/`);
    await person.fill('input[name=username]', handler);
    await person.fill('input[name=password]', temporary);
    await person.click('button:has-text("登录")');
    await person.waitForSelector('h1:has-text("修改密码")');
    expect(await person.locator('[role=alert]').textContent()).toContain('管理员已重置您的密码');
    expect(await person.locator('header nav').count()).toBe(0);
    await person.screenshot({ path: join(SHOTS, '12-password-required.png'), fullPage: true });
    await person.fill('input[name=currentPassword]', temporary);
    await person.fill('input[name=newPassword]', 'my-own-password');
    await person.fill('input[name=confirmPassword]', 'my-own-passw0rd');
    await person.click('button:has-text("修改密码")');
    await person.waitForSelector('.error:has-text("两次输入的新密码不一致")');
    await person.fill('input[name=confirmPassword]', 'my-own-password');
    await person.click('button:has-text("修改密码")');
    await person.waitForSelector('header nav');
    expect(await person.locator('header nav a:has-text("用户管理")').count()).toBe(0);

    // Changing one's own password from the header link.
    await person.click('header a:has-text("修改密码")');
    await person.fill('input[name=currentPassword]', 'wrong-password');
    await person.fill('input[name=newPassword]', 'another-password');
    await person.fill('input[name=confirmPassword]', 'another-password');
    await person.click('main button:has-text("修改密码")');
    await person.waitForSelector('.error:has-text("当前密码不正确")');
    await person.fill('input[name=currentPassword]', 'my-own-password');
    await person.click('main button:has-text("修改密码")');
    await person.waitForSelector('.ok:has-text("密码已修改")');
    await context.close();
  });
});
