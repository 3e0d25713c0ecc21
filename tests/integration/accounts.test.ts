/**
 * Accounts agencies manage (issue 10), on the real stack: an admin creates a department and its first
 * admin, who creates a handler; deactivation ends the handler's session at once; a password reset forces
 * a new password at next sign-in; everyone changes their own password; admins of other agencies see
 * nothing (404) and may create nothing (403); an agency always keeps an active admin.
 */
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { testEnv } from '../support/env';
import {
  type AgencyStaff,
  type Api,
  createAgencyWithStaff,
  createPlatformAdmin,
  startStack,
} from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('accounts agencies manage', () => {
  let stack: Stack;
  let parent: AgencyStaff;
  let unrelated: AgencyStaff;
  let dept: { id: string; code: string };
  const suffix = randomUUID().slice(0, 8);
  const deptAdmin = { username: `dept-admin-${suffix}`, password: 'first-admin-pass', id: '' };
  const handler = { username: `dept-handler-${suffix}`, password: 'handler-pass-1', id: '' };
  let deptAdminApi: Api;
  let handlerApi: Api;

  const signIn = async (username: string, password: string) =>
    stack.api.post('/auth/sign-in', { username, password });
  const session = async (username: string, password: string): Promise<Api> => {
    const res = await signIn(username, password);
    if (res.status !== 200)
      throw new Error(`sign-in ${username} → ${res.status} ${JSON.stringify(res.body)}`);
    return stack.api.withToken(res.body.token);
  };

  beforeAll(async () => {
    stack = await startStack();
    parent = await createAgencyWithStaff(stack.api, '县人民政府');
    unrelated = await createAgencyWithStaff(stack.api, '无关机关');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('lets an admin create an agency under theirs and its first admin; others get 403/404', async () => {
    dept = await parent.as.admin.ok('/agencies', { code: `dept-${suffix}`, name: '县教育局' }, 201);
    const body = {
      username: deptAdmin.username,
      displayName: '教育局 管理员',
      password: deptAdmin.password,
      roles: ['admin'],
      agencyId: dept.id,
    };
    // An admin of an unrelated agency may not create it, nor a non-admin of the parent.
    const foreign = await unrelated.as.admin.post('/users', body);
    expect([foreign.status, foreign.body.code]).toEqual([403, 'AGENCY_NOT_MANAGED']);
    expect((await parent.as.handler.post('/users', body)).status).toBe(403);
    const created = await parent.as.admin.post('/users', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      agencyId: dept.id,
      agencyName: '县教育局',
      roles: ['admin'],
      active: true,
      mustChangePassword: false,
      lastSignInAt: null,
    });
    deptAdmin.id = created.body.id;
    expect((await parent.as.admin.post('/users', body)).status).toBe(409);

    for (const path of [
      `/users/${deptAdmin.id}`,
      `/users/${deptAdmin.id}/events`,
      `/users?agencyId=${dept.id}`,
    ])
      expect([path, (await unrelated.as.admin.get(path)).status]).toEqual([path, 404]);
    expect(
      (await unrelated.as.admin.request('PATCH', `/users/${deptAdmin.id}`, { displayName: 'x' })).status,
    ).toBe(404);
    expect((await unrelated.as.admin.post(`/users/${deptAdmin.id}/deactivate`)).status).toBe(404);
    expect((await unrelated.as.admin.post(`/users/${deptAdmin.id}/reset-password`)).status).toBe(404);

    deptAdminApi = await session(deptAdmin.username, deptAdmin.password);
    // A department's admin cannot reach up to its government.
    const up = await deptAdminApi.post('/users', {
      ...body,
      username: `x-${suffix}`,
      agencyId: parent.agency.id,
    });
    expect(up.status).toBe(403);
    expect((await deptAdminApi.get(`/users/${deptAdmin.id}`)).status).toBe(200);
  });

  it('lets the new admin create a handler who signs in; lists a page at a time', async () => {
    const created = await deptAdminApi.post('/users', {
      username: handler.username,
      displayName: '承办人 周敏',
      password: handler.password,
      roles: ['handler'],
    });
    expect(created.status).toBe(201);
    expect(created.body.agencyId).toBe(dept.id);
    handler.id = created.body.id;
    handlerApi = await session(handler.username, handler.password);
    expect((await handlerApi.get('/auth/me')).body).toMatchObject({ agencyId: dept.id, roles: ['handler'] });
    expect((await handlerApi.get('/users')).status).toBe(403);

    const page1 = await deptAdminApi.get('/users?pageSize=1');
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(page1.body.items).toHaveLength(1);
    const all = await deptAdminApi.get('/users');
    const listedHandler = all.body.items.find((u: { id: string }) => u.id === handler.id);
    expect(listedHandler).toMatchObject({ active: true, roles: ['handler'], mustChangePassword: false });
    expect(Date.parse(listedHandler.lastSignInAt)).toBeGreaterThan(Date.now() - 60_000);
    // The government's admin sees the department's accounts too.
    const rolled = await parent.as.admin.get('/users?includeSubAgencies=true&pageSize=200');
    expect(rolled.body.items.map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining([deptAdmin.id, handler.id]),
    );
    expect((await parent.as.admin.get(`/users?agencyId=${dept.id}`)).body.total).toBe(2);
  });

  it('validates changes, naming the field and the reason', async () => {
    const bad = await deptAdminApi.request('PATCH', `/users/${handler.id}`, { roles: ['boss'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'roles' });
    expect(bad.body.errors[0].reasons.join()).toContain('registrar');
    const empty = await deptAdminApi.request('PATCH', `/users/${handler.id}`, {});
    expect(empty.status).toBe(400);
    expect((await deptAdminApi.request('PATCH', `/users/not-a-uuid`, { displayName: 'x' })).status).toBe(400);
    expect((await deptAdminApi.request('PATCH', `/users/${randomUUID()}`, { displayName: 'x' })).status).toBe(
      404,
    );
    const short = await deptAdminApi.post(`/users/${handler.id}/reset-password`, {
      temporaryPassword: 'short',
    });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].field).toBe('temporaryPassword');

    const changed = await deptAdminApi.request('PATCH', `/users/${handler.id}`, {
      displayName: '承办人 周敏敏',
      roles: ['handler', 'registrar'],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ displayName: '承办人 周敏敏', roles: ['handler', 'registrar'] });
    expect((await handlerApi.get('/auth/me')).body.roles).toEqual(['handler', 'registrar']);
  });

  it('ends a deactivated account’s sessions at once, and reactivates it', async () => {
    expect((await handlerApi.get('/applications')).status).toBe(200);
    const off = await deptAdminApi.post(`/users/${handler.id}/deactivate`);
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const refused = await handlerApi.get('/applications');
    expect(refused.status).toBe(401);
    expect((await signIn(handler.username, handler.password)).status).toBe(401);

    const on = await deptAdminApi.post(`/users/${handler.id}/reactivate`);
    expect([on.status, on.body.active]).toEqual([200, true]);
    handlerApi = await session(handler.username, handler.password);
    expect((await handlerApi.get('/applications')).status).toBe(200);
  });

  it('keeps an active admin: no deactivating oneself or the last admin', async () => {
    const self = await deptAdminApi.post(`/users/${deptAdmin.id}/deactivate`);
    expect([self.status, self.body.code]).toEqual([409, 'CANNOT_DEACTIVATE_SELF']);
    expect(self.body.message).toContain('自己');
    const last = await parent.as.admin.post(`/users/${deptAdmin.id}/deactivate`);
    expect([last.status, last.body.code]).toEqual([409, 'LAST_ACTIVE_ADMIN']);
    expect(last.body.message).toContain('最后一位');
    const demote = await deptAdminApi.request('PATCH', `/users/${deptAdmin.id}`, { roles: ['handler'] });
    expect([demote.status, demote.body.code]).toEqual([409, 'LAST_ACTIVE_ADMIN']);

    // With a second admin, the first may be deactivated (by the government's admin) and come back.
    const second = await deptAdminApi.post('/users', {
      username: `dept-admin2-${suffix}`,
      displayName: '教育局 副管理员',
      password: 'second-admin-pass',
      roles: ['admin', 'reviewer'],
    });
    expect(second.status).toBe(201);
    expect((await parent.as.admin.post(`/users/${deptAdmin.id}/deactivate`)).status).toBe(200);
    expect((await deptAdminApi.get('/users')).status).toBe(401);
    const secondApi = await session(`dept-admin2-${suffix}`, 'second-admin-pass');
    const lastNow = await parent.as.admin.post(`/users/${second.body.id}/deactivate`);
    expect(lastNow.body.code).toBe('LAST_ACTIVE_ADMIN');
    expect((await secondApi.post(`/users/${deptAdmin.id}/reactivate`)).status).toBe(200);
    deptAdminApi = await session(deptAdmin.username, deptAdmin.password);
  });

  it('resets a password: old one fails, temporary one must be changed before anything else', async () => {
    const reset = await deptAdminApi.post(`/users/${handler.id}/reset-password`);
    expect(reset.status).toBe(200);
    const temporary: string = reset.body.temporaryPassword;
    expect(temporary.length).toBeGreaterThanOrEqual(10);
    expect(reset.body.user.mustChangePassword).toBe(true);
    expect((await handlerApi.get('/auth/me')).status).toBe(401);
    expect((await signIn(handler.username, handler.password)).status).toBe(401);

    const signedIn = await signIn(handler.username, temporary);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.mustChangePassword).toBe(true);
    const must = stack.api.withToken(signedIn.body.token);
    for (const path of ['/applications', '/tasks/counts', '/reference']) {
      const res = await must.get(path);
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'PASSWORD_CHANGE_REQUIRED']);
    }
    expect((await must.get('/auth/me')).body.mustChangePassword).toBe(true);
    const wrong = await must.post('/auth/password', {
      currentPassword: 'not-it-at-all',
      newPassword: 'handler-new-pass',
    });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'WRONG_CURRENT_PASSWORD']);
    expect(wrong.body.errors[0].field).toBe('currentPassword');
    const tooShort = await must.post('/auth/password', { currentPassword: temporary, newPassword: 'short' });
    expect([tooShort.status, tooShort.body.errors[0].field]).toEqual([400, 'newPassword']);
    const same = await must.post('/auth/password', { currentPassword: temporary, newPassword: temporary });
    expect([same.status, same.body.code]).toEqual([400, 'PASSWORD_UNCHANGED']);
    expect(
      (await must.post('/auth/password', { currentPassword: temporary, newPassword: 'handler-new-pass' }))
        .status,
    ).toBe(200);
    expect((await must.get('/applications')).status).toBe(200);
    expect((await must.get('/auth/me')).body.mustChangePassword).toBe(false);
    expect((await signIn(handler.username, temporary)).status).toBe(401);
    const again = await signIn(handler.username, 'handler-new-pass');
    expect([again.status, again.body.user.mustChangePassword]).toEqual([200, false]);
    handler.password = 'handler-new-pass';

    // A given temporary password works the same way; an admin cannot reset their own.
    const given = await deptAdminApi.post(`/users/${handler.id}/reset-password`, {
      temporaryPassword: 'given-temp-pass',
    });
    expect([given.status, given.body.temporaryPassword]).toEqual([200, 'given-temp-pass']);
    expect((await signIn(handler.username, 'given-temp-pass')).body.user.mustChangePassword).toBe(true);
    const own = await deptAdminApi.post(`/users/${deptAdmin.id}/reset-password`);
    expect([own.status, own.body.code]).toEqual([409, 'CANNOT_RESET_OWN_PASSWORD']);
  });

  it('lets everyone change their own password: the other sessions end, this one stays', async () => {
    for (const [who, api] of [
      ['registrar', parent.as.registrar],
      ['admin', deptAdminApi],
    ] as const) {
      const username = who === 'admin' ? deptAdmin.username : parent.usernames.registrar;
      const current = who === 'admin' ? deptAdmin.password : parent.password;
      const other = await session(username, current);
      const changed = await api.post('/auth/password', {
        currentPassword: current,
        newPassword: `${current}-new`,
      });
      expect([who, changed.status]).toEqual([who, 200]);
      expect([who, (await other.get('/auth/me')).status]).toEqual([who, 401]);
      expect([who, (await api.get('/auth/me')).status]).toEqual([who, 200]);
      expect([who, (await signIn(username, current)).status]).toEqual([who, 401]);
      expect([who, (await signIn(username, `${current}-new`)).status]).toEqual([who, 200]);
    }
  });

  it('keeps an account holding a role above the admin’s out of the admin’s reach', async () => {
    // A role no agency admin holds (as a platform-level one would be), put in place by the installation.
    const client = new PgClient({ connectionString: testEnv().databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO users (agency_id, username, display_name, password_hash, roles)
       VALUES ($1, $2, '平台运维', 'x', ARRAY['handler', 'platform_test_role']) RETURNING id`,
      [dept.id, `platform-${suffix}`],
    );
    await client.end();
    const id = rows[0].id;
    for (const [path, body] of [
      [`/users/${id}/reset-password`, {}],
      [`/users/${id}/deactivate`, {}],
    ] as const) {
      const res = await deptAdminApi.post(path, body);
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'ACCOUNT_OUT_OF_REACH']);
    }
    const edit = await deptAdminApi.request('PATCH', `/users/${id}`, { displayName: '改名' });
    expect([edit.status, edit.body.code]).toEqual([403, 'ACCOUNT_OUT_OF_REACH']);
  });

  it('keeps a platform administrator’s account out of an agency admin’s reach', async () => {
    // 平台管理员 is a flag, not an agency role: the agency's admin may not take the account over.
    const platformAdmin = await createPlatformAdmin(stack.api, dept.id);
    const me = (await platformAdmin.get('/auth/me')).body;
    for (const [path, body] of [
      [`/users/${me.id}/reset-password`, {}],
      [`/users/${me.id}/deactivate`, {}],
    ] as const) {
      const res = await deptAdminApi.post(path, body);
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'ACCOUNT_OUT_OF_REACH']);
    }
    const edit = await deptAdminApi.request('PATCH', `/users/${me.id}`, { displayName: '改名' });
    expect([edit.status, edit.body.code]).toEqual([403, 'ACCOUNT_OUT_OF_REACH']);
    // Its sign-in still works: nothing was changed.
    expect((await signIn(platformAdmin.username, platformAdmin.password)).status).toBe(200);
  });

  it('records who did what to an account', async () => {
    const events = await deptAdminApi.get(`/users/${handler.id}/events?pageSize=200`);
    expect(events.status).toBe(200);
    const kinds = events.body.items.map((e: { kind: string }) => e.kind).reverse();
    expect(kinds).toEqual([
      'created',
      'updated',
      'deactivated',
      'reactivated',
      'password_reset',
      'password_changed',
      'password_reset',
    ]);
    const [latest] = events.body.items;
    expect(latest).toMatchObject({ kindLabel: '重置密码', detail: { generated: false } });
    expect(latest.actor).toContain(deptAdmin.username);
    expect(JSON.stringify(events.body)).not.toContain('given-temp-pass');
    const updated = events.body.items.find((e: { kind: string }) => e.kind === 'updated');
    expect(updated.detail.roles).toEqual({ from: ['handler'], to: ['handler', 'registrar'] });
    const first = await parent.as.admin.get(`/users/${deptAdmin.id}/events`);
    expect(first.body.items.map((e: { kind: string }) => e.kind)).toContain('created');
    expect(first.body.items.at(-1).actor).toContain(parent.usernames.admin);
  });
});
