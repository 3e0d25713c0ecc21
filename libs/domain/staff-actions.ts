/**
 * The staff actions (办理事项), each defined once: its title, its route, who may take it, its fields with
 * their constraints, and which of them are open now for an application's state and a user's roles.
 *
 * What is open is not a second copy of the rules: it is a dry run of `decide` with a sample command per
 * action (and per outcome, per open consultation), so a form is offered exactly when the workflow would
 * accept the action in this state. The API serves the open actions with the application; the staff
 * console renders its forms from them and keeps no rule of its own; the API's request bodies and the
 * workflow's updates are checked against this catalogue by tests/unit/staff-actions.test.ts.
 */
import {
  type ApplicationState,
  type Command,
  type StaffCommand,
  CONSULTATION_ANSWERS,
  CONSULTATION_KINDS,
  CONSULTATION_KIND_LABELS,
  DEFAULT_SUPPLEMENT_PERIOD_WORKING_DAYS,
  DELIVERY_METHODS,
  DELIVERY_METHOD_LABELS,
  FEE_CHARGING_STARTED_ON,
  MAX_SUPPLEMENT_PERIOD_WORKING_DAYS,
  REPEATED_APPLICATION_FIELDS,
  decide,
  outcomeRefusal,
  ROUTING_ROLE_LABELS,
  replyClockRuns,
  replyDeadline,
  rulesOf,
  thirdPartyObjected,
} from './application';
import { type WorkingDayCalendar } from './calendar';
import { MAX_EXTENSION_WORKING_DAYS, supplementNoticeDeadline } from './clock';
import { type IsoDate, addDays } from './dates';
import { LATEST_DEADLINE } from './input';
import { DRAFTABLE_OUTCOMES, OUTCOME_LABELS } from './outcome';
import { type Role, ACTION_ROLES, mayPerform } from './roles';

export type StaffActionType = StaffCommand['type'];

/** 意见: the consulted party's answer. */
export const CONSULTATION_ANSWER_LABELS: Record<(typeof CONSULTATION_ANSWERS)[number], string> = {
  agree: '同意公开',
  object: '不同意公开',
};

/** 计费方式 of a fee notice (2020 measures). */
export const FEE_METHODS = ['per_page', 'per_application'] as const;
export type FeeMethodCode = (typeof FEE_METHODS)[number];
export const FEE_METHOD_LABELS: Record<FeeMethodCode, string> = {
  per_page: '按量（页数）',
  per_application: '按件（本月申请件数，系统计算）',
};

/** Text limits of the action fields (characters). */
export const ACTION_TEXT_LIMITS = { short: 200, text: 2000, long: 5000 } as const;
/** The most pages a per-page fee notice may name. */
export const MAX_FEE_PAGES = 1_000_000;

export interface ChoiceOption {
  code: string;
  label: string;
}

/**
 * One field of an action's request body, as the form shows it. Dates are YYYY-MM-DD; `earliest` and
 * `latest` bound them for this application now. A field with `shownWhen` is shown and sent only while
 * the other field has that value; `requiredWhen` makes an optional field required likewise.
 */
export interface ActionField {
  name: string;
  label: string;
  kind: 'date' | 'text' | 'integer' | 'choice' | 'fixed' | 'department';
  required: boolean;
  hint?: string;
  /** text: a multi-line box. */
  multiline?: boolean;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  earliest?: IsoDate;
  latest?: IsoDate;
  /** The value the form starts with (as text). */
  defaultValue?: string;
  options?: ChoiceOption[];
  /** fixed: the value sent, not shown (a consultation's ref). */
  value?: string;
  shownWhen?: { field: string; equals: string };
  requiredWhen?: { field: string; equals: string };
  /** date: a deadline, which may lie in the future (every other date is a business date, not after today). */
  mayBeFuture?: boolean;
  /** integer: the rule behind `maximum`, quoted when a larger number is refused. */
  maximumRule?: string;
  /** department: several may be chosen (the value is a list of department ids). */
  multiple?: boolean;
}

