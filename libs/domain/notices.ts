/**
 * Formal notices (正式文书): the documents the law says the applicant or a third party must be given at a
 * step of the procedure — 补正告知书 (Art. 30), 延期答复告知书 (Art. 33), 第三方意见征询函 (Art. 32),
 * 征求意见函 to another agency (Art. 34), 收费通知书 (Art. 42 and the 2020 fee measures), the notice of a
 * later deadline (Art. 35) and the 答复书 (Art. 36–39) with its legal ground and the applicant's rights of
 * appeal. Pure: every date on a notice is one the domain already computed on the working-day calendar
 * (the last day of a period, a deadline); `composeNotice` only words it.
 */
import type { ApplicationEvent, ApplicationState, Registration } from './application';
import { type IsoDate, dateInShanghai, isIsoDate, yearOf } from './dates';
import { CONSULTATION_WINDOW_WORKING_DAYS, FEE_PAYMENT_WINDOW_WORKING_DAYS } from './clock';
import type { FeeComputation } from './fees';
import { type FieldProblem, textFieldProblem } from './input';
import { OUTCOME_LABELS, type OutcomeCode } from './outcome';
import type { EarlierReply } from './related';

export const NOTICE_KINDS = [
  'supplement',
  'extension',
  'third_party_consultation',
  'other_agency_consultation',
  'fee',
  'later_deadline',
  'decision',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_KIND_TITLES: Record<NoticeKind, string> = {
  supplement: '政府信息公开申请补正告知书',
  extension: '政府信息公开申请延期答复告知书',
  third_party_consultation: '政府信息公开第三方意见征询函',
  other_agency_consultation: '政府信息公开征求意见函',
  fee: '政府信息公开信息处理费收费通知书',
  later_deadline: '政府信息公开申请答复期限告知书',
  decision: '政府信息公开申请答复书',
};

/** Short names for lists (the console). */
export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  supplement: '补正告知书',
  extension: '延期答复告知书',
  third_party_consultation: '第三方意见征询函',
  other_agency_consultation: '征求意见函（其他机关）',
  fee: '收费通知书',
  later_deadline: '答复期限告知书（第三十五条）',
  decision: '答复书',
};

/** The character of each kind in its number (X政信补〔2026〕3号). */
export const DEFAULT_KIND_CODES: Record<NoticeKind, string> = {
  supplement: '补',
  extension: '延',
  third_party_consultation: '征',
  other_agency_consultation: '函',
  fee: '费',
  later_deadline: '限',
  decision: '答',
};

export const SERIAL_STYLES = ['plain', 'ordinal'] as const;
/** plain: 〔2026〕3号; ordinal: 〔2026〕第3号. */
export type SerialStyle = (typeof SERIAL_STYLES)[number];

/** What an agency may edit about its notices. */
export interface NoticeTemplate {
  /** The agency's name as printed on the notices (落款). */
  agencyDisplayName: string;
  /** 印章文字: the text of the seal. */
  sealText: string;
  /** The number's prefix before the kind's character, e.g. 'X政信'. */
  numberPrefix: string;
  kindCodes: Record<NoticeKind, string>;
  serialStyle: SerialStyle;
  /** An optional closing paragraph printed before the signature (contact, address …). */
  closingParagraph: string | null;
}

export const TEMPLATE_LIMITS = {
  agencyDisplayName: 100,
  sealText: 60,
  numberPrefix: 30,
  kindCode: 10,
  closingParagraph: 2000,
} as const;

export function defaultNoticeTemplate(agencyName: string): NoticeTemplate {
  return {
    agencyDisplayName: agencyName,
    sealText: agencyName,
    numberPrefix: '政信',
    kindCodes: { ...DEFAULT_KIND_CODES },
    serialStyle: 'plain',
    closingParagraph: null,
  };
}

