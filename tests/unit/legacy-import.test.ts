import {
  applicantTypeOf,
  caseNumberCounters,
  channelOf,
  decodeCsvBytes,
  existingCaseNumberProblems,
  importedState,
  mapHeader,
  outcomeOf,
  parseCsv,
  parseLegacyDate,
  validateLegacySheet,
} from '../../libs/domain/legacy-import';

const TODAY = '2026-11-29';
const HEADER = ['案件编号', '申请人类型', '申请渠道', '收到申请日期', '办理结果', '办结日期', '办理状态'];

describe('legacy import: reading the file', () => {
  it('reads RFC 4180 CSV: quotes, doubled quotes, line breaks inside quotes, CRLF, BOM', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\nlast,,\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
      ['last', '', ''],
    ]);
    expect(parseCsv('a,b')).toEqual([['a', 'b']]);
  });

  it('decodes UTF-8 with or without BOM, and GB18030 otherwise', () => {
    expect(decodeCsvBytes(new TextEncoder().encode('案件编号')).encoding).toBe('utf-8');
    const gbk = Uint8Array.from([0xb0, 0xb8, 0xbc, 0xfe, 0xb1, 0xe0, 0xba, 0xc5]); // 案件编号 in GBK
    expect(decodeCsvBytes(gbk)).toEqual({ text: '案件编号', encoding: 'gb18030' });
  });

  it('maps Chinese headers and English keys, and names missing required columns', () => {
    const { columns, problems } = mapHeader(['case_number', '申请人类型', 'channel', '收到日期', '备注']);
    expect(columns).toEqual({ caseNumber: 0, applicantType: 1, channel: 2, receivedOn: 3 });
    expect(problems).toEqual([]);
    const missing = mapHeader(['案件编号', '办理结果']);
    expect(missing.problems.map((p) => p.column)).toEqual(['申请人类型', '申请渠道', '收到申请日期']);
    expect(missing.problems.every((p) => p.row === 1)).toBe(true);
  });

  it('accepts codes and Chinese labels', () => {
    expect(applicantTypeOf('自然人')).toBe('natural_person');
    expect(applicantTypeOf('法人或其他组织 · 科研机构')).toBe('research_institution');
    expect(applicantTypeOf('商业企业')).toBe('commercial_enterprise');
    expect(applicantTypeOf('外国人')).toBeNull();
    expect(channelOf('当面提交')).toBe('in_person');
    expect(channelOf('email')).toBe('email');
    expect(outcomeOf('予以公开')).toBe('disclosed');
    expect(outcomeOf('不予公开·属于国家秘密')).toBe('withheld.state_secret');
    expect(outcomeOf('属于国家秘密')).toBe('withheld.state_secret');
    expect(outcomeOf('withheld.state_secret')).toBe('withheld.state_secret');
    expect(outcomeOf('公开')).toBeNull();
  });

  it('reads the date spellings staff use and refuses impossible dates', () => {
    expect(parseLegacyDate('2025-03-18')).toBe('2025-03-18');
    expect(parseLegacyDate('2025/3/8')).toBe('2025-03-08');
    expect(parseLegacyDate('2025年3月8日')).toBe('2025-03-08');
    expect(parseLegacyDate('2025.12.01')).toBe('2025-12-01');
    expect(parseLegacyDate('2025-02-30')).toBeNull();
    expect(parseLegacyDate('18/03/2025')).toBeNull();
  });
});