/** An action open to the user now: the form to show. `key` tells apart two forms of one action. */
export interface OpenAction {
  action: StaffActionType;
  key: string;
  /** The route under /api/applications/{id}/. */
  path: string;
  label: string;
  fields: ActionField[];
}

/** What a dry run needs besides the state. */
export interface ActionContext {
  roles: readonly Role[];
  /** The actor the workflow would record (the drafter of a decision may not approve it). */
  actor: string;
  today: IsoDate;
  calendar: WorkingDayCalendar;
  /**
   * Issue 16: the departments of the application's agency one may route to (active ones), and the ids
   * of those the user belongs to. Absent: no department, and no department's action is offered.
   */
  departments?: readonly ChoiceOption[];
  departmentIds?: readonly string[];
}

interface Variant {
  key: string;
  label: string;
  /** Fields with this application's bounds and choices; null when the form has nothing to offer. */
  fields: ActionField[];
  /** A command the workflow would accept if the action is open, with `date` as its business date. */
  sample(date: IsoDate): StaffCommand;
}

/** An action's definition: the catalogue's entry. */
export interface StaffActionDefinition {
  action: StaffActionType;
  path: string;
  label: string;
  /** Who may take it (the role table, libs/domain/roles.ts). */
  roles: readonly Role[];
  /** The request body's fields as the API declares them (no application-specific bounds). */
  fields: ActionField[];
  variants(state: ApplicationState, ctx: ActionContext): Variant[];
}

const options = <C extends string>(codes: readonly C[], labels: Record<C, string>): ChoiceOption[] =>
  codes.map((code) => ({ code, label: labels[code] }));

const min = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);
const max = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);

/** A business date field: not before the last recorded step, not after today (or `latest`). */
function dateField(name: string, label: string, o: { required?: boolean; hint?: string } = {}): ActionField {
  return { name, label, kind: 'date', required: o.required ?? true, ...(o.hint ? { hint: o.hint } : {}) };
}

function textField(
  name: string,
  label: string,
  maxLength: number,
  o: { required?: boolean; multiline?: boolean; hint?: string } = {},
): ActionField {
  return {
    name,
    label,
    kind: 'text',
    required: o.required ?? true,
    maxLength,
    ...(o.multiline ? { multiline: true } : {}),
    ...(o.hint ? { hint: o.hint } : {}),
  };
}

/** The fields with this application's date bounds: from the last recorded step to today (or earlier). */
function bounded(
  fields: ActionField[],
  state: ApplicationState,
  ctx: ActionContext,
  latest: Partial<Record<string, IsoDate>> = {},
  earliest: Partial<Record<string, IsoDate>> = {},
): ActionField[] {
  return fields.map((f) => {
    if (f.kind !== 'date') return f;
    const to = latest[f.name] ?? ctx.today;
    const from = earliest[f.name] ?? state.lastBusinessDate;
    return { ...f, earliest: from, latest: to, ...(f.required ? { defaultValue: min(ctx.today, to) } : {}) };
  });
}

/** One variant with the definition's fields, bounded. */
function single(
  def: Pick<StaffActionDefinition, 'action' | 'label' | 'fields'>,
  state: ApplicationState,
  ctx: ActionContext,
  sample: (date: IsoDate) => StaffCommand,
  latest: Partial<Record<string, IsoDate>> = {},
): Variant[] {
  return [{ key: def.action, label: def.label, fields: bounded(def.fields, state, ctx, latest), sample }];
}

function currentDue(state: ApplicationState, calendar: WorkingDayCalendar): IsoDate | null {
  try {
    return replyDeadline(state, calendar).due;
  } catch {
    return null;
  }
}

const SAMPLE_TEXT = '说明';