/** `X政信补〔2026〕3号` (or `…〔2026〕第3号`). */
export function noticeNumber(
  template: NoticeTemplate,
  kind: NoticeKind,
  year: number,
  serial: number,
): string {
  const code = template.kindCodes[kind] ?? DEFAULT_KIND_CODES[kind];
  const n = template.serialStyle === 'ordinal' ? `第${serial}号` : `${serial}号`;
  return `${template.numberPrefix}${code}〔${year}〕${n}`;
}

/** 2024-11-13 → 2024年11月13日 (the way dates are written on official documents). */
export function chineseDate(date: IsoDate): string {
  if (!isIsoDate(date)) throw new RangeError(`not a date: ${String(date)}`);
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The facts of the application every notice mentions. */
export interface NoticeCommonFacts {
  caseNumber: string;
  applicantName: string;
  receivedOn: IsoDate;
  informationSought: string;
  /** The notice's date: the step's business date. */
  issuedOn: IsoDate;
  /** Its serial in the agency's numbering of this kind and year (from notice_counters). */
  serial: number;
}

export interface DecisionFacts {
  outcome: OutcomeCode;
  /** The ground the handler wrote in the draft. */
  legalGround: string;
  notes: string | null;
  /** Art. 36(1)/(2): where and how the information can be obtained (the draft's notes for a disclosure). */
  whereToFind: string | null;
  /** Art. 36(5): the agency responsible for the information, where known (the notes for `not_held`). */
  responsibleAgency: string | null;
  publicInterestGround: string | null;
  /** Art. 36(6): the earlier application and reply a repeated application repeats (rules 3). */
  repeated?: EarlierReply | null;
}

export type NoticeDetails =
  | { kind: 'supplement'; whatIsNeeded: string; periodWorkingDays: number; dueOn: IsoDate }
  | { kind: 'extension'; workingDays: number; reason: string; previousDue: IsoDate; newDue: IsoDate }
  | {
      kind: 'third_party_consultation' | 'other_agency_consultation';
      party: string;
      sentOn: IsoDate;
      windowWorkingDays: number;
      windowEnd: IsoDate;
    }
  | { kind: 'fee'; computation: FeeComputation; windowWorkingDays: number; windowEnd: IsoDate }
  | { kind: 'later_deadline'; previousDue: IsoDate; due: IsoDate; reason: string }
  | ({ kind: 'decision' } & DecisionFacts);

export type NoticeFacts = NoticeCommonFacts & { details: NoticeDetails };

/** A formal notice laid out as data: every renderer (Word, HTML, PDF) prints exactly this. */
export interface NoticeDocument {
  kind: NoticeKind;
  title: string;
  number: string;
  year: number;
  serial: number;
  /** 主送: to whom it is addressed (the applicant, the third party, the other agency). */
  addressee: string;
  paragraphs: string[];
  /** The articles it rests on, as one sentence (shown apart so it can be checked). */
  legalBasis: string;
  /** The applicant's rights of appeal (答复书 only). */
  rightsOfAppeal: string | null;
  closing: string | null;
  agencyName: string;
  sealText: string;
  issuedOn: IsoDate;
  /** issuedOn written in Chinese. */
  dateText: string;
}

const REGULATIONS = '《中华人民共和国政府信息公开条例》';

/** The articles of the 2019 Regulations an outcome rests on. */
export const OUTCOME_LEGAL_GROUNDS: Record<OutcomeCode, string> = {
  disclosed: '第三十六条第（二）项',
  partially_disclosed: '第三十七条、第三十六条第（二）项',
  'withheld.state_secret': '第十四条、第三十六条第（三）项',
  'withheld.prohibited_by_law': '第十四条、第三十六条第（三）项',
  'withheld.security_stability': '第十四条、第三十六条第（三）项',
  'withheld.third_party_rights': '第十五条、第三十二条、第三十六条第（三）项',
  'withheld.internal_affairs': '第十六条第一款、第三十六条第（三）项',
  'withheld.process_information': '第十六条第二款、第三十六条第（三）项',
  'withheld.enforcement_case_file': '第十六条第二款、第三十六条第（三）项',
  'withheld.administrative_inquiry': '第三十六条第（七）项',
  'unavailable.not_held': '第三十六条第（四）项',
  'unavailable.requires_new_creation': '第三十八条',
  'unavailable.unclear_after_supplement': '第三十条',
  'not_processed.petition_or_complaint': '第三十九条第一款',
  'not_processed.repeated_application': '第三十六条第（六）项',
  'not_processed.public_publication': '第三十九条第二款',
  'not_processed.excessive_without_reason': '第三十五条',
  'not_processed.confirm_or_reissue': '第三十八条、第三十九条',
  'other.supplement_overdue': '第三十条',
  'other.fee_unpaid': '第四十二条',
  'other.other': '第三十六条',
};

/** The right to seek reconsideration or sue, with their time limits (答复书). */
export const RIGHTS_OF_APPEAL =
  '如对本答复不服，可以自知道该行政行为之日起六十日内，依照《中华人民共和国行政复议法》申请行政复议；' +
  '或者自知道或者应当知道作出行政行为之日起六个月内，依照《中华人民共和国行政诉讼法》第四十六条向人民法院提起行政诉讼。';

/** The legal ground of a decision, articles included (Art. 36(1) added when the information is already public). */
export function decisionLegalGround(
  d: Pick<DecisionFacts, 'outcome' | 'whereToFind' | 'responsibleAgency'>,
): string {
  let articles = OUTCOME_LEGAL_GROUNDS[d.outcome];
  if (d.outcome === 'disclosed' && d.whereToFind) articles = `第三十六条第（一）项、${articles}`;
  if (d.outcome === 'unavailable.not_held' && d.responsibleAgency) articles = `${articles}、第（五）项`;
  return `${REGULATIONS}${articles}`;
}

function decisionParagraphs(d: DecisionFacts): string[] {
  const out: string[] = [];
  switch (d.outcome) {
    case 'disclosed':
      out.push('经审查，您申请获取的政府信息属于可以公开的政府信息，本机关决定予以公开。');
      if (d.whereToFind) out.push(`该政府信息已经主动公开，您可以通过以下方式、途径获取：${d.whereToFind}`);
      break;
    case 'partially_disclosed':
      out.push(
        '经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，本机关决定对可以公开的部分予以公开，其余部分不予公开。',
      );
      if (d.whereToFind) out.push(`可以公开部分的获取方式、途径和时间：${d.whereToFind}`);
      break;
    case 'unavailable.not_held':
      if (d.responsibleAgency) {
        out.push(
          `经审查，您申请获取的政府信息不属于本机关负责公开。负责公开该政府信息的行政机关为：${d.responsibleAgency}，请向该机关提出申请。`,
        );
      } else {
        out.push('经检索，本机关没有您申请获取的政府信息，该政府信息不存在。');
      }
      break;
    case 'not_processed.repeated_application':
      if (d.repeated) {
        out.push(
          `经审查，您的申请与您此前向本机关提出的政府信息公开申请（受理编号：${d.repeated.earlierApplication}）属于重复申请，本机关已经作出答复（${d.repeated.earlierReply}），本次申请的事实和理由未发生变化：${d.repeated.factsUnchanged}。本机关不予重复处理。`,
        );
      } else {
        out.push(`经审查，本机关对您的申请作出如下处理：${OUTCOME_LABELS[d.outcome]}。`);
      }
      break;
    case 'other.supplement_overdue':
      out.push('您未在补正期限内补正申请，且无正当理由，视为放弃申请，本机关不再处理该政府信息公开申请。');
      break;
    case 'other.fee_unpaid':
      out.push('您未在收费通知要求的期限内缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。');
      break;
    default:
      out.push(`经审查，本机关对您的申请作出如下处理：${OUTCOME_LABELS[d.outcome]}。`);
  }
  if (d.publicInterestGround) {
    out.push(
      `第三方不同意公开，但本机关认为不公开可能对公共利益造成重大影响，理由是：${d.publicInterestGround}`,
    );
  }
  if (d.legalGround) out.push(`具体理由和依据：${d.legalGround}`);
  if (d.notes && d.notes !== d.whereToFind && d.notes !== d.responsibleAgency) out.push(`说明：${d.notes}`);
  return out;
}

/** The formal notice of one step, numbered and dated. */
export function composeNotice(
  kind: NoticeKind,
  facts: NoticeFacts,
  template: NoticeTemplate,
): NoticeDocument {
  const d = facts.details;
  if (d.kind !== kind) throw new RangeError(`facts of a ${d.kind} notice given for a ${kind} notice`);
  if (!Number.isInteger(facts.serial) || facts.serial < 1) throw new RangeError('serial must be ≥ 1');
  const year = yearOf(facts.issuedOn);
  const received = `本机关于${chineseDate(facts.receivedOn)}收到您（单位）提出的政府信息公开申请（登记号：${facts.caseNumber}），申请获取“${facts.informationSought}”。`;
  let addressee = facts.applicantName;
  let paragraphs: string[];
  let articles: string;
  let rightsOfAppeal: string | null = null;
  switch (d.kind) {
    case 'supplement':
      articles = '第二十九条第二款、第三十条';
      paragraphs = [
        received,
        '经审查，您的申请内容不明确，根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对申请作出补正。需要补正的事项：',
        d.whatIsNeeded,
        `补正期限为${d.periodWorkingDays}个工作日，最后一日为${chineseDate(d.dueOn)}。请于该日前（含当日）向本机关提交补正后的申请；答复期限自本机关收到补正的申请之日起计算。`,
        '无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。',
      ];
      break;
    case 'extension':
      articles = '第三十三条第二款';
      paragraphs = [
        received,
        `因${d.reason}，本机关不能在原答复期限（${chineseDate(d.previousDue)}）内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经政府信息公开工作机构负责人同意，答复期限延长${d.workingDays}个工作日。`,
        `本机关将于${chineseDate(d.newDue)}前（含当日）作出答复，新的答复期限最后一日为${chineseDate(d.newDue)}。`,
      ];
      break;
    case 'third_party_consultation':
      addressee = d.party;
      articles = '第三十二条';
      paragraphs = [
        `本机关于${chineseDate(facts.receivedOn)}收到${facts.applicantName}提出的政府信息公开申请（登记号：${facts.caseNumber}），申请获取“${facts.informationSought}”。`,
        '经审查，该政府信息的公开可能损害贵方的合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求贵方意见：贵方是否同意公开上述政府信息；不同意公开的，请说明理由。',
        `请自收到本函之日起${d.windowWorkingDays}个工作日内（最后一日为${chineseDate(d.windowEnd)}）提出书面意见。逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。`,
        '第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知第三方。',
      ];
      break;
    case 'other_agency_consultation':
      addressee = d.party;
      articles = '第三十四条';
      paragraphs = [
        `本机关于${chineseDate(facts.receivedOn)}收到${facts.applicantName}提出的政府信息公开申请（登记号：${facts.caseNumber}），申请获取“${facts.informationSought}”。`,
        '该政府信息由本机关与贵机关共同制作。根据《中华人民共和国政府信息公开条例》第三十四条的规定，现书面征求贵机关意见：贵机关是否同意公开上述政府信息；不同意公开的，请说明理由。',
        `请自收到本函之日起${d.windowWorkingDays}个工作日内（最后一日为${chineseDate(d.windowEnd)}）提出意见；逾期未提出意见的，视为同意公开。`,
      ];
      break;
    case 'fee':
      articles = '第四十二条';
      paragraphs = [
        received,
        '根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》的规定，您的申请应当缴纳信息处理费。',
        `计算方法：${d.computation.explanation}`,
        `应缴金额：人民币${d.computation.amountYuan}元。`,
        `请自收到本通知之日起${d.windowWorkingDays}个工作日内（最后一日为${chineseDate(d.windowEnd)}）缴纳。缴费期间答复期限暂停计算；逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。`,
      ];
      break;
    case 'later_deadline':
      articles = '第三十五条';
      paragraphs = [
        received,
        `您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，理由合理，但本机关无法在原答复期限（${chineseDate(d.previousDue)}）内答复。根据《中华人民共和国政府信息公开条例》第三十五条的规定，本机关确定延迟答复的合理期限。`,
        `理由：${d.reason}`,
        `本机关将于${chineseDate(d.due)}前（含当日）作出答复，答复期限最后一日为${chineseDate(d.due)}。`,
      ];
      break;
    case 'decision': {
      paragraphs = [received, ...decisionParagraphs(d)];
      articles = '';
      rightsOfAppeal = RIGHTS_OF_APPEAL;
      break;
    }
  }
  const legalBasis =
    d.kind === 'decision' ? `依据：${decisionLegalGround(d)}。` : `依据：${REGULATIONS}${articles}。`;
  return {
    kind,
    title: NOTICE_KIND_TITLES[kind],
    number: noticeNumber(template, kind, year, facts.serial),
    year,
    serial: facts.serial,
    addressee,
    paragraphs,
    legalBasis,
    rightsOfAppeal,
    closing: template.closingParagraph?.trim() || null,
    agencyName: template.agencyDisplayName,
    sealText: template.sealText,
    issuedOn: facts.issuedOn,
    dateText: chineseDate(facts.issuedOn),
  };
}

/** The suggested filename of a notice (Chinese): 答复书-X政信答〔2026〕3号. */
export function noticeFileName(doc: Pick<NoticeDocument, 'title' | 'number'>, ext: string): string {
  return `${doc.title}（${doc.number}）.${ext}`;
}

/** What a recorded transition tells about its notice (the recording activity's record). */
export interface TransitionForNotice {
  seq: number;
  event: ApplicationEvent;
  occurredAt: string;
  registration: Pick<Registration, 'caseNumber' | 'applicantName' | 'receivedOn' | 'informationSought'>;
  /** The state after the transition. */
  state: ApplicationState;
  /** The reply deadline after the transition. */
  deadline: { replyDueOn: string | null };
}

/** A notice a step calls for, before it gets its serial. */
export interface PendingNotice {
  kind: NoticeKind;
  /** Unique per application: a retried generation finds the notice it made. */
  stepKey: string;
  facts: Omit<NoticeFacts, 'serial'>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

/**
 * The notice the transition's step must produce, or null (a step the applicant need not be told of).
 * 答复书: when the decision is approved (it is then delivered), or when the case is deemed abandoned.
 */
export function noticeOfTransition(t: TransitionForNotice): PendingNotice | null {
  const p = t.event.payload;
  const r = t.registration;
  const issuedOn = t.event.businessDate ?? dateInShanghai(new Date(t.occurredAt));
  const common = {
    caseNumber: r.caseNumber,
    applicantName: r.applicantName,
    receivedOn: r.receivedOn,
    informationSought: r.informationSought,
    issuedOn,
  };
  const stepKey = `${t.event.type}:${t.seq}`;
  const make = (details: NoticeDetails): PendingNotice => ({
    kind: details.kind,
    stepKey,
    facts: { ...common, details },
  });
  switch (t.event.type) {
    case 'supplement_requested':
      return make({
        kind: 'supplement',
        whatIsNeeded: str(p.whatIsNeeded),
        periodWorkingDays: num(p.periodWorkingDays),
        dueOn: str(p.dueOn),
      });
    case 'extension_approved':
      return make({
        kind: 'extension',
        workingDays: num(p.workingDays),
        reason: str(p.reason),
        previousDue: str(p.previousDue),
        newDue: t.deadline.replyDueOn ?? str(p.previousDue),
      });
    case 'consultation_started':
      return make({
        kind: p.kind === 'other_agency' ? 'other_agency_consultation' : 'third_party_consultation',
        party: str(p.party),
        sentOn: str(p.sentOn),
        windowWorkingDays: CONSULTATION_WINDOW_WORKING_DAYS,
        windowEnd: str(p.windowEnd),
      });
    case 'fee_notice_issued':
      return make({
        kind: 'fee',
        computation: p.computation as FeeComputation,
        windowWorkingDays: FEE_PAYMENT_WINDOW_WORKING_DAYS,
        windowEnd: str(p.windowEnd),
      });
    case 'later_deadline_set':
      return make({
        kind: 'later_deadline',
        previousDue: str(p.previousDue),
        due: str(p.due),
        reason: str(p.reason),
      });
    case 'decision_approved': {
      const d = t.state.decision;
      if (!d) return null;
      const notes = d.notes ?? null;
      const disclosing = d.outcome === 'disclosed' || d.outcome === 'partially_disclosed';
      return make({
        kind: 'decision',
        outcome: d.outcome,
        legalGround: d.legalGround,
        notes,
        whereToFind: disclosing ? notes : null,
        responsibleAgency: d.outcome === 'unavailable.not_held' ? notes : null,
        publicInterestGround: d.publicInterestGround ?? null,
        ...(d.repeated ? { repeated: d.repeated } : {}),
      });
    }
    case 'supplement_lapsed':
    case 'fee_payment_lapsed': {
      const outcome = t.state.conclusion?.outcome;
      if (!outcome) return null;
      return make({
        kind: 'decision',
        outcome,
        legalGround: '',
        notes: null,
        whereToFind: null,
        responsibleAgency: null,
        publicInterestGround: null,
      });
    }
    default:
      return null;
  }
}

/**
 * Why a template an admin sends is refused, field by field (Chinese reasons), or an empty list. The
 * texts end up on official documents: required, bounded, storable (textFieldProblem).
 */
export function noticeTemplateProblems(t: NoticeTemplate): FieldProblem[] {
  const out: FieldProblem[] = [];
  const check = (field: string, value: unknown, max: number, required: boolean, label: string) => {
    const p = textFieldProblem(field, value, max, required);
    if (p) out.push({ field, reason: `${label}：${p.reason}` });
  };
  check('agencyDisplayName', t.agencyDisplayName, TEMPLATE_LIMITS.agencyDisplayName, true, '机关名称');
  check('sealText', t.sealText, TEMPLATE_LIMITS.sealText, true, '印章文字');
  check('numberPrefix', t.numberPrefix, TEMPLATE_LIMITS.numberPrefix, false, '文号前缀');
  check('closingParagraph', t.closingParagraph, TEMPLATE_LIMITS.closingParagraph, false, '结尾段落');
  if (!(SERIAL_STYLES as readonly string[]).includes(t.serialStyle)) {
    out.push({ field: 'serialStyle', reason: `序号格式（serialStyle）应为 ${SERIAL_STYLES.join(' 或 ')}` });
  }
  for (const kind of NOTICE_KINDS) {
    const code = t.kindCodes?.[kind];
    check(`kindCodes.${kind}`, code, TEMPLATE_LIMITS.kindCode, false, `${NOTICE_KIND_LABELS[kind]}代字`);
    if (typeof code === 'string' && /[〔〕\s]/.test(code)) {
      out.push({ field: `kindCodes.${kind}`, reason: `${NOTICE_KIND_LABELS[kind]}代字不能含有空白或“〔〕”` });
    }
  }
  if (typeof t.numberPrefix === 'string' && /[〔〕\s]/.test(t.numberPrefix)) {
    out.push({ field: 'numberPrefix', reason: '文号前缀不能含有空白或“〔〕”' });
  }
  return out;
}
