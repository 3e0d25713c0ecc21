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
