/**
 * The task inbox: every state that waits for staff offers a task to a role; staff claim, release, assign
 * and complete; completing performs the workflow action; of two at once exactly one wins.
 */
import { addDays, dateInShanghai } from '../../libs/domain/dates';
import { BUILT_IN_CALENDAR } from '../../libs/domain/calendar';
import {
  type AgencyStaff,
  type Api,
  createAgencyWithStaff,
  registration,
  startStack,
} from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

const today = dateInShanghai(Date.now());

describe('the task inbox', () => {
  let stack: Stack;
  let staff: AgencyStaff;

  beforeAll(async () => {
    stack = await startStack();
  });

  beforeEach(async () => {
    staff = await createAgencyWithStaff(stack.api, '待办测试机关');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const tasksOf = async (api: Api, query = 'view=agency') => (await api.get(`/tasks?${query}`)).body;

  it('carries an application from registration to delivery through its tasks', async () => {
    const app = await staff.as.registrar.ok('/applications', registration({ receivedOn: today }), 201);
    const handlerInbox = await tasksOf(staff.as.handler, 'view=role');
    expect(
      handlerInbox.items.map((t: { kind: string; application: { id: string } }) => [
        t.kind,
        t.application.id,
      ]),
    ).toEqual([['accept', app.id]]);
    expect(handlerInbox.items[0]).toMatchObject({ kindLabel: '受理审查', role: 'handler', state: 'open' });
    expect(handlerInbox.items[0].application.workingDaysLeft).toBe(20);
    expect((await tasksOf(staff.as.reviewer, 'view=role')).total).toBe(0);
    expect((await staff.as.handler.get('/tasks/counts')).body).toMatchObject({
      mine: 0,
      role: 1,
      agency: 1,
      overdue: 0,
      paused: 0,
    });

    const steps: Array<[Api, string, Record<string, unknown>]> = [
      [staff.as.handler, 'accept', {}],
      [staff.as.handler, 'draft_decision', { outcome: 'disclosed', legalGround: '第三十六条第（二）项' }],
      [staff.as.reviewer, 'approve_decision', {}],
      [staff.as.registrar, 'deliver', { deliveredOn: today, deliveryMethod: 'email' }],
    ];
    for (const [api, kind, body] of steps) {
      const [task] = (await tasksOf(api, 'view=role')).items;
      expect(task.kind).toBe(kind);
      const claimed = await api.ok(`/tasks/${task.id}/claim`);
      expect(claimed.state).toBe('claimed');
      expect((await tasksOf(api, 'view=mine')).items.map((t: { id: string }) => t.id)).toEqual([task.id]);
      await api.ok(`/tasks/${task.id}/complete`, body);
      expect((await tasksOf(api, 'view=mine')).total).toBe(0);
    }
    const done = (await staff.api.get(`/applications/${app.id}`)).body;
    expect(done.status).toBe('delivered');
    expect((await tasksOf(staff.api)).total).toBe(0);
  });

  it('lets exactly one of two claims, and one of two completions, win', async () => {
    const app = await staff.as.registrar.ok('/applications', registration({ receivedOn: today }), 201);
    const [task] = (await tasksOf(staff.as.handler, 'view=role')).items;
    const claims = await Promise.all([
      staff.as.handler.post(`/tasks/${task.id}/claim`),
      staff.api.post(`/tasks/${task.id}/claim`),
    ]);
    expect(claims.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(claims.find((r) => r.status === 409)!.body.code).toBe('TASK_TAKEN');
    const winner = claims[0].status === 200 ? staff.as.handler : staff.api;
    await winner.ok(`/tasks/${task.id}/release`);

    const completions = await Promise.all([
      staff.as.handler.post(`/tasks/${task.id}/complete`, {}),
      staff.api.post(`/tasks/${task.id}/complete`, {}),
    ]);
    expect(completions.map((r) => r.status).sort()).toEqual([200, 409]);
    const detail = (await staff.api.get(`/applications/${app.id}`)).body;
    expect(detail.events.filter((e: { type: string }) => e.type === 'accepted')).toHaveLength(1);
    expect((await staff.as.handler.post(`/tasks/${task.id}/complete`, {})).status).toBe(409);
  });

  it('offers the most urgent first, paused clocks in their own lane, with filters', async () => {
    const older = await staff.as.registrar.ok(
      '/applications',
      registration({ receivedOn: addDays(today, -10) }),
      201,
    );
    const overdue = await staff.as.registrar.ok(
      '/applications',
      registration({ receivedOn: addDays(today, -60) }),
      201,
    );
    const fresh = await staff.as.registrar.ok('/applications', registration({ receivedOn: today }), 201);
    const paused = await staff.as.registrar.ok(
      '/applications',
      registration({ receivedOn: addDays(today, -20) }),
      201,
    );
    await staff.api.ok(`/applications/${paused.id}/accept`);
    await staff.api.ok(`/applications/${paused.id}/start-consultation`, {
      kind: 'third_party',
      party: '某公司',
      sentOn: today,
    });

    const inbox = await tasksOf(staff.api);
    const order = inbox.items.map((t: { application: { id: string } }) => t.application.id);
    expect(order.slice(0, 3)).toEqual([overdue.id, older.id, fresh.id]);
    expect(order.slice(-1)).toEqual([paused.id]);
    expect(inbox.items.at(-1).application.paused).toBe(true);

    const overdueOnly = await tasksOf(staff.api, 'view=agency&overdue=true');
    expect(overdueOnly.items.map((t: { application: { id: string } }) => t.application.id)).toEqual([
      overdue.id,
    ]);
    const pausedOnly = await tasksOf(staff.api, 'view=agency&paused=true');
    expect(pausedOnly.items.map((t: { kind: string }) => t.kind)).toEqual(['handle_consultation_reply']);
    const freshLeft = BUILT_IN_CALENDAR.workingDaysBetween(
      today,
      BUILT_IN_CALENDAR.addWorkingDays(today, 20).due,
    );
    const soon = await tasksOf(staff.api, `view=agency&dueWithin=${freshLeft - 1}&paused=false`);
    expect(soon.items.map((t: { application: { id: string } }) => t.application.id)).not.toContain(fresh.id);
    expect((await staff.api.get('/tasks/counts')).body).toMatchObject({ overdue: 1, paused: 1 });

    const next = await staff.as.handler.ok('/tasks/next');
    expect(next.application.id).toBe(overdue.id);
    expect(next.state).toBe('claimed');
    expect((await staff.as.handler.ok('/tasks/next')).application.id).toBe(older.id);
  });

  it('lets reviewers assign, and keeps roles and agencies apart', async () => {
    const app = await staff.as.registrar.ok('/applications', registration({ receivedOn: today }), 201);
    const [task] = (await tasksOf(staff.api)).items;
    expect((await staff.as.reviewer.post(`/tasks/${task.id}/claim`)).status).toBe(403);
    expect(
      (await staff.as.handler.post(`/tasks/${task.id}/assign`, { userId: staff.agency.id })).status,
    ).toBe(403);
    const me = (await staff.as.handler.get('/auth/me')).body;
    const reviewer = (await staff.as.reviewer.get('/auth/me')).body;
    const wrongRole = await staff.as.reviewer.post(`/tasks/${task.id}/assign`, { userId: reviewer.id });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.body.errors[0].field).toBe('userId');
    const assigned = await staff.as.reviewer.ok(`/tasks/${task.id}/assign`, { userId: me.id });
    expect(assigned.assignee.id).toBe(me.id);
    expect((await tasksOf(staff.as.handler, 'view=mine')).items.map((t: { id: string }) => t.id)).toEqual([
      task.id,
    ]);
    expect((await tasksOf(staff.as.handler, 'view=agency')).total).toBeUndefined();
    const bad = await staff.as.handler.post(`/tasks/${task.id}/complete`, { unexpected: 1 });
    expect(bad.status).toBe(400);

    const other = await createAgencyWithStaff(stack.api, '另一机关');
    expect((await other.api.post(`/tasks/${task.id}/claim`)).status).toBe(404);
    expect((await other.api.get('/tasks?view=agency')).body.total).toBe(0);
    expect((await staff.api.get(`/applications/${app.id}`)).status).toBe(200);
  });

  it('keeps a task whose kind survives its completion open (two consultations, one answered)', async () => {
    const app = await staff.as.registrar.ok('/applications', registration({ receivedOn: today }), 201);
    await staff.as.handler.ok(`/applications/${app.id}/accept`);
    for (const party of ['某公司', '另一公司'])
      await staff.as.handler.ok(`/applications/${app.id}/start-consultation`, {
        kind: 'third_party',
        party,
        sentOn: today,
      });
    const replyTask = async () =>
      (await tasksOf(staff.api, 'view=agency')).items.find(
        (t: { kind: string; application: { id: string } }) =>
          t.kind === 'handle_consultation_reply' && t.application.id === app.id,
      );
    const first = await replyTask();
    expect(first).toBeDefined();
    await staff.as.handler.ok(`/tasks/${first.id}/complete`, {
      ref: 'c1',
      repliedOn: today,
      answer: 'agree',
    });

    // c2 is still unanswered: the task is open again, claimable and completable.
    const second = await replyTask();
    expect(second).toMatchObject({ id: first.id, state: 'open', assignee: null });
    expect((await tasksOf(staff.as.handler, 'view=role')).items.map((t: { id: string }) => t.id)).toContain(
      first.id,
    );
    const completed = await staff.as.handler.post(`/tasks/${second.id}/complete`, {
      ref: 'c2',
      repliedOn: today,
      answer: 'object',
      reasons: '涉及商业秘密',
    });
    expect([completed.status, completed.body.code]).toEqual([200, undefined]);
    expect(await replyTask()).toBeUndefined();
    const detail = (await staff.api.get(`/applications/${app.id}`)).body;
    expect(detail.events.filter((e: { type: string }) => e.type === 'consultation_answered')).toHaveLength(2);
    expect(detail.paused).toBe(false);
  });
});
