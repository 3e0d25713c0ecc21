/** Formal notices (正式文书): numbers, dates, last days, fee computation, legal grounds, rights of appeal. */
import {
  type ApplicationState,
  type Command,
  type DecisionContext,
  decide,
  initialState,
  replyDeadline,
} from '../../libs/domain/application';
import { BUILT_IN_CALENDAR as cal } from '../../libs/domain/calendar';
import { OUTCOME_CODES, type OutcomeCode } from '../../libs/domain/outcome';
import {
  type NoticeDocument,
  type NoticeTemplate,
  RIGHTS_OF_APPEAL,
  chineseDate,
  composeNotice,
  defaultNoticeTemplate,
  noticeNumber,
  noticeOfTransition,
  noticeTemplateProblems,
} from '../../libs/domain/notices';
import JSZip from 'jszip';
import { noticeLines, renderNoticeDocx, renderNoticeHtml } from '../../platform/notice-export/render';

const ctx: DecisionContext = { today: '2024-12-31', calendar: cal };
const registration = {
  caseNumber: '2024-0007',
  applicantName: '张三',
  receivedOn: '2024-09-27',
  informationSought: '2023年城区道路改造工程的招标文件',
};
const template: NoticeTemplate = {
  ...defaultNoticeTemplate('X县人民政府办公室'),
  numberPrefix: 'X政信',
  sealText: 'X县人民政府办公室政务公开专用章',
  closingParagraph: '联系电话：0000-1234567',
};

/** Runs commands through the domain and composes the notice of every step that calls for one. */
function run(commands: Command[], start: ApplicationState = initialState(registration)) {
  let state = start;
  const notices: NoticeDocument[] = [];
  let seq = 1;
  for (const c of commands) {
    const d = decide(state, c, ctx);
    if (!d.ok) throw new Error(`${c.type}: ${d.violation.code} ${d.violation.message}`);
    state = d.next;
    seq += 1;
    const pending = noticeOfTransition({
      seq,
      event: d.event,
      occurredAt: '2024-10-30T02:00:00Z',
      registration,
      state,
      deadline: { replyDueOn: replyDeadline(state, cal).due },
    });
    if (pending) {
      const serial = notices.filter((n) => n.kind === pending.kind).length + 1;
      notices.push(composeNotice(pending.kind, { ...pending.facts, serial }, template));
    }
  }
  return { state, notices };
}

const text = (n: NoticeDocument) =>
  [n.title, n.number, n.addressee, ...n.paragraphs, n.legalBasis, n.rightsOfAppeal ?? '', n.dateText].join(
    '\n',
  );