function define(
  d: Omit<StaffActionDefinition, 'roles' | 'variants'> & {
    variants?: StaffActionDefinition['variants'];
    sample?: (date: IsoDate, state: ApplicationState, ctx: ActionContext) => StaffCommand;
    latest?: (state: ApplicationState, ctx: ActionContext) => Partial<Record<string, IsoDate>>;
  },
): StaffActionDefinition {
  const { sample, latest, ...rest } = d;
  return {
    ...rest,
    roles: ACTION_ROLES[d.action],
    variants:
      d.variants ??
      ((state, ctx) =>
        single(d, state, ctx, (date) => sample!(date, state, ctx), latest ? latest(state, ctx) : {})),
  };
}

const requestSupplement = define({
  action: 'requestSupplement',
  path: 'request-supplement',
  label: '告知补正',
  fields: [
    dateField('requestedOn', '告知日期', { hint: '应当自收到申请之日起7个工作日内一次性告知（第三十条）' }),
    {
      name: 'periodWorkingDays',
      label: '补正期限（工作日）',
      kind: 'integer',
      required: false,
      minimum: 1,
      maximum: MAX_SUPPLEMENT_PERIOD_WORKING_DAYS,
      defaultValue: String(DEFAULT_SUPPLEMENT_PERIOD_WORKING_DAYS),
    },
    textField('whatIsNeeded', '需要补正的事项', ACTION_TEXT_LIMITS.text, { multiline: true }),
  ],
  sample: (date) => ({
    type: 'requestSupplement',
    requestedOn: date,
    periodWorkingDays: DEFAULT_SUPPLEMENT_PERIOD_WORKING_DAYS,
    whatIsNeeded: SAMPLE_TEXT,
  }),
  latest: (state, ctx) => ({
    requestedOn: min(ctx.today, supplementNoticeDeadline(state.receivedOn, ctx.calendar).due),
  }),
});

/**
 * Issue 16: one form per routed department the user belongs to (a department id as a fixed field); the
 * dry run then says which of them fits where that department stands.
 */
function departmentVariants(
  action: 'signForRouting' | 'returnRouting' | 'recordContribution',
  state: ApplicationState,
  ctx: ActionContext,
  sample: (departmentId: string) => StaffCommand,
): Variant[] {
  const mine = new Set(ctx.departmentIds ?? []);
  const def = STAFF_ACTIONS[action];
  return (state.routing?.departments ?? [])
    .filter((d) => mine.has(d.departmentId))
    .map((d) => ({
      key: `${action}:${d.departmentId}`,
      label: `${def.label}（${d.name}，${ROUTING_ROLE_LABELS[d.role]}）`,
      fields: def.fields.map((f) => (f.name === 'departmentId' ? { ...f, value: d.departmentId } : f)),
      sample: () => sample(d.departmentId),
    }));
}

const departmentIdField: ActionField = {
  name: 'departmentId',
  label: '科室',
  kind: 'fixed',
  required: true,
  hint: '以本科室名义办理（须为该科室成员）',
};

const REPEATED = 'not_processed.repeated_application';

/**
 * Art. 36(6): a repeated application is not processed by pointing to the earlier reply. Shown, and
 * required, only with that outcome (the rule is in `decide`, rules 3; the API checks the earlier
 * application against the records).
 */
function repeatedApplicationFields(): ActionField[] {
  const when = { field: 'outcome', equals: REPEATED };
  const f = (
    name: keyof typeof REPEATED_APPLICATION_FIELDS,
    maxLength: number,
    hint: string,
    multiline = false,
  ) => ({
    ...textField(name, REPEATED_APPLICATION_FIELDS[name], maxLength, { required: false, multiline, hint }),
    shownWhen: when,
    requiredWhen: when,
  });
  return [
    f(
      'earlierApplication',
      ACTION_TEXT_LIMITS.short,
      '同一申请人此前向本机关提出、已经答复的相同申请的受理编号（如 2026-0001）或申请编号',
    ),
    f('earlierReply', ACTION_TEXT_LIMITS.short, '前次答复书的文号及答复日期'),
    f(
      'factsUnchanged',
      ACTION_TEXT_LIMITS.text,
      '说明本次申请与前次申请的事实和理由未发生变化（第三十六条第（六）项）',
      true,
    ),
  ];
}

