/**
 * The staff-action catalogue (libs/domain/staff-actions.ts, issue 13): every action it defines is an
 * update of the workflow and an endpoint of the API with the same fields and constraints, and the forms
 * it opens are ones the workflow accepts. The console renders these forms as given; the browser test
 * (tests/integration/console-actions.test.ts) fills in every one of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ApplicationState,
  type Command,
  CURRENT_RULES,
  decide,
  initialState,
  isConcluded,
  lapseSchedule,
} from '../../libs/domain/application';
import { BUILT_IN_ARRANGEMENTS, WorkingDayCalendar } from '../../libs/domain/calendar';
import { type IsoDate, addDays } from '../../libs/domain/dates';
import { ACTION_ROLES, ROLES, type Role } from '../../libs/domain/roles';
import {
  type ActionField,
  type OpenAction,
  STAFF_ACTIONS,
  STAFF_ACTION_TYPES,
  commandOf,
  openActions,
} from '../../libs/domain/staff-actions';
import { staffActionUpdates } from '../../workflows/definitions';
import { prng } from '../support/prng';

const calendar = new WorkingDayCalendar(BUILT_IN_ARRANGEMENTS);
const ACTOR = '承办人 李强（chengban）';
/** Issue 16: the agency's departments, for the routing form and the departments' own forms. */
const DEPARTMENTS = [
  { code: '00000000-0000-4000-8000-000000000001', label: '办公室' },
  { code: '00000000-0000-4000-8000-000000000002', label: '政策法规科' },
  { code: '00000000-0000-4000-8000-000000000003', label: '财务科' },
];
const ALL_DEPARTMENTS = { departments: DEPARTMENTS, departmentIds: DEPARTMENTS.map((d) => d.code) };
const OTHER = '审核人 张华（shenhe）';

interface SchemaObject {
  type?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  enum?: string[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  $ref?: string;
}
const doc = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'openapi.json'), 'utf8')) as {
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: SchemaObject }> } }>
  >;
  components: { schemas: Record<string, SchemaObject> };
};
const resolve = (s: SchemaObject): SchemaObject =>
  s.$ref ? doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] : s;

/** The body the form sends with its defaults, its required texts filled in and its conditions met. */
function formBody(a: OpenAction): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const shown = (f: ActionField) => !f.shownWhen || body[f.shownWhen.field] === f.shownWhen.equals;
  for (const f of a.fields) {
    if (!shown(f)) continue;
    const required = f.required || (f.requiredWhen && body[f.requiredWhen.field] === f.requiredWhen.equals);
    if (f.kind === 'fixed') body[f.name] = f.value;
    else if (f.kind === 'choice') body[f.name] = f.defaultValue ?? f.options![0].code;
    else if (f.kind === 'department')
      body[f.name] = f.multiple ? f.options!.slice(1, 2).map((o) => o.code) : f.options![0].code;
    else if (f.kind === 'integer') body[f.name] = Number(f.defaultValue ?? Math.min(f.maximum ?? 1000, 1000));
    else if (f.kind === 'date' && (f.defaultValue || required)) body[f.name] = f.defaultValue ?? f.latest;
    else if (f.kind === 'text' && required) body[f.name] = '依据说明';
  }
  return body;
}