describe('formal notices', () => {
  it('numbers a notice by prefix, kind, year and serial', () => {
    expect(noticeNumber(template, 'supplement', 2026, 3)).toBe('X政信补〔2026〕3号');
    expect(noticeNumber({ ...template, serialStyle: 'ordinal' }, 'decision', 2026, 12)).toBe(
      'X政信答〔2026〕第12号',
    );
    expect(chineseDate('2024-11-04')).toBe('2024年11月4日');
  });

  it('words every step of a case with its last days computed on the calendar', () => {
    const { notices, state } = run([
      { type: 'accept' },
      {
        type: 'requestSupplement',
        requestedOn: '2024-09-30',
        periodWorkingDays: 15,
        whatIsNeeded: '请写明所需招标文件的项目名称',
      },
      { type: 'recordSupplement', supplementedOn: '2024-10-08' },
      { type: 'startConsultation', kind: 'third_party', party: '某建设有限公司', sentOn: '2024-10-09' },
      { type: 'recordConsultationReply', ref: 'c1', repliedOn: '2024-10-10', answer: 'agree' },
      { type: 'startConsultation', kind: 'other_agency', party: 'X县住房和城乡建设局', sentOn: '2024-10-11' },
      { type: 'recordConsultationReply', ref: 'c2', repliedOn: '2024-10-14', answer: 'agree' },
      { type: 'issueFeeNotice', noticeOn: '2024-10-15', fee: { method: 'per_page', pages: 150 } },
      { type: 'recordFeePayment', paidOn: '2024-10-16' },
      {
        type: 'approveExtension',
        approvedOn: '2024-10-17',
        workingDays: 10,
        reason: '所需信息数量较大',
        actor: '主任',
      },
      { type: 'requestReasons', requestedOn: '2024-10-18' },
      {
        type: 'setLaterDeadline',
        setOn: '2024-10-21',
        due: '2024-12-20',
        reason: '申请数量较多，需逐件检索',
      },
      {
        type: 'draftDecision',
        outcome: 'disclosed',
        legalGround: '属于可以公开的信息',
        notes: 'X县政府门户网站“招标公告”栏目',
        actor: '李强',
      },
      { type: 'approveDecision', actor: '张华' },
    ]);
    expect(notices.map((n) => n.kind)).toEqual([
      'supplement',
      'third_party_consultation',
      'other_agency_consultation',
      'fee',
      'extension',
      'later_deadline',
      'decision',
    ]);
    const [supplement, third, other, fee, extension, later, decision] = notices;

    // 补正: 15 working days from 30 September 2024 (1–7 October holidays, Saturday 12 October worked).
    expect(cal.addWorkingDays('2024-09-30', 15).due).toBe('2024-10-25');
    expect(supplement.number).toBe('X政信补〔2024〕1号');
    expect(supplement.addressee).toBe('张三');
    expect(text(supplement)).toContain('补正期限为15个工作日，最后一日为2024年10月25日');
    expect(text(supplement)).toContain('请写明所需招标文件的项目名称');
    expect(supplement.legalBasis).toContain('第三十条');
    expect(supplement.dateText).toBe('2024年9月30日');
    expect(supplement.rightsOfAppeal).toBeNull();

    // 征询函: 15 working days from the third party's receipt.
    expect(third.addressee).toBe('某建设有限公司');
    expect(third.number).toBe('X政信征〔2024〕1号');
    expect(text(third)).toContain(
      `15个工作日内（最后一日为${chineseDate(cal.addWorkingDays('2024-10-09', 15).due)}）`,
    );
    expect(text(third)).toContain('最后一日为2024年10月29日');
    expect(third.legalBasis).toContain('第三十二条');
    expect(other.addressee).toBe('X县住房和城乡建设局');
    expect(other.number).toBe('X政信函〔2024〕1号');
    expect(text(other)).toContain('最后一日为2024年10月31日');
    expect(text(other)).toContain('视为同意公开');
    expect(other.legalBasis).toContain('第三十四条');

    // 收费通知书: the computation of the 2020 bands, 20 working days to pay.
    expect(text(fee)).toContain('第31–100页共70页×10元=700元');
    expect(text(fee)).toContain('第101–150页共50页×20元=1000元');
    expect(text(fee)).toContain('应缴金额：人民币1700元');
    expect(text(fee)).toContain(
      `20个工作日内（最后一日为${chineseDate(cal.addWorkingDays('2024-10-15', 20).due)}）`,
    );
    expect(text(fee)).toContain('2024年11月12日');
    expect(fee.legalBasis).toContain('第四十二条');

    // 延期: the new deadline is the domain's deadline after the extension.
    expect(text(extension)).toContain('答复期限延长10个工作日');
    const ext = extension.paragraphs.join('');
    expect(ext).toMatch(/新的答复期限最后一日为2024年\d+月\d+日/);
    expect(extension.legalBasis).toContain('第三十三条第二款');

    // 第三十五条: the later deadline set.
    expect(text(later)).toContain('答复期限最后一日为2024年12月20日');
    expect(later.legalBasis).toContain('第三十五条');

    // 答复书: legal ground with Art. 36(1) (already public, where to find it) and the rights of appeal.
    expect(decision.number).toBe('X政信答〔2024〕1号');
    expect(decision.legalBasis).toContain('第三十六条第（一）项、第三十六条第（二）项');
    expect(text(decision)).toContain('X县政府门户网站“招标公告”栏目');
    expect(decision.rightsOfAppeal).toBe(RIGHTS_OF_APPEAL);
    expect(decision.rightsOfAppeal).toContain('六十日内');
    expect(decision.rightsOfAppeal).toContain('行政复议法');
    expect(decision.rightsOfAppeal).toContain('六个月内');
    expect(decision.rightsOfAppeal).toContain('行政诉讼法》第四十六条');
    expect(decision.closing).toBe('联系电话：0000-1234567');
    expect(decision.sealText).toBe('X县人民政府办公室政务公开专用章');
    expect(state.status).toBe('decision_approved');
  });

  it('names the responsible agency (Art. 36(5)) and gives every outcome a legal ground', () => {
    const { notices } = run([
      { type: 'accept' },
      {
        type: 'draftDecision',
        outcome: 'unavailable.not_held',
        legalGround: '不属于本机关职责',
        notes: 'X县自然资源局，电话0000-7654321',
      },
      { type: 'approveDecision' },
    ]);
    expect(notices[0].legalBasis).toContain('第三十六条第（四）项、第（五）项');
    expect(text(notices[0])).toContain('负责公开该政府信息的行政机关为：X县自然资源局，电话0000-7654321');
    for (const outcome of OUTCOME_CODES) {
      const doc = composeNotice(
        'decision',
        {
          ...registration,
          issuedOn: '2024-10-30',
          serial: 1,
          details: {
            kind: 'decision',
            outcome: outcome as OutcomeCode,
            legalGround: '',
            notes: null,
            whereToFind: null,
            responsibleAgency: null,
            publicInterestGround: null,
          },
        },
        template,
      );
      expect(doc.legalBasis).toMatch(/^依据：《中华人民共和国政府信息公开条例》第.+条/);
      expect(doc.rightsOfAppeal).toContain('六十日');
    }
  });

  it('writes the 答复书 of a lapsed supplement period', () => {
    let state = initialState(registration);
    const d1 = decide(
      state,
      { type: 'requestSupplement', requestedOn: '2024-09-30', periodWorkingDays: 15, whatIsNeeded: '补充' },
      ctx,
    );
    if (!d1.ok) throw new Error(d1.violation.message);
    state = d1.next;
    const d2 = decide(state, { type: 'lapseSupplement' }, ctx);
    if (!d2.ok) throw new Error(d2.violation.message);
    const pending = noticeOfTransition({
      seq: 3,
      event: d2.event,
      occurredAt: '2024-10-28T01:00:00Z',
      registration,
      state: d2.next,
      deadline: { replyDueOn: null },
    });
    expect(pending?.kind).toBe('decision');
    const doc = composeNotice('decision', { ...pending!.facts, serial: 4 }, template);
    expect(doc.legalBasis).toContain('第三十条');
    expect(text(doc)).toContain('视为放弃申请');
  });

  it('refuses a template with blank or oversized texts, naming the field in Chinese', () => {
    expect(noticeTemplateProblems(template)).toEqual([]);
    const problems = noticeTemplateProblems({
      ...template,
      agencyDisplayName: ' ',
      sealText: 'x'.repeat(61),
      serialStyle: 'roman' as never,
      kindCodes: { ...template.kindCodes, fee: '费〔' },
    });
    expect(problems.map((p) => p.field)).toEqual([
      'agencyDisplayName',
      'sealText',
      'serialStyle',
      'kindCodes.fee',
    ]);
    expect(problems[0].reason).toContain('机关名称');
  });

  it('lays out the same document in Word and in the print page, every text escaped', async () => {
    const { notices } = run([
      { type: 'accept' },
      {
        type: 'draftDecision',
        outcome: 'withheld.state_secret',
        legalGround: '<属于国家秘密> & 依法不予公开',
      },
      { type: 'approveDecision' },
    ]);
    const doc = notices[0];
    const zip = await JSZip.loadAsync(await renderNoticeDocx(doc));
    const xml = await zip.file('word/document.xml')!.async('string');
    const docxText = xml
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    for (const line of noticeLines(doc)) expect(docxText).toContain(line);
    const html = renderNoticeHtml(doc);
    expect(html).toContain('&lt;属于国家秘密&gt; &amp; 依法不予公开');
    expect(html).not.toContain('<属于国家秘密>');
    expect(html).not.toContain('<script');
    expect(html).toContain(doc.number);
    expect(doc.legalBasis).toContain('第十四条、第三十六条第（三）项');
  });
});