/** The catalogue: every staff action, in the order the console shows them. */
export const STAFF_ACTIONS: Record<StaffActionType, StaffActionDefinition> = {
  accept: define({
    action: 'accept',
    path: 'accept',
    label: '开始办理（受理审查）',
    fields: [],
    sample: () => ({ type: 'accept' }),
  }),
  requestSupplement,
  recordSupplement: define({
    action: 'recordSupplement',
    path: 'record-supplement',
    label: '登记收到补正',
    fields: [
      dateField('supplementedOn', '收到补正日期', { hint: '答复期限自收到补正之日起重新计算' }),
      textField('note', '备注', ACTION_TEXT_LIMITS.text, { required: false }),
    ],
    sample: (date) => ({ type: 'recordSupplement', supplementedOn: date }),
    latest: (state, ctx) => ({
      supplementedOn: state.supplement ? min(ctx.today, state.supplement.dueOn) : ctx.today,
    }),
  }),
  requestReasons: define({
    action: 'requestReasons',
    path: 'request-reasons',
    label: '要求说明理由',
    fields: [
      dateField('requestedOn', '要求说明理由日期', {
        hint: '申请人申请公开政府信息的数量、频次明显超过合理范围的，可以要求其说明理由（第三十五条）',
      }),
      textField('note', '说明', ACTION_TEXT_LIMITS.text, { required: false, multiline: true }),
    ],
    sample: (date) => ({ type: 'requestReasons', requestedOn: date }),
  }),
  startConsultation: define({
    action: 'startConsultation',
    path: 'start-consultation',
    label: '征求意见',
    fields: [
      {
        name: 'kind',
        label: '征求对象类型',
        kind: 'choice',
        required: true,
        options: options(CONSULTATION_KINDS, CONSULTATION_KIND_LABELS),
      },
      textField('party', '征求对象', ACTION_TEXT_LIMITS.short),
      dateField('sentOn', '发出日期', { hint: '答复期限自发出次日起暂停计算' }),
      dateField('receivedOn', '对方收到日期（可选）', {
        required: false,
        hint: '征求意见期限自对方收到之日起计算15个工作日；不填则按发出日期计算',
      }),
    ],
    sample: (date) => ({ type: 'startConsultation', kind: 'other_agency', party: SAMPLE_TEXT, sentOn: date }),
  }),
  recordConsultationReply: define({
    action: 'recordConsultationReply',
    path: 'record-consultation-reply',
    label: '登记意见',
    fields: [
      { name: 'ref', label: '征求意见', kind: 'fixed', required: true, hint: '征求意见编号（c1、c2……）' },
      dateField('repliedOn', '收到意见日期', { hint: '答复期限自收到意见次日起恢复计算' }),
      {
        name: 'answer',
        label: '意见',
        kind: 'choice',
        required: true,
        options: options(CONSULTATION_ANSWERS, CONSULTATION_ANSWER_LABELS),
      },
      textField('reasons', '理由', ACTION_TEXT_LIMITS.long, { required: false, multiline: true }),
    ],
    variants: (state, ctx) =>
      state.consultations
        // Open ones, and (rules 2) lapsed ones whose in-time answer may still be entered.
        .filter((c) => !c.reply || (rulesOf(state) >= 2 && c.reply.answer === 'no_answer'))
        .map((c) => {
          const correcting = c.reply !== null;
          const def = STAFF_ACTIONS.recordConsultationReply;
          const fields = bounded(
            def.fields,
            state,
            ctx,
            { repliedOn: min(ctx.today, c.windowEnd) },
            correcting ? { repliedOn: max(c.sentOn, c.receivedOn ?? c.sentOn) } : {},
          ).map((f) => (f.name === 'ref' ? { ...f, value: c.ref } : f));
          return {
            key: `recordConsultationReply:${c.ref}`,
            label: `${def.label}（${c.party}${correcting ? '，补录期限内收到的意见' : ''}）`,
            fields,
            sample: (date: IsoDate): StaffCommand => ({
              type: 'recordConsultationReply',
              ref: c.ref,
              repliedOn: correcting ? min(c.windowEnd, max(date, c.sentOn)) : date,
              answer: 'agree',
            }),
          };
        }),
  }),
  issueFeeNotice: define({
    action: 'issueFeeNotice',
    path: 'issue-fee-notice',
    label: '收费通知',
    fields: [
      dateField('noticeOn', '通知日期', { hint: '答复期限自通知次日起暂停计算，缴费期限20个工作日' }),
      {
        name: 'method',
        label: '计费方式',
        kind: 'choice',
        required: true,
        options: options(FEE_METHODS, FEE_METHOD_LABELS),
      },
      {
        name: 'pages',
        label: '页数',
        kind: 'integer',
        required: false,
        minimum: 1,
        maximum: MAX_FEE_PAGES,
        shownWhen: { field: 'method', equals: 'per_page' },
        requiredWhen: { field: 'method', equals: 'per_page' },
      },
    ],
    variants: (state, ctx) =>
      single(STAFF_ACTIONS.issueFeeNotice, state, ctx, (date) => ({
        type: 'issueFeeNotice',
        noticeOn: max(date, FEE_CHARGING_STARTED_ON),
        fee: { method: 'per_page', pages: 1000 },
      })).map((v) => ({
        ...v,
        fields: v.fields.map((f) =>
          f.name === 'noticeOn' ? { ...f, earliest: max(f.earliest!, FEE_CHARGING_STARTED_ON) } : f,
        ),
      })),
  }),
  recordFeePayment: define({
    action: 'recordFeePayment',
    path: 'record-fee-payment',
    label: '登记缴费',
    fields: [
      dateField('paidOn', '缴费日期', { hint: '答复期限自缴费次日起恢复计算' }),
      textField('note', '缴费凭证号或备注', ACTION_TEXT_LIMITS.short, { required: false }),
    ],
    sample: (date) => ({ type: 'recordFeePayment', paidOn: date }),
    latest: (state, ctx) => ({ paidOn: state.fee ? min(ctx.today, state.fee.windowEnd) : ctx.today }),
  }),
  draftDecision: define({
    action: 'draftDecision',
    path: 'draft-decision',
    label: '拟定答复',
    fields: [
      {
        name: 'outcome',
        label: '办理结果',
        kind: 'choice',
        required: true,
        options: options(DRAFTABLE_OUTCOMES, OUTCOME_LABELS),
      },
      textField('legalGround', '法律依据', ACTION_TEXT_LIMITS.text),
      textField('notes', '说明', ACTION_TEXT_LIMITS.long, { required: false, multiline: true }),
      textField('publicInterestGround', '公共利益理由', ACTION_TEXT_LIMITS.long, {
        required: false,
        multiline: true,
        hint: '第三方不同意公开而决定予以公开的，应当写明不公开可能对公共利益造成重大影响的理由（第三十二条）',
      }),
      ...repeatedApplicationFields(),
    ],
    variants: (state) => {
      const def = STAFF_ACTIONS.draftDecision;
      const objected = rulesOf(state) >= 2 && thirdPartyObjected(state);
      const sample = (outcome: (typeof DRAFTABLE_OUTCOMES)[number]): StaffCommand => ({
        type: 'draftDecision',
        outcome,
        legalGround: SAMPLE_TEXT,
        publicInterestGround: SAMPLE_TEXT,
        ...(outcome === REPEATED
          ? { earlierApplication: '2000-0001', earlierReply: SAMPLE_TEXT, factsUnchanged: SAMPLE_TEXT }
          : {}),
      });
      // Only the outcomes `decide` allows in this state (补正后仍不明确 needs a supplement, …); whether a
      // draft may be made at all is the dry run of the first of them (the rest of the rule is the same).
      const outcomes = DRAFTABLE_OUTCOMES.filter((o) => outcomeRefusal(state, o) === null);
      if (!outcomes.length) return [];
      const repeatable = outcomes.includes(REPEATED);
      const fields = def.fields
        .filter((f) => f.name !== 'publicInterestGround' || objected)
        .filter((f) => !(f.name in REPEATED_APPLICATION_FIELDS) || repeatable)
        .map((f) => {
          if (f.name === 'outcome') return { ...f, options: options(outcomes, OUTCOME_LABELS) };
          if (f.name === 'publicInterestGround')
            return { ...f, requiredWhen: { field: 'outcome', equals: 'disclosed' } };
          return f;
        });
      return [{ key: def.action, label: def.label, fields, sample: () => sample(outcomes[0]) }];
    },
  }),
  returnDecision: define({
    action: 'returnDecision',
    path: 'return-decision',
    label: '退回修改',
    fields: [textField('reason', '退回理由', ACTION_TEXT_LIMITS.text, { multiline: true })],
    sample: () => ({ type: 'returnDecision', reason: SAMPLE_TEXT }),
  }),
  approveDecision: define({
    action: 'approveDecision',
    path: 'approve-decision',
    label: '审核通过答复',
    fields: [textField('note', '审核意见', ACTION_TEXT_LIMITS.text, { required: false })],
    sample: () => ({ type: 'approveDecision' }),
  }),
  approveExtension: define({
    action: 'approveExtension',
    path: 'approve-extension',
    label: '批准延长答复期限',
    fields: [
      dateField('approvedOn', '批准日期', { hint: '应当在答复期限届满前批准并告知申请人（第三十三条）' }),
      {
        name: 'workingDays',
        label: `延长工作日数（最多${MAX_EXTENSION_WORKING_DAYS}）`,
        kind: 'integer',
        required: true,
        minimum: 1,
        maximum: MAX_EXTENSION_WORKING_DAYS,
        maximumRule: `延长的期限最长不得超过${MAX_EXTENSION_WORKING_DAYS}个工作日（《条例》第三十三条第二款）`,
        defaultValue: String(MAX_EXTENSION_WORKING_DAYS),
      },
      textField('reason', '延期理由', ACTION_TEXT_LIMITS.text, { multiline: true }),
    ],
    sample: (date) => ({ type: 'approveExtension', approvedOn: date, workingDays: 1, reason: SAMPLE_TEXT }),
    latest: (state, ctx) => {
      const due = currentDue(state, ctx.calendar);
      return { approvedOn: due ? min(ctx.today, due) : ctx.today };
    },
  }),
  setLaterDeadline: define({
    action: 'setLaterDeadline',
    path: 'set-later-deadline',
    label: '确定延后答复期限',
    fields: [
      dateField('setOn', '确定日期'),
      {
        name: 'due',
        label: '延后的答复期限',
        kind: 'date',
        required: true,
        mayBeFuture: true,
        hint: '说明理由后，可以确定延迟答复的合理期限（第三十五条）；应为现行答复期限之后的工作日',
      },
      textField('reason', '理由（告知申请人）', ACTION_TEXT_LIMITS.text, { multiline: true }),
    ],
    variants: (state, ctx) => {
      const due = currentDue(state, ctx.calendar);
      if (!due || due >= LATEST_DEADLINE) return [];
      const later = ctx.calendar.nextWorkingDay(due);
      const def = STAFF_ACTIONS.setLaterDeadline;
      const fields = bounded(def.fields, state, ctx).map((f) =>
        f.name === 'due'
          ? { ...f, earliest: addDays(due, 1), latest: LATEST_DEADLINE, defaultValue: later }
          : f,
      );
      return [
        {
          key: def.action,
          label: def.label,
          fields,
          sample: (date: IsoDate): StaffCommand => ({
            type: 'setLaterDeadline',
            setOn: date,
            due: later,
            reason: SAMPLE_TEXT,
          }),
        },
      ];
    },
  }),
  deliver: define({
    action: 'deliver',
    path: 'deliver',
    label: '送达答复',
    fields: [
      dateField('deliveredOn', '送达日期', { hint: '直接送达以申请人签收之日、邮寄以交邮之日为准' }),
      {
        name: 'deliveryMethod',
        label: '送达方式',
        kind: 'choice',
        required: true,
        options: options(DELIVERY_METHODS, DELIVERY_METHOD_LABELS),
      },
      dateField('thirdPartyNotifiedOn', '书面告知第三方日期', {
        required: false,
        hint: '第三方不同意公开而决定公开的，应当书面告知第三方（第三十二条）',
      }),
    ],
    variants: (state, ctx) => {
      const def = STAFF_ACTIONS.deliver;
      const notify = rulesOf(state) >= 2 && Boolean(state.decision?.publicInterestGround);
      const fields = bounded(def.fields, state, ctx)
        .filter((f) => f.name !== 'thirdPartyNotifiedOn' || notify)
        .map((f) => (f.name === 'thirdPartyNotifiedOn' ? { ...f, required: true } : f));
      return [
        {
          key: def.action,
          label: def.label,
          fields,
          sample: (date: IsoDate): StaffCommand => ({
            type: 'deliver',
            deliveredOn: date,
            deliveryMethod: 'post',
            thirdPartyNotifiedOn: notify ? date : null,
          }),
        },
      ];
    },
  }),
  routeToDepartments: define({
    action: 'routeToDepartments',
    path: 'route-to-departments',
    label: '交办承办科室',
    fields: [
      { name: 'leadDepartmentId', label: '主办科室', kind: 'department', required: true },
      {
        name: 'contributingDepartmentIds',
        label: '协办科室',
        kind: 'department',
        required: false,
        multiple: true,
        hint: '可选，可多选',
      },
      {
        name: 'inputDueOn',
        label: '科室办理期限',
        kind: 'date',
        required: false,
        mayBeFuture: true,
        hint: '不得晚于答复期限；答复期限只有一个，不因交办而改变',
      },
      textField('note', '交办意见', ACTION_TEXT_LIMITS.text, { required: false, multiline: true }),
    ],
    variants: (state, ctx) => {
      const departments = ctx.departments ?? [];
      if (!departments.length) return [];
      const def = STAFF_ACTIONS.routeToDepartments;
      const due = replyClockRuns(state) ? currentDue(state, ctx.calendar) : null;
      const fields = def.fields.map((f) =>
        f.kind === 'department'
          ? { ...f, options: [...departments] }
          : f.name === 'inputDueOn'
            ? { ...f, earliest: ctx.today, ...(due ? { latest: due } : {}) }
            : f,
      );
      const rerouted = state.routing ? '（重新交办）' : '';
      return [
        {
          key: def.action,
          label: `${def.label}${rerouted}`,
          fields,
          sample: (): StaffCommand => ({ type: 'routeToDepartments', leadDepartmentId: departments[0].code }),
        },
      ];
    },
  }),
  signForRouting: define({
    action: 'signForRouting',
    path: 'sign-for-routing',
    label: '签收',
    fields: [departmentIdField, textField('note', '签收意见', ACTION_TEXT_LIMITS.text, { required: false })],
    variants: (state, ctx) =>
      departmentVariants('signForRouting', state, ctx, (departmentId) => ({
        type: 'signForRouting',
        departmentId,
      })),
  }),
  returnRouting: define({
    action: 'returnRouting',
    path: 'return-routing',
    label: '退回交办',
    fields: [
      departmentIdField,
      textField('reason', '退回理由', ACTION_TEXT_LIMITS.text, {
        multiline: true,
        hint: '退回交办人；主办科室退回的，可重新交办',
      }),
    ],
    variants: (state, ctx) =>
      departmentVariants('returnRouting', state, ctx, (departmentId) => ({
        type: 'returnRouting',
        departmentId,
        reason: SAMPLE_TEXT,
      })),
  }),
  recordContribution: define({
    action: 'recordContribution',
    path: 'record-contribution',
    label: '提供意见或材料',
    fields: [
      departmentIdField,
      textField('text', '意见或材料说明', ACTION_TEXT_LIMITS.long, { multiline: true }),
    ],
    variants: (state, ctx) =>
      departmentVariants('recordContribution', state, ctx, (departmentId) => ({
        type: 'recordContribution',
        departmentId,
        text: SAMPLE_TEXT,
      })),
  }),
  withdraw: define({
    action: 'withdraw',
    path: 'withdraw',
    label: '登记申请人撤回',
    fields: [
      dateField('withdrawnOn', '撤回日期'),
      textField('reason', '说明', ACTION_TEXT_LIMITS.text, { required: false }),
    ],
    sample: (date) => ({ type: 'withdraw', withdrawnOn: date }),
  }),
};

