/**
 * Issue 16: routing an application to departments (交办), signing (签收), sending back (退回) and
 * contributions (协办意见), as rules of `decide`; the tasks they leave; the forms offered to whom.
 */
import {
  type ApplicationState,
  type Command,
  decide,
  initialState,
  replyDeadline,
} from '../../libs/domain/application';
import { BUILT_IN_ARRANGEMENTS, WorkingDayCalendar } from '../../libs/domain/calendar';
import { openActions } from '../../libs/domain/staff-actions';
import { departmentTasksFor, tasksFor } from '../../libs/domain/tasks';

const calendar = new WorkingDayCalendar(BUILT_IN_ARRANGEMENTS);
const today = '2026-03-10';
const ctx = { today, calendar };
const LEAD = '00000000-0000-4000-8000-00000000000a';
const HELP = '00000000-0000-4000-8000-00000000000b';
const OTHER = '00000000-0000-4000-8000-00000000000c';
const names = { [LEAD]: '政策法规科', [HELP]: '财务科', [OTHER]: '办公室' };

function run(state: ApplicationState, command: Command): ApplicationState {
  const d = decide(state, command, ctx);
  if (!d.ok) throw new Error(`${command.type} refused: ${d.violation.code} ${d.violation.message}`);
  return d.next;
}

function refusal(state: ApplicationState, command: Command): string {
  const d = decide(state, command, ctx);
  return d.ok ? 'accepted' : d.violation.code;
}

const received = (): ApplicationState =>
  run(initialState({ receivedOn: '2026-03-02' }), { type: 'accept', actor: '承办人' });

const routed = (): ApplicationState =>
  run(received(), {
    type: 'routeToDepartments',
    leadDepartmentId: LEAD,
    contributingDepartmentIds: [HELP],
    inputDueOn: '2026-03-20',
    note: '请于期限内提供',
    departmentNames: names,
    actor: '承办人 李强（chengban）',
  });

describe('routing to departments (交办)', () => {
  it('routes to a lead and contributing departments, leaving the reply deadline and its clock alone', () => {
    const before = received();
    const d = decide(
      before,
      {
        type: 'routeToDepartments',
        leadDepartmentId: LEAD,
        contributingDepartmentIds: [HELP],
        inputDueOn: '2026-03-20',
        departmentNames: names,
        actor: '承办人',
      },
      ctx,
    );
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.event.type).toBe('routed_to_departments');
    expect(d.event.businessDate).toBeNull();
    expect(d.event.payload).toMatchObject({
      lead: { departmentId: LEAD, name: '政策法规科' },
      contributors: [{ departmentId: HELP, name: '财务科' }],
      inputDueOn: '2026-03-20',
    });
    expect(d.next.routing!.departments.map((x) => [x.role, x.status])).toEqual([
      ['lead', 'routed'],
      ['contributor', 'routed'],
    ]);
    expect(d.next.ledger).toEqual(before.ledger);
    expect(d.next.lastBusinessDate).toBe(before.lastBusinessDate);
    expect(replyDeadline(d.next, calendar).due).toBe(replyDeadline(before, calendar).due);
  });

  it('refuses an input due date after the reply deadline, or in the past, and a lead that also contributes', () => {
    const s = received();
    const due = replyDeadline(s, calendar).due;
    const base = { type: 'routeToDepartments' as const, leadDepartmentId: LEAD, departmentNames: names };
    expect(refusal(s, { ...base, inputDueOn: due })).toBe('accepted');
    expect(refusal(s, { ...base, inputDueOn: calendar.nextWorkingDay(due) })).toBe(
      'INPUT_DUE_AFTER_REPLY_DEADLINE',
    );
    expect(refusal(s, { ...base, inputDueOn: '2026-03-09' })).toBe('INPUT_DUE_IN_PAST');
    expect(refusal(s, { ...base, contributingDepartmentIds: [LEAD] })).toBe('LEAD_ALSO_CONTRIBUTOR');
    expect(refusal(s, { ...base, contributingDepartmentIds: [HELP, HELP] })).toBe('DUPLICATE_DEPARTMENT');
    expect(refusal(s, { ...base, leadDepartmentId: '' })).toBe('MISSING_FIELD');
  });

  it('routes only while the application is being handled, and re-routes only after the lead is done', () => {
    const s = routed();
    expect(refusal(s, { type: 'routeToDepartments', leadDepartmentId: OTHER, departmentNames: names })).toBe(
      'ROUTING_IN_PROGRESS',
    );
    const drafted = run(received(), {
      type: 'draftDecision',
      outcome: 'disclosed',
      legalGround: '第二十七条',
    });
    expect(refusal(drafted, { type: 'routeToDepartments', leadDepartmentId: LEAD })).toBe(
      'INVALID_TRANSITION',
    );
  });
});