describe('legacy import: validating rows', () => {
  it('accepts concluded and open rows', () => {
    const { rows, problems } = validateLegacySheet(
      [
        HEADER,
        ['2025-0001', '自然人', '当面提交', '2025-03-18', '予以公开', '2025-04-02', ''],
        ['', '', '', '', '', '', ''],
        ['2025-0002', 'commercial_enterprise', 'email', '2025/11/3', '', '', '办理中'],
      ],
      TODAY,
    );
    expect(problems).toEqual([]);
    expect(rows).toMatchObject([
      {
        row: 2,
        caseNumber: '2025-0001',
        applicantType: 'natural_person',
        channel: 'in_person',
        receivedOn: '2025-03-18',
        conclusion: { outcome: 'disclosed', concludedOn: '2025-04-02' },
      },
      { row: 4, caseNumber: '2025-0002', receivedOn: '2025-11-03', conclusion: null },
    ]);
  });

  it('reports every problem by row and column, in Chinese', () => {
    const { rows, problems } = validateLegacySheet(
      [
        HEADER,
        ['A-1', '自然人', '当面提交', '2025-03-18', '予以公开', '2025-04-02', ''],
        ['A-1', '外国人', '飞鸽传书', '2025-13-01', '', '', ''],
        ['A-3', '自然人', '传真', '2027-01-01', '', '', ''],
        ['A-4', '自然人', '传真', '2025-05-01', '查无此结果', '2025-04-01', ''],
        ['A-5', '自然人', '传真', '2025-05-01', '', '2025-06-01', ''],
        ['', '自然人', '传真', '', '', '', ''],
        ['A-7', '自然人', '传真', '2025-05-01', '予以公开', '2025-06-01', '未办结'],
      ],
      TODAY,
    );
    expect(rows.map((r) => r.row)).toEqual([2]);
    const got = problems.map((p) => [p.row, p.column]);
    expect(got).toEqual([
      [3, '案件编号'],
      [3, '申请人类型'],
      [3, '申请渠道'],
      [3, '收到申请日期'],
      [4, '收到申请日期'],
      [5, '办理结果'],
      [5, '办结日期'],
      [6, '办理结果'],
      [7, '案件编号'],
      [7, '收到申请日期'],
      [8, '办理状态'],
    ]);
    expect(problems[0].message).toContain('与第2行重复');
    expect(problems[4].message).toContain('将来的日期');
    expect(problems[6].message).toContain('早于收到申请日期');
    expect(problems[7].message).toBe('已办结的申请必须填写办理结果');
    expect(problems[8].message).toBe('必填项为空');
  });

  it('names the header problems and an empty file', () => {
    expect(validateLegacySheet([], TODAY).problems[0].row).toBe(1);
    expect(validateLegacySheet([HEADER], TODAY).problems[0].message).toBe('文件中没有数据行');
    expect(validateLegacySheet([['案件编号']], TODAY).problems).toHaveLength(3);
  });

  it('names case numbers the agency already has', () => {
    const { rows } = validateLegacySheet(
      [
        HEADER,
        ['X-1', '自然人', '传真', '2025-05-01', '', '', ''],
        ['X-2', '自然人', '传真', '2025-05-01', '', '', ''],
      ],
      TODAY,
    );
    expect(existingCaseNumberProblems(rows, new Set(['X-2']))).toEqual([
      { row: 3, column: '案件编号', message: '案件编号“X-2”在本机关已存在（已登记或已导入）' },
    ]);
  });

  it('takes the case-number counters past imported YYYY-NNNN numbers', () => {
    expect([...caseNumberCounters(['2025-0007', '2025-0012', '2024-0003', 'A-9'])]).toEqual([
      [2025, 12],
      [2024, 3],
    ]);
  });

  it('leaves an imported concluded application in the state the workflow would have', () => {
    const s = importedState('2025-03-18', { outcome: 'other.fee_unpaid', concludedOn: '2025-05-06' });
    expect(s).toMatchObject({
      status: 'abandoned',
      receivedOn: '2025-03-18',
      lastBusinessDate: '2025-05-06',
      conclusion: { outcome: 'other.fee_unpaid', concludedOn: '2025-05-06', timeliness: null },
    });
    expect(importedState('2025-03-18', { outcome: 'disclosed', concludedOn: '2025-03-20' }).status).toBe(
      'delivered',
    );
  });
});