export const STAFF_ACTION_TYPES = Object.keys(STAFF_ACTIONS) as StaffActionType[];

/** Whether `decide` would accept the command now. */
function dryRun(state: ApplicationState, command: StaffCommand, ctx: ActionContext): boolean {
  return decide(state, { ...command, actor: ctx.actor } as Command, {
    today: ctx.today,
    calendar: ctx.calendar,
  }).ok;
}

/**
 * The actions the user may take on the application now, each with its form: those their roles allow
 * (ACTION_ROLES) and the workflow would accept in this state (a dry run of `decide`, dated at the last
 * recorded step and at today). An empty list for a concluded application.
 */
export function openActions(state: ApplicationState, ctx: ActionContext): OpenAction[] {
  const open: OpenAction[] = [];
  for (const action of STAFF_ACTION_TYPES) {
    const def = STAFF_ACTIONS[action];
    if (!mayPerform(ctx.roles, action)) continue;
    for (const v of def.variants(state, ctx)) {
      const dates = [...new Set([state.lastBusinessDate, ctx.today])].filter((d) => d <= ctx.today);
      if (!dates.some((d) => dryRun(state, v.sample(d), ctx))) continue;
      open.push({ action, key: v.key, path: def.path, label: v.label, fields: v.fields });
    }
  }
  return open;
}

