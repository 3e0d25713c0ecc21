/**
 * Sign-in, roles and agencies: every endpoint but sign-in and health needs a session; each role may do
 * only its own actions (403 otherwise); nobody sees or touches another agency's applications (404).
 */
import { ACTION_ROLES, ROLES, type StaffAction } from '../../libs/domain/roles';
import { addDays, dateInShanghai } from '../../libs/domain/dates';
import {
  type AgencyStaff,
  type Api,
  createAgencyWithStaff,
  registration,
  startStack,
} from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

const today = dateInShanghai(Date.now());

/**
 * Each staff action: its path and a well-formed body. The departments' actions (issue 16) depend on
 * departments and memberships besides roles: tests/integration/departments.test.ts covers them.
 */
type DepartmentAction = 'routeToDepartments' | 'signForRouting' | 'returnRouting' | 'recordContribution';
const ACTIONS: Record<
  Exclude<StaffAction, 'register' | DepartmentAction>,
  { path: string; body: Record<string, unknown> }
> = {
  accept: { path: 'accept', body: {} },
  requestSupplement: { path: 'request-supplement', body: { requestedOn: today, whatIsNeeded: '文号' } },
  recordSupplement: { path: 'record-supplement', body: { supplementedOn: today } },
  startConsultation: {
    path: 'start-consultation',
    body: { kind: 'third_party', party: '某公司', sentOn: today },
  },
  recordConsultationReply: {
    path: 'record-consultation-reply',
    body: { ref: 'c1', repliedOn: today, answer: 'agree' },
  },
  issueFeeNotice: { path: 'issue-fee-notice', body: { noticeOn: today, method: 'per_page', pages: 50 } },
  recordFeePayment: { path: 'record-fee-payment', body: { paidOn: today } },
  requestReasons: { path: 'request-reasons', body: { requestedOn: today } },
  draftDecision: { path: 'draft-decision', body: { outcome: 'disclosed', legalGround: '第三十六条' } },
  returnDecision: { path: 'return-decision', body: { reason: '依据不足' } },
  approveDecision: { path: 'approve-decision', body: {} },
  approveExtension: {
    path: 'approve-extension',
    body: { approvedOn: today, workingDays: 5, reason: '检索档案' },
  },
  setLaterDeadline: {
    path: 'set-later-deadline',
    body: { setOn: today, due: addDays(today, 90), reason: '数量大' },
  },
  deliver: { path: 'deliver', body: { deliveredOn: today, deliveryMethod: 'post' } },
  withdraw: { path: 'withdraw', body: { withdrawnOn: today } },
};