describe('what a routed department does (签收, 退回, 协办意见)', () => {
  it('signs for it once, then contributes, as one of the routed departments only', () => {
    let s = routed();
    expect(refusal(s, { type: 'signForRouting', departmentId: OTHER })).toBe('DEPARTMENT_NOT_ROUTED');
    expect(refusal(s, { type: 'recordContribution', departmentId: LEAD, text: '意见' })).toBe(
      'ROUTING_NOT_SIGNED',
    );
    s = run(s, { type: 'signForRouting', departmentId: LEAD, actor: '科员' });
    expect(refusal(s, { type: 'signForRouting', departmentId: LEAD })).toBe('ROUTING_NOT_AWAITING_SIGNATURE');
    expect(refusal(s, { type: 'recordContribution', departmentId: LEAD, text: '  ' })).toBe('MISSING_FIELD');
    const d = decide(
      s,
      { type: 'recordContribution', departmentId: LEAD, text: '经查已公开', actor: '科员' },
      ctx,
    );
    expect(d.ok && d.event.type).toBe('department_contribution');
    expect(d.ok && d.event.payload).toMatchObject({ departmentId: LEAD, role: 'lead', text: '经查已公开' });
    if (d.ok)
      expect(d.next.routing!.departments[0]).toMatchObject({ status: 'contributed', contributions: 1 });
  });

  it('sends back only with a reason; the lead’s return goes back to the router for re-routing', () => {
    let s = routed();
    expect(refusal(s, { type: 'returnRouting', departmentId: LEAD, reason: '' })).toBe('MISSING_FIELD');
    const d = decide(s, { type: 'returnRouting', departmentId: LEAD, reason: '不属于本科室职责' }, ctx);
    expect(d.ok && d.event.payload).toMatchObject({
      reason: '不属于本科室职责',
      backTo: '承办人 李强（chengban）',
    });
    s = run(s, { type: 'returnRouting', departmentId: LEAD, reason: '不属于本科室职责' });
    expect(tasksFor(s)).toContain('reroute');
    expect(refusal(s, { type: 'recordContribution', departmentId: LEAD, text: '意见' })).toBe(
      'ROUTING_NOT_SIGNED',
    );
    s = run(s, { type: 'routeToDepartments', leadDepartmentId: OTHER, departmentNames: names });
    expect(s.routing!.round).toBe(2);
    expect(s.routing!.departments.map((x) => x.name)).toEqual(['办公室']);
    expect(tasksFor(s)).not.toContain('reroute');
  });

  it('gives each routed department its task: sign first, then contribute; none once returned or concluded', () => {
    let s = routed();
    expect(departmentTasksFor(s)).toEqual([
      { kind: 'department_sign', departmentId: LEAD },
      { kind: 'department_sign', departmentId: HELP },
    ]);
    s = run(s, { type: 'signForRouting', departmentId: LEAD });
    s = run(s, { type: 'returnRouting', departmentId: HELP, reason: '无相关材料' });
    expect(departmentTasksFor(s)).toEqual([{ kind: 'department_contribute', departmentId: LEAD }]);
    s = run(s, { type: 'recordContribution', departmentId: LEAD, text: '材料见附件' });
    expect(departmentTasksFor(s)).toEqual([]);
    s = run(s, { type: 'withdraw', withdrawnOn: today });
    expect(departmentTasksFor(routed())).toHaveLength(2);
    expect(refusal(s, { type: 'signForRouting', departmentId: LEAD })).toBe('APPLICATION_CONCLUDED');
  });

  it('never changes the reply deadline, whatever the departments do', () => {
    const start = routed();
    const due = replyDeadline(start, calendar).due;
    let s = run(start, { type: 'signForRouting', departmentId: LEAD });
    s = run(s, { type: 'recordContribution', departmentId: LEAD, text: '意见' });
    s = run(s, { type: 'returnRouting', departmentId: HELP, reason: '无' });
    expect(replyDeadline(s, calendar).due).toBe(due);
    expect(s.ledger).toEqual(start.ledger);
  });
});

describe('the forms offered (openActions)', () => {
  const departments = [
    { code: LEAD, label: '政策法规科' },
    { code: HELP, label: '财务科' },
  ];
  it('offers routing to a handler when the agency has departments, and a department’s forms to its members', () => {
    const base = { actor: '承办人', today, calendar, departments };
    const handler = openActions(received(), { ...base, roles: ['handler'] });
    const route = handler.find((a) => a.action === 'routeToDepartments');
    expect(route?.fields.find((f) => f.name === 'leadDepartmentId')?.options).toEqual(departments);
    expect(
      openActions(received(), { ...base, departments: [], roles: ['handler'] }).map((a) => a.action),
    ).not.toContain('routeToDepartments');
    const s = routed();
    const member = openActions(s, { ...base, roles: ['registrar'], departmentIds: [HELP] });
    expect(
      member
        .filter((a) => a.key.includes(':'))
        .map((a) => a.key)
        .sort(),
    ).toEqual([`returnRouting:${HELP}`, `signForRouting:${HELP}`].sort());
    expect(
      openActions(s, { ...base, roles: ['registrar'], departmentIds: [] }).some((a) => a.key.includes(':')),
    ).toBe(false);
  });
});