/** A request body of a staff action, as validated at the edge (the API's DTOs). */
export type ActionBody = object;

/**
 * The command a staff action's request body stands for: its fields, an absent optional one as null (an
 * absent optional number takes its default). A per-application fee needs the application's place among
 * the applicant's applications that month, which the caller counts.
 */
export function commandOf(
  action: StaffActionType,
  body: ActionBody,
  extra: { feeOrdinalInMonth?: number; departmentNames?: Record<string, string> } = {},
): StaffCommand {
  const values = body as Record<string, unknown>;
  if (action === 'issueFeeNotice') {
    return {
      type: 'issueFeeNotice',
      noticeOn: values.noticeOn as IsoDate,
      fee:
        values.method === 'per_application'
          ? { method: 'per_application', ordinalInMonth: extra.feeOrdinalInMonth ?? 0 }
          : { method: 'per_page', pages: values.pages as number },
    };
  }
  const command: Record<string, unknown> = { type: action };
  for (const f of STAFF_ACTIONS[action].fields) {
    const v = values[f.name];
    if (v !== undefined && v !== null) command[f.name] = v;
    else if (f.kind === 'integer' && f.defaultValue !== undefined) command[f.name] = Number(f.defaultValue);
    else if (!f.required) command[f.name] = null;
  }
  // Issue 16: the routed departments' names, which the caller looks up, go with the routing.
  if (action === 'routeToDepartments' && extra.departmentNames)
    command.departmentNames = extra.departmentNames;
  return command as StaffCommand;
}