describe('the staff-action catalogue', () => {
  it('defines each staff action once, and each is an update of the workflow', () => {
    expect([...STAFF_ACTION_TYPES].sort()).toEqual(Object.keys(staffActionUpdates).sort());
    for (const action of STAFF_ACTION_TYPES) {
      expect(STAFF_ACTIONS[action].action).toBe(action);
      expect(STAFF_ACTIONS[action].roles).toEqual(ACTION_ROLES[action]);
    }
    expect(new Set(STAFF_ACTION_TYPES.map((a) => STAFF_ACTIONS[a].path)).size).toBe(
      STAFF_ACTION_TYPES.length,
    );
  });

  it('is what the API declares: one endpoint per action with the same fields and constraints', () => {
    const endpoints = Object.entries(doc.paths)
      .filter(([path, ops]) => /^\/api\/applications\/\{id\}\/[a-z-]+$/.test(path) && ops.post)
      .map(([path]) => path.split('/').pop()!)
      // Not staff actions of the catalogue: review cases (issue 9), links and the linked draft (issue 16).
      .filter((p) => !['review-cases', 'links', 'draft-decision-linked'].includes(p));
    expect(endpoints.sort()).toEqual(STAFF_ACTION_TYPES.map((a) => STAFF_ACTIONS[a].path).sort());
    for (const action of STAFF_ACTION_TYPES) {
      const def = STAFF_ACTIONS[action];
      const op = doc.paths[`/api/applications/{id}/${def.path}`].post;
      const schema = resolve(op.requestBody!.content['application/json'].schema);
      const properties = schema.properties ?? {};
      expect([action, Object.keys(properties).sort()]).toEqual([
        action,
        def.fields.map((f) => f.name).sort(),
      ]);
      expect([action, [...(schema.required ?? [])].sort()]).toEqual([
        action,
        def.fields
          .filter((f) => f.required)
          .map((f) => f.name)
          .sort(),
      ]);
      for (const f of def.fields) {
        const p = properties[f.name];
        const where = `${action}.${f.name}`;
        if (f.kind === 'text') expect([where, p.maxLength]).toEqual([where, f.maxLength]);
        if (f.kind === 'integer') {
          expect([where, p.minimum, p.maximum]).toEqual([where, f.minimum, f.maximum]);
          if (f.defaultValue !== undefined)
            expect([where, String((p as { default?: number }).default)]).toEqual([where, f.defaultValue]);
        }
        if (f.kind === 'choice')
          expect([where, [...(p.enum ?? [])].sort()]).toEqual([where, f.options!.map((o) => o.code).sort()]);
      }
    }
  });

  it('opens only what the roles allow and the workflow accepts, with forms whose defaults it accepts', () => {
    const opened = new Set<string>();
    for (let seed = 1; seed <= 300; seed++) {
      const random = prng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
      const receivedOn = addDays('2026-09-01', Math.floor(random() * 60));
      let today: IsoDate = receivedOn;
      let state: ApplicationState = initialState({ receivedOn }, random() < 0.9 ? CURRENT_RULES : 1);
      for (let step = 0; step < 20 && !isConcluded(state); step++) {
        today = addDays(today, Math.floor(random() * 3));
        const lapse = lapseSchedule(state, calendar)[0];
        if (lapse && today > lapse.firesAfter && random() < 0.5) {
          const d = decide(state, lapse.command, { today, calendar });
          if (d.ok) state = d.next;
          continue;
        }
        const actor = pick([ACTOR, OTHER]);
        const roles: Role[] = ROLES.filter(() => random() < 0.6);
        const mine = DEPARTMENTS.filter(() => random() < 0.5).map((d) => d.code);
        const open = openActions(state, {
          roles,
          actor,
          today,
          calendar,
          departments: DEPARTMENTS,
          departmentIds: mine,
        });
        const all = openActions(state, { roles: [...ROLES], actor, today, calendar, ...ALL_DEPARTMENTS });
        for (const a of open) {
          // Never a form the server would refuse for the user's roles …
          expect([a.action, ACTION_ROLES[a.action].some((r) => roles.includes(r))]).toEqual([a.action, true]);
          expect(all.map((x) => x.key)).toContain(a.key);
          // … nor for a department the user does not belong to.
          const dept = a.fields.find((f) => f.name === 'departmentId')?.value;
          if (dept) expect(mine).toContain(dept);
        }
        for (const a of all) {
          opened.add(a.action);
          // … nor in this state: its defaults, with the texts filled in, are accepted.
          const command = { ...commandOf(a.action, formBody(a), { feeOrdinalInMonth: 40 }), actor };
          const d = decide(state, command as Command, { today, calendar });
          expect([a.key, d.ok ? 'accepted' : d.violation.message]).toEqual([a.key, 'accepted']);
          for (const f of a.fields) {
            if (f.kind === 'date' && f.earliest && f.latest) expect(f.earliest <= f.latest).toBe(true);
          }
        }
        if (!all.length) break;
        const next = pick(all);
        const d = decide(
          state,
          { ...commandOf(next.action, formBody(next), { feeOrdinalInMonth: 40 }), actor } as Command,
          { today, calendar },
        );
        if (d.ok) state = d.next;
      }
    }
    // The walk reaches every action.
    expect([...opened].sort()).toEqual([...STAFF_ACTION_TYPES].sort());
  });

  it('offers the drafter no approval of their own draft, and a concluded application nothing', () => {
    let state = initialState({ receivedOn: '2026-10-08' }, CURRENT_RULES);
    const ctx = { roles: [...ROLES], actor: ACTOR, today: '2026-10-12', calendar };
    for (const c of [
      { type: 'accept' },
      { type: 'draftDecision', outcome: 'disclosed', legalGround: '第三十六条', actor: ACTOR },
    ] as Command[]) {
      const d = decide(state, c, ctx);
      if (!d.ok) throw new Error(d.violation.message);
      state = d.next;
    }
    const keys = (actor: string) => openActions(state, { ...ctx, actor }).map((a) => a.action);
    expect(keys(ACTOR)).not.toContain('approveDecision');
    expect(keys(ACTOR)).toContain('returnDecision');
    expect(keys(OTHER)).toContain('approveDecision');
    const d = decide(state, { type: 'withdraw', withdrawnOn: '2026-10-12' }, ctx);
    if (!d.ok) throw new Error(d.violation.message);
    expect(openActions(d.next, ctx)).toEqual([]);
  });

  it('reads an absent optional field as null and an absent period as the default', () => {
    expect(commandOf('requestSupplement', { requestedOn: '2026-10-09', whatIsNeeded: '文号' })).toEqual({
      type: 'requestSupplement',
      requestedOn: '2026-10-09',
      periodWorkingDays: 15,
      whatIsNeeded: '文号',
    });
    expect(commandOf('deliver', { deliveredOn: '2026-10-09', deliveryMethod: 'post' })).toEqual({
      type: 'deliver',
      deliveredOn: '2026-10-09',
      deliveryMethod: 'post',
      thirdPartyNotifiedOn: null,
    });
    expect(
      commandOf(
        'issueFeeNotice',
        { noticeOn: '2026-10-09', method: 'per_application' },
        { feeOrdinalInMonth: 12 },
      ),
    ).toEqual({
      type: 'issueFeeNotice',
      noticeOn: '2026-10-09',
      fee: { method: 'per_application', ordinalInMonth: 12 },
    });
  });
});
