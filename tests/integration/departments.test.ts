/**
 * Issue 16 (real stack): an agency's departments; an application routed to two departments, one signs
 * and the other sends it back with a reason; a contribution; the timeline with its labels; the
 * department inbox; and the supervision view (督办) of what lapses soon, by department.
 */
import { type ApplicationState, initialState, replyDeadline } from '../../libs/domain/application';
import { BUILT_IN_CALENDAR as calendar } from '../../libs/domain/calendar';
import { type IsoDate, addDays, dateInShanghai } from '../../libs/domain/dates';
import {
  type AgencyStaff,
  type Api,
  createAgencyWithStaff,
  registration,
  startStack,
} from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

const today = dateInShanghai(Date.now());

/** A receipt date whose reply deadline is `left` working days from today (a fresh 20-working-day period). */
function receivedWithLeft(left: number): IsoDate {
  for (let back = 0; back < 120; back++) {
    const receivedOn = addDays(today, -back);
    const state: ApplicationState = initialState({ receivedOn });
    if (calendar.workingDaysUntil(today, replyDeadline(state, calendar).due) === left) return receivedOn;
  }
  throw new Error(`no receipt date with ${left} working days left`);
}

describe('departments (内设机构): routing, signing, sending back, contributions, supervision', () => {
  let stack: Stack;
  let staff: AgencyStaff;
  let policy: { id: string; name: string };
  let finance: { id: string; name: string };

  const put = (api: Api, path: string, body: unknown) => api.request('PUT', path, body);
  const patch = (api: Api, path: string, body: unknown) => api.request('PATCH', path, body);

  beforeAll(async () => {
    stack = await startStack();
    staff = await createAgencyWithStaff(stack.api, '科室测试机关');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('lets the admin create, rename and deactivate departments and set their members, with field-named 400s', async () => {
    const admin = staff.as.admin;
    policy = await admin.ok('/departments', { name: '政策法规科', code: 'zcfg' }, 201);
    finance = await admin.ok('/departments', { name: '财务科' }, 201);
    const spare = await admin.ok('/departments', { name: '临时科' }, 201);

    const dup = await admin.post('/departments', { name: '政策法规科' });
    expect([dup.status, dup.body.errors[0].field]).toEqual([400, 'name']);
    const dupCode = await admin.post('/departments', { name: '另一个科', code: 'zcfg' });
    expect([dupCode.status, dupCode.body.errors[0].field]).toEqual([400, 'code']);
    const blank = await admin.post('/departments', { name: '   ' });
    expect([blank.status, blank.body.errors[0].field]).toEqual([400, 'name']);
    const rename = await patch(admin, `/departments/${spare.id}`, { name: '财务科' });
    expect([rename.status, rename.body.errors[0].field]).toEqual([400, 'name']);
    const off = await patch(admin, `/departments/${spare.id}`, { name: '档案室', active: false });
    expect([off.status, off.body.name, off.body.active]).toEqual([200, '档案室', false]);
    expect((await staff.as.handler.post('/departments', { name: '越权科' })).status).toBe(403);

    const users = (await admin.get('/users?pageSize=200')).body.items as Array<{
      id: string;
      username: string;
    }>;
    const idOf = (role: 'registrar' | 'reviewer') =>
      users.find((u) => u.username === staff.usernames[role])!.id;
    const members = await put(admin, `/departments/${policy.id}/members`, { userIds: [idOf('registrar')] });
    expect(members.status).toBe(200);
    expect(members.body.members.map((m: { username: string }) => m.username)).toEqual([
      staff.usernames.registrar,
    ]);
    expect(
      (await put(admin, `/departments/${finance.id}/members`, { userIds: [idOf('reviewer')] })).status,
    ).toBe(200);
    const foreign = await put(admin, `/departments/${finance.id}/members`, {
      userIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect([foreign.status, foreign.body.errors[0].field]).toEqual([400, 'userIds']);

    const listed = (await staff.as.registrar.get('/departments')).body.items;
    expect(listed.find((d: { id: string }) => d.id === policy.id).memberOf).toBe(true);
    expect(listed.find((d: { id: string }) => d.id === finance.id).memberOf).toBe(false);
  });

  it('routes to two departments: one signs and contributes, the other sends it back; the timeline shows it all', async () => {
    const app = await staff.as.registrar.ok('/applications', registration({ receivedOn: today }), 201);
    await staff.as.handler.ok(`/applications/${app.id}/accept`);
    const before = (await staff.api.get(`/applications/${app.id}`)).body;
    const route = before.actions.find((a: { action: string }) => a.action === 'routeToDepartments');
    expect(
      route.fields
        .find((f: { name: string }) => f.name === 'leadDepartmentId')
        .options.map((o: { label: string }) => o.label),
    ).toEqual(['政策法规科', '财务科']);

    // Routing names active departments of the agency, and a due date not after the reply deadline.
    const unknown = await staff.as.handler.post(`/applications/${app.id}/route-to-departments`, {
      leadDepartmentId: '00000000-0000-4000-8000-000000000000',
    });
    expect([unknown.status, unknown.body.errors[0].field]).toEqual([400, 'leadDepartmentId']);
    const late = await staff.as.handler.post(`/applications/${app.id}/route-to-departments`, {
      leadDepartmentId: policy.id,
      inputDueOn: calendar.nextWorkingDay(before.replyDueOn),
    });
    expect([late.status, late.body.code]).toEqual([409, 'INPUT_DUE_AFTER_REPLY_DEADLINE']);
    expect(
      (
        await staff.as.registrar.post(`/applications/${app.id}/route-to-departments`, {
          leadDepartmentId: policy.id,
        })
      ).status,
    ).toBe(403);

    const inputDueOn = calendar.addWorkingDays(today, 5).due;
    const routed = await staff.as.handler.ok(`/applications/${app.id}/route-to-departments`, {
      leadDepartmentId: policy.id,
      contributingDepartmentIds: [finance.id],
      inputDueOn,
      note: '请核实是否已主动公开',
    });
    expect(routed.replyDueOn).toBe(before.replyDueOn);

    // 本科室待办: each member sees their department's task to sign for.
    const policyInbox = (await staff.as.registrar.get('/tasks?view=department')).body;
    expect(
      policyInbox.items.map((t: { kind: string; department: { name: string } }) => [
        t.kind,
        t.department.name,
      ]),
    ).toEqual([['department_sign', '政策法规科']]);
    expect((await staff.as.registrar.get('/tasks/counts')).body.department).toBe(1);
    expect(
      (await staff.as.handler.get('/tasks?view=role')).body.items.map((t: { kind: string }) => t.kind),
    ).not.toContain('department_sign');

    // Only a member signs for the department.
    const notMember = await staff.as.handler.post(`/applications/${app.id}/sign-for-routing`, {
      departmentId: policy.id,
    });
    expect([notMember.status, notMember.body.code]).toEqual([403, 'DEPARTMENT_MEMBER_REQUIRED']);
    const member = (await staff.as.registrar.get(`/applications/${app.id}`)).body;
    expect(member.actions.map((a: { key: string }) => a.key)).toEqual(
      expect.arrayContaining([`signForRouting:${policy.id}`, `returnRouting:${policy.id}`]),
    );
    await staff.as.registrar.ok(`/applications/${app.id}/sign-for-routing`, { departmentId: policy.id });

    // The other department sends it back, and must say why.
    const noReason = await staff.as.reviewer.post(`/applications/${app.id}/return-routing`, {
      departmentId: finance.id,
    });
    expect([noReason.status, noReason.body.errors[0].field]).toEqual([400, 'reason']);
    await staff.as.reviewer.ok(`/applications/${app.id}/return-routing`, {
      departmentId: finance.id,
      reason: '所需信息不属于本科室职责',
    });

    // The signed department contributes, through its task.
    const contributeTask = (await staff.as.registrar.get('/tasks?view=department')).body.items[0];
    expect(contributeTask.kind).toBe('department_contribute');
    // (The task acts for its department: the body need not name it, and may not name another.)
    const wrong = await staff.as.registrar.post(`/tasks/${contributeTask.id}/complete`, {
      departmentId: finance.id,
      text: '意见',
    });
    expect([wrong.status, wrong.body.errors?.[0]?.field]).toEqual([400, 'departmentId']);
    await staff.as.registrar.ok(`/tasks/${contributeTask.id}/complete`, {
      text: '经查，该信息已于2024年3月主动公开，附链接。',
    });
    expect((await staff.as.registrar.get('/tasks?view=department')).body.items).toEqual([]);

    const detail = (await staff.api.get(`/applications/${app.id}`)).body;
    expect(detail.replyDueOn).toBe(before.replyDueOn);
    const timeline = detail.events.map((e: { type: string; typeLabel: string }) => [e.type, e.typeLabel]);
    expect(timeline.slice(-4)).toEqual([
      ['routed_to_departments', '交办承办科室'],
      ['routing_signed', '承办科室签收'],
      ['routing_returned', '承办科室退回'],
      ['department_contribution', '科室提供意见或材料'],
    ]);
    const returned = detail.events.find((e: { type: string }) => e.type === 'routing_returned');
    expect(returned.payload).toMatchObject({
      name: '财务科',
      role: 'contributor',
      reason: '所需信息不属于本科室职责',
    });
    expect(returned.actor).toContain(staff.usernames.reviewer);
    const contribution = detail.events.at(-1);
    expect(contribution.payload).toMatchObject({
      name: '政策法规科',
      role: 'lead',
      text: expect.stringContaining('主动公开'),
    });
    const labels = (await staff.api.get('/reference')).body.eventTypes;
    expect(labels).toEqual(expect.arrayContaining([{ code: 'routing_returned', label: '承办科室退回' }]));

    // Search by department: the lead holds it; the department that sent it back does not.
    const byDepartment = async (departmentId: string) =>
      (await staff.api.get(`/applications/search?departmentId=${departmentId}`)).body.items.map(
        (a: { id: string }) => a.id,
      );
    expect(await byDepartment(policy.id)).toContain(app.id);
    expect(await byDepartment(finance.id)).not.toContain(app.id);
    const bad = await staff.api.get('/applications/search?departmentId=not-a-uuid');
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'departmentId']);
  });

  it('shows what lapses within N working days and what is overdue, by department (督办)', async () => {
    const soon = await staff.as.registrar.ok(
      '/applications',
      registration({ receivedOn: receivedWithLeft(2) }),
      201,
    );
    const overdue = await staff.as.registrar.ok(
      '/applications',
      registration({ receivedOn: receivedWithLeft(-1) }),
      201,
    );
    await staff.as.handler.ok(`/applications/${soon.id}/route-to-departments`, {
      leadDepartmentId: finance.id,
      contributingDepartmentIds: [policy.id],
    });

    expect((await staff.as.handler.get('/supervision')).status).toBe(403);
    const bad = await staff.as.reviewer.get('/supervision?withinWorkingDays=999');
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'withinWorkingDays']);

    const view = (await staff.as.reviewer.get('/supervision?withinWorkingDays=5')).body;
    expect([view.dueSoon, view.overdue]).toEqual([1, 1]);
    const group = (name: string) => view.groups.find((g: { name: string }) => g.name === name);
    expect(group('财务科')).toMatchObject({ dueSoon: 1, overdue: 0, leading: 1 });
    expect(group('财务科').items.map((a: { id: string }) => a.id)).toEqual([soon.id]);
    expect(group('政策法规科')).toMatchObject({ dueSoon: 1, overdue: 0, leading: 0 });
    expect(group('未交办')).toMatchObject({ dueSoon: 0, overdue: 1 });
    const late = group('未交办').items[0];
    expect([late.id, late.overdue, late.workingDaysLeft]).toEqual([overdue.id, true, -1]);
    expect(view.groups.at(-1).name).toBe('未交办');
    // The first application (about 20 working days left) is not listed within 5.
    const listed = view.groups.flatMap((g: { items: Array<{ id: string }> }) => g.items.map((a) => a.id));
    expect(new Set(listed)).toEqual(new Set([soon.id, overdue.id]));
  });
});