describe('accounts, roles and agencies', () => {
  let stack: Stack;
  let a: AgencyStaff;
  let b: AgencyStaff;

  beforeAll(async () => {
    stack = await startStack();
    a = await createAgencyWithStaff(stack.api, '甲机关');
    b = await createAgencyWithStaff(stack.api, '乙机关');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('requires a session everywhere but sign-in and health', async () => {
    const anonymous: Api = stack.api;
    for (const path of [
      '/applications',
      '/agencies',
      '/reference',
      '/calendar',
      '/notifications',
      '/reports/2024',
      '/auth/me',
    ]) {
      const res = await anonymous.get(path);
      expect([path, res.status]).toEqual([path, 401]);
      expect(res.body.message).toContain('请先登录');
    }
    expect((await anonymous.get('/health')).status).toBe(200);
    expect((await anonymous.withToken('forged').get('/applications')).status).toBe(401);
  });

  it('signs in with the password, answers the same for an unknown user, and signs out', async () => {
    const wrong = await stack.api.post('/auth/sign-in', {
      username: a.usernames.handler,
      password: 'nope-nope-nope',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('用户名或密码不正确');
    const unknown = await stack.api.post('/auth/sign-in', {
      username: 'nobody-at-all',
      password: 'nope-nope-nope',
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe(wrong.body.message);

    const session = await stack.api.ok('/auth/sign-in', {
      username: a.usernames.handler,
      password: a.password,
    });
    const api = stack.api.withToken(session.token);
    const me = await api.get('/auth/me');
    expect(me.body).toMatchObject({
      username: a.usernames.handler,
      agencyId: a.agency.id,
      roles: ['handler'],
    });
    await api.ok('/auth/sign-out');
    expect((await api.get('/auth/me')).status).toBe(401);
  });

  it('lets only the registrar register', async () => {
    for (const role of ROLES) {
      const res = await a.as[role].post('/applications', registration());
      expect([role, res.status]).toEqual([role, role === 'registrar' ? 201 : 403]);
      if (res.status === 403) expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
    }
  });

  describe.each(Object.entries(ACTIONS))('%s', (action, { path, body }) => {
    const allowed = ACTION_ROLES[action as StaffAction];

    it.each(ROLES)('as %s', async (role) => {
      const app = await a.api.ok('/applications', registration({ receivedOn: today }), 201);
      const res = await a.as[role].post(`/applications/${app.id}/${path}`, body);
      if (allowed.includes(role)) {
        // The role passes; what follows is the workflow's rule for this state (200 or 409), never 403.
        expect([role, [200, 409].includes(res.status)]).toEqual([role, true]);
        const detail = await a.api.get(`/applications/${app.id}`);
        if (res.status === 200) expect(detail.body.events.at(-1).actor).toContain(a.usernames[role]);
      } else {
        expect([role, res.status, res.body.code]).toEqual([role, 403, 'ROLE_NOT_ALLOWED']);
        expect(res.body.message).toContain('角色');
        const detail = await a.api.get(`/applications/${app.id}`);
        expect(detail.body.events).toHaveLength(1);
      }
    });
  });

  it('keeps every agency to its own applications (404 for another’s)', async () => {
    const app = await a.api.ok('/applications', registration(), 201);
    const other = b.api;
    expect((await other.get(`/applications/${app.id}`)).status).toBe(404);
    expect((await other.get(`/applications/${app.id}/deadlines`)).status).toBe(404);
    expect((await other.post(`/applications/${app.id}/accept`)).status).toBe(404);
    expect((await other.post(`/applications/${app.id}/withdraw`, { withdrawnOn: today })).status).toBe(404);
    expect((await other.get(`/applications?agencyId=${a.agency.id}`)).status).toBe(404);
    expect((await other.get(`/agencies/${a.agency.id}`)).status).toBe(404);
    const own = await other.get('/applications');
    expect(own.body.items.map((x: { id: string }) => x.id)).not.toContain(app.id);
    const report = await other.get(`/reports/2024?agencyId=${a.agency.id}`);
    expect(report.status).toBe(400);
    expect((await a.api.get(`/applications/${app.id}`)).status).toBe(200);
  });

  it('rolls a government up over the departments grouped under it', async () => {
    const dept = await createAgencyWithStaff(stack.api, '甲机关下属部门', { parentId: a.agency.id });
    const app = await dept.api.ok('/applications', registration({ receivedOn: '2024-05-06' }), 201);
    expect((await a.api.get(`/applications/${app.id}`)).status).toBe(200);
    expect((await dept.api.get(`/agencies/${a.agency.id}`)).status).toBe(404);
    const list = await a.api.get(`/applications?agencyId=${dept.agency.id}`);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([app.id]);
    const rolled = await a.api.get(`/reports/2024?includeSubAgencies=true`);
    expect(rolled.body.table3.new_this_year[6]).toBeGreaterThanOrEqual(1);
    const alone = await a.api.get(`/reports/2024`);
    expect(rolled.body.table3.new_this_year[6]).toBe(alone.body.table3.new_this_year[6] + 1);
  });

  it('lets only admins manage users and the calendar', async () => {
    const user = {
      username: `u-${Date.now()}`,
      displayName: '新同事',
      password: 'a-long-password',
      roles: ['handler'],
    };
    expect((await a.as.handler.post('/users', user)).status).toBe(403);
    const created = await a.as.admin.post('/users', user);
    expect(created.status).toBe(201);
    expect((await a.as.admin.post('/users', user)).status).toBe(409);
    expect((await a.as.admin.post('/users', { ...user, username: 'x y', roles: ['boss'] })).status).toBe(400);
    const signedIn = await stack.api.ok('/auth/sign-in', {
      username: user.username,
      password: user.password,
    });
    expect(signedIn.user.agencyId).toBe(a.agency.id);
    const listed = await a.as.admin.get('/users?pageSize=200');
    expect(listed.body.items.map((u: { username: string }) => u.username)).toContain(user.username);
    const calendar = await a.as.reviewer.request('PUT', '/calendar/2030', {
      offDays: ['2030-01-01'],
      workDays: [],
      notice: '测试',
    });
    expect(calendar.status).toBe(403);
  });
});