describe('legacy import: open applications with their state', () => {
  const OPEN_HEADER = [
    '案件编号',
    '申请人类型',
    '申请渠道',
    '收到申请日期',
    '办理状态',
    '告知补正日期',
    '补正期限（工作日）',
    '收到补正日期',
    '征求意见类型',
    '征求意见日期',
    '收到意见日期',
    '意见',
    '延期日期',
  ];
  /** One open row: the receipt on 2026-11-02 (a Monday), the state and step cells as given. */
  const row = (caseNumber: string, cells: Partial<Record<(typeof OPEN_HEADER)[number], string>>) =>
    OPEN_HEADER.map((h) =>
      h === '案件编号'
        ? caseNumber
        : h === '申请人类型'
          ? '自然人'
          : h === '申请渠道'
            ? '电子邮件'
            : h === '收到申请日期'
              ? (cells[h] ?? '2026-11-02')
              : (cells[h] ?? ''),
    );
  const validate = (...rows: string[][]) => validateLegacySheet([OPEN_HEADER, ...rows], TODAY);

  it('turns each open state into the steps the workflow takes again, in the order of their dates', () => {
    const { rows, problems } = validate(
      row('O-1', { 办理状态: '未办结' }),
      row('O-2', { 办理状态: '办理中' }),
      row('O-3', { 办理状态: '待补正', 告知补正日期: '2026-11-05', '补正期限（工作日）': '20' }),
      row('O-4', { 办理状态: '征求意见中', 征求意见类型: '其他机关', 征求意见日期: '2026/11/10' }),
      row('O-5', { 办理状态: '已延期', 延期日期: '2026-11-20' }),
      row('O-6', {
        办理状态: '办理中',
        延期日期: '2026-11-27',
        征求意见日期: '2026-11-11',
        收到意见日期: '2026-11-13',
        意见: '不同意',
        告知补正日期: '2026-11-03',
        收到补正日期: '2026-11-06',
      }),
    );
    expect(problems).toEqual([]);
    const steps = (n: number) => rows[n].openSteps!.map((s) => s.type);
    expect(rows[0].openSteps).toEqual([]);
    expect(steps(1)).toEqual(['accept']);
    expect(rows[2].openSteps).toEqual([
      { type: 'accept' },
      expect.objectContaining({
        type: 'requestSupplement',
        requestedOn: '2026-11-05',
        periodWorkingDays: 20,
      }),
    ]);
    expect(rows[3].openSteps![1]).toMatchObject({
      type: 'startConsultation',
      kind: 'other_agency',
      sentOn: '2026-11-10',
    });
    expect(rows[4].openSteps![1]).toMatchObject({
      type: 'approveExtension',
      approvedOn: '2026-11-20',
      workingDays: 20,
    });
    expect(steps(5)).toEqual([
      'accept',
      'requestSupplement',
      'recordSupplement',
      'startConsultation',
      'recordConsultationReply',
      'approveExtension',
    ]);
    expect(rows[5].openSteps![4]).toMatchObject({ ref: 'c1', answer: 'object', repliedOn: '2026-11-13' });
  });

  it('reports steps the rules refuse, and states their dates contradict, by row and column', () => {
    const { rows, problems } = validate(
      row('P-1', { 办理状态: '待补正' }),
      row('P-2', { 办理状态: '已登记', 告知补正日期: '2026-11-05' }),
      // Art. 30: the supplement is asked for within 7 working days of the receipt.
      row('P-3', { 办理状态: '待补正', 告知补正日期: '2026-11-20' }),
      // Requested in September with 15 working days: run out long ago (grace included).
      row('P-4', { 办理状态: '待补正', 收到申请日期: '2026-09-01', 告知补正日期: '2026-09-03' }),
      // Art. 33: an extension after the deadline (2026-09-01 + 20 working days) is too late.
      row('P-5', { 办理状态: '已延期', 收到申请日期: '2026-09-01', 延期日期: '2026-11-02' }),
      row('P-6', { 办理状态: '待补正', 告知补正日期: '2026-11-04', '补正期限（工作日）': '十五' }),
      row('P-7', { 办理状态: '办理中', 征求意见类型: '外星机构', 征求意见日期: '2026-11-04' }),
      // A consultation while the supplement is awaited: the case is not under review then.
      row('P-8', { 办理状态: '办理中', 告知补正日期: '2026-11-03', 征求意见日期: '2026-11-04' }),
      row('P-9', { 办理状态: '征求意见中', 征求意见日期: '2026-11-04', 收到意见日期: '2026-11-06' }),
      row('P-10', { 办理状态: '办理中', 收到补正日期: '2026-11-06' }),
    );
    expect(rows).toEqual([]);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [2, '告知补正日期'],
      [3, '办理状态'],
      [4, '告知补正日期'],
      [5, '告知补正日期'],
      [6, '延期日期'],
      [7, '补正期限（工作日）'],
      [8, '征求意见类型'],
      [9, '征求意见日期'],
      [10, '办理状态'],
      [11, '收到补正日期'],
    ]);
    const message = (r: number) => problems.find((p) => p.row === r)!.message;
    expect(message(2)).toBe('必填项为空');
    expect(message(3)).toContain('尚未开始办理');
    expect(message(4)).toContain('第三十条');
    expect(message(5)).toContain('逾期未补正');
    expect(message(6)).toContain('期限届满前');
    expect(message(9)).toContain('不能征求意见');
    expect(message(11)).toBe('填写了收到补正日期，但未填写告知补正日期');
  });

  it('does not read the step columns of a concluded row', () => {
    const { rows, problems } = validateLegacySheet(
      [
        [...OPEN_HEADER, '办理结果', '办结日期'],
        [...row('C-1', { 办理状态: '已办结', 告知补正日期: 'not a date' }), '予以公开', '2026-11-20'],
      ],
      TODAY,
    );
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ conclusion: { outcome: 'disclosed' }, openSteps: [] });
  });
});
