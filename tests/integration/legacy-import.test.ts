/**
 * Legacy import (历史数据导入, issue 11) on the real stack: a 10,000-row spreadsheet with a few bad rows
 * is answered with exactly those rows' problems and imports nothing; the corrected file imports once
 * (a second upload imports nothing); a CSV file adds to it; the annual reports of the imported years
 * equal the counts computed here from the files' rows; an open row's workflow counts its reply deadline
 * from its real receipt date. On a database of its own.
 */
import { Workbook } from 'exceljs';
import { Client as PgClient } from 'pg';
import { APPLICANT_TYPES, APPLICANT_TYPE_LABELS } from '../../libs/domain/applicant';
import { BUILT_IN_CALENDAR } from '../../libs/domain/calendar';
import { RECEIPT_CHANNELS } from '../../libs/domain/channel';
import { addDays, dateInShanghai, yearOf } from '../../libs/domain/dates';
import { OUTCOME_CODES, OUTCOME_LABELS } from '../../libs/domain/outcome';
import { backfillApplicationFacts } from '../../platform/database/application-facts';
import { prng } from '../support/prng';
import {
  type AgencyStaff,
  type Api,
  createAgencyWithStaff,
  eventually,
  ownDatabase,
  startStack,
} from '../support/stack';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = [
  '案件编号',
  '申请人类型',
  '申请渠道',
  '收到申请日期',
  '办理结果',
  '办结日期',
  '办理状态',
  '申请人',
];
const today = dateInShanghai(Date.now());
const THIS_YEAR = yearOf(today);
const YEARS = [THIS_YEAR - 2, THIS_YEAR - 1];

interface Row {
  caseNumber: string;
  applicantType: string;
  channel: string;
  receivedOn: string;
  outcome: string | null;
  concludedOn: string | null;
  applicantName: string;
}

function generateRows(n: number, seed: number): Row[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const rows: Row[] = [];
  for (let i = 0; i < n; i += 1) {
    const year = YEARS[i % 2];
    const receivedOn = addDays(`${year}-01-02`, Math.floor(random() * 360));
    const open = i % 2000 === 7; // a few still open
    const concludedOn = open ? null : addDays(receivedOn, Math.floor(random() * 45));
    rows.push({
      caseNumber: `${year}-${String(i + 1).padStart(5, '0')}`,
      applicantType: random() < 0.5 ? APPLICANT_TYPE_LABELS[pick(APPLICANT_TYPES)] : pick(APPLICANT_TYPES),
      channel: pick(RECEIPT_CHANNELS),
      receivedOn,
      outcome: open ? null : random() < 0.5 ? pick(OUTCOME_CODES) : OUTCOME_LABELS[pick(OUTCOME_CODES)],
      concludedOn: concludedOn && concludedOn > today ? today : concludedOn,
      applicantName: `申请人${i}`,
    });
  }
  return rows;
}

function cells(r: Row): string[] {
  return [
    r.caseNumber,
    r.applicantType,
    r.channel,
    r.receivedOn,
    r.outcome ?? '',
    r.concludedOn ?? '',
    r.outcome ? '已办结' : '未办结',
    r.applicantName,
  ];
}

async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const wb = new Workbook();
  const ws = wb.addWorksheet('历史数据');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csvOf(rows: string[][]): Buffer {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = [HEADER, ...rows].map((r) => r.map(quote).join(',')).join('\r\n');
  return Buffer.from(`\ufeff${text}\r\n`, 'utf8');
}

async function upload(api: Api, file: Buffer, type: string, filename: string) {
  const res = await fetch(`${api.baseUrl}/imports?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { 'content-type': type, authorization: `Bearer ${api.token}` },
    body: file,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Table 三 of `year` from the rows themselves, by the report's definitions (REPORT.md). */
function expectedTable3(rows: readonly Row[], year: number): Record<string, number[]> {
  const typeOf = (label: string) =>
    APPLICANT_TYPES.find(
      (t) =>
        t === label || APPLICANT_TYPE_LABELS[t] === label || APPLICANT_TYPE_LABELS[t].endsWith(` · ${label}`),
    )!;
  const outcomeOf = (label: string) => OUTCOME_CODES.find((o) => o === label || OUTCOME_LABELS[o] === label)!;
  const table: Record<string, number[]> = {};
  const add = (key: string, column: number) => {
    table[key] ??= Array<number>(APPLICANT_TYPES.length + 1).fill(0);
    table[key][column] += 1;
    table[key][APPLICANT_TYPES.length] += 1;
  };
  for (const r of rows) {
    const column = APPLICANT_TYPES.indexOf(typeOf(r.applicantType));
    const received = yearOf(r.receivedOn);
    const concluded = r.concludedOn ? yearOf(r.concludedOn) : null;
    if (received > year || (concluded !== null && concluded < year)) continue;
    add(received === year ? 'new_this_year' : 'carried_from_last_year', column);
    if (concluded === year) {
      add(outcomeOf(r.outcome!), column);
      add('concluded_total', column);
    } else add('carried_to_next_year', column);
  }
  return table;
}

describe('legacy import (历史数据导入)', () => {
  let db: Awaited<ReturnType<typeof ownDatabase>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let staff: AgencyStaff;
  let admin: Api;
  let pg: PgClient;
  const rows = generateRows(10_000, 11);
  const csvRows: Row[] = [
    { ...rows[0], caseNumber: 'CSV-1', applicantName: '张三, "老张"' },
    { ...rows[1], caseNumber: 'CSV-2', applicantType: '科研机构' },
    { ...rows[2], caseNumber: 'CSV-3', outcome: null, concludedOn: null, receivedOn: addDays(today, -3) },
  ];
  const applicationCount = async () =>
    Number(
      (await pg.query('SELECT count(*) FROM applications WHERE agency_id = $1', [staff.agency.id])).rows[0]
        .count,
    );

  beforeAll(async () => {
    // A database of its own: 10,000 applications and open cases of past years would weigh on other
    // tests' global walks (year end, stuck cases, calendar propagation).
    db = await ownDatabase('legacy_import');
    stack = await startStack({ databaseUrl: db.databaseUrl });
    staff = await createAgencyWithStaff(stack.api, '历史数据导入测试机关', { databaseUrl: db.databaseUrl });
    admin = staff.as.admin;
    pg = new PgClient({ connectionString: db.databaseUrl });
    await pg.connect();
  }, 180_000);

  afterAll(async () => {
    await pg?.end();
    await stack?.stop();
    await db?.drop();
  });

  it('answers every problem of a 10,000-row file by row and column, and imports nothing', async () => {
    const bad = rows.map(cells);
    bad[100][4] = '查无此结果';
    bad[200][3] = `${THIS_YEAR + 1}-01-05`;
    bad[300][5] = addDays(rows[300].receivedOn, -1);
    bad[400][0] = rows[0].caseNumber;
    bad[500][1] = '外国人';
    bad[600][2] = '';
    const res = await upload(admin, await xlsxOf(bad), XLSX, '历史数据（有误）.xlsx');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.problems.map((p: { row: number; column: string }) => [p.row, p.column])).toEqual([
      [102, '办理结果'],
      [202, '收到申请日期'],
      [302, '办结日期'],
      [402, '案件编号'],
      [502, '申请人类型'],
      [602, '申请渠道'],
    ]);
    expect(res.body.problems[3].message).toBe(`案件编号“${rows[0].caseNumber}”与第2行重复`);
    expect(res.body.problems[5].message).toBe('必填项为空');
    expect(await applicationCount()).toBe(0);
    const job = (await admin.get(`/imports/${res.body.jobId}`)).body;
    expect(job.status).toBe('rejected');
    expect(job.problems).toHaveLength(6);
  });

  it('imports the corrected file once, its concluded rows as recorded history, and 10,000 rows in under 2 minutes', async () => {
    const file = await xlsxOf(rows.map(cells));
    const started = Date.now();
    const res = await upload(admin, file, XLSX, '历史数据.xlsx');
    expect(res.status).toBe(202);
    const job = await eventually(
      'the import job to finish',
      async () => {
        const j = (await admin.get(`/imports/${res.body.id}`)).body;
        return j.status === 'done' ? j : null;
      },
      120_000,
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `legacy import: 10,000 rows in ${seconds.toFixed(1)} s (${Math.round(10_000 / seconds)} rows/s)`,
    );
    expect(seconds).toBeLessThan(120);
    expect(job).toMatchObject({ total: 10_000, done: 10_000, imported: 10_000, open: 5, concluded: 9_995 });
    expect(await applicationCount()).toBe(10_000);
    // The agency's case-number counters moved past the imported numbers: a registration cannot collide.
    const { rows: counters } = await pg.query(
      'SELECT year, last_number FROM case_number_counters WHERE agency_id = $1 ORDER BY year',
      [staff.agency.id],
    );
    expect(counters).toEqual([
      { year: YEARS[0], last_number: 9_999 },
      { year: YEARS[1], last_number: 10_000 },
    ]);

    const again = await upload(admin, file, XLSX, '历史数据（再次上传）.xlsx');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: res.body.id, duplicate: true });
    expect(await applicationCount()).toBe(10_000);

    // A concluded row: its history is the receipt and the imported conclusion, shown as 导入.
    const { rows: found } = await pg.query(
      'SELECT id FROM applications WHERE agency_id = $1 AND case_number = $2',
      [staff.agency.id, rows[0].caseNumber],
    );
    const detail = (await admin.get(`/applications/${found[0].id}`)).body;
    expect(detail.source).toBe('import');
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(['registered', 'imported']);
    expect(detail.events[0].typeLabel).toContain('导入');
    expect(detail.events[1].typeLabel).toContain('导入');
    expect(detail.concludedOn).toBe(rows[0].concludedOn);
  }, 180_000);

  it('imports a CSV file (quotes, BOM); a case number already imported is a problem', async () => {
    const clash = await upload(admin, csvOf([cells({ ...rows[5] })]), 'text/csv', 'clash.csv');
    expect(clash.status).toBe(422);
    expect(clash.body.problems).toEqual([
      {
        row: 2,
        column: '案件编号',
        message: `案件编号“${rows[5].caseNumber}”在本机关已存在（已登记或已导入）`,
      },
    ]);
    const res = await upload(admin, csvOf(csvRows.map(cells)), 'text/csv', '补充.csv');
    expect(res.status).toBe(202);
    await eventually(
      'the CSV import',
      async () => (await admin.get(`/imports/${res.body.id}`)).body.status === 'done',
    );
    const { rows: found } = await pg.query(
      'SELECT applicant_name, applicant_type FROM applications WHERE agency_id = $1 AND case_number = $2',
      [staff.agency.id, 'CSV-1'],
    );
    expect(found[0].applicant_name).toBe('张三, "老张"');
  });

  it('reports the imported years exactly as the files count them', async () => {
    const all = [...rows, ...csvRows];
    for (const year of YEARS) {
      const report = (await admin.get(`/reports/${year}`)).body;
      const expected = expectedTable3(all, year);
      expect(expected.new_this_year[APPLICANT_TYPES.length]).toBeGreaterThan(4000);
      for (const [key, values] of Object.entries(report.table3 as Record<string, number[]>)) {
        expect([key, values]).toEqual([
          key,
          expected[key] ?? Array<number>(APPLICANT_TYPES.length + 1).fill(0),
        ]);
      }
    }
    // The facts written by the import are those the facts fold makes of the recorded events.
    await eventually(
      'the open rows’ workflows to record their registrations',
      async () => (await pg.query('SELECT 1 FROM applications WHERE version = 0')).rows.length === 0,
    );
    const facts = `SELECT application_id, applicant_type, received_on::text, outcome, concluded_on::text, due_on,
                          on_time, working_days_taken, last_seq
                     FROM application_facts ORDER BY application_id`;
    const written = (await pg.query(facts)).rows;
    await pg.query('DELETE FROM application_facts');
    await backfillApplicationFacts((sql, parameters) => pg.query(sql, parameters).then((r) => r.rows));
    expect((await pg.query(facts)).rows).toEqual(written);
  });

  it('runs an open row as a live workflow with its reply deadline counted from its real receipt date', async () => {
    const open = rows.find((r) => r.outcome === null && yearOf(r.receivedOn) === THIS_YEAR - 1)!;
    for (const caseNumber of [open.caseNumber, 'CSV-3']) {
      const receivedOn = caseNumber === 'CSV-3' ? csvRows[2].receivedOn : open.receivedOn;
      const { rows: found } = await pg.query(
        'SELECT id FROM applications WHERE agency_id = $1 AND case_number = $2',
        [staff.agency.id, caseNumber],
      );
      const app = await eventually('the open row’s workflow to record its registration', async () => {
        const a = (await admin.get(`/applications/${found[0].id}`)).body;
        return a.version >= 1 ? a : null;
      });
      expect(app.source).toBe('import');
      expect(app.receivedOn).toBe(receivedOn);
      expect(app.replyDueOn).toBe(BUILT_IN_CALENDAR.addWorkingDays(receivedOn, 20).due);
      const deadlines = (await admin.get(`/applications/${found[0].id}/deadlines`)).body;
      expect(deadlines.reply.due).toBe(BUILT_IN_CALENDAR.addWorkingDays(receivedOn, 20).due);
    }
  });

  it('continues an open row from its state: supplement awaited or received, consultation, extension', async () => {
    const cal = BUILT_IN_CALENDAR;
    const back = (n: number) => cal.workingDayBefore(today, n);
    const header = [
      '案件编号',
      '申请人类型',
      '申请渠道',
      '收到申请日期',
      '办理状态',
      '告知补正日期',
      '收到补正日期',
      '征求意见日期',
      '延期日期',
    ];
    // [case, received, state, supplement requested, supplement received, consultation sent, extension]
    const cases: string[][] = [
      ['ST-REG', back(3), '已登记', '', '', '', ''],
      ['ST-UR', back(3), '办理中', '', '', '', ''],
      ['ST-SUP', back(5), '待补正', back(3), '', '', ''],
      ['ST-RESTART', back(12), '办理中', back(10), back(4), '', ''],
      ['ST-CONS', back(6), '征求意见中', '', '', back(2), ''],
      ['ST-EXT', back(15), '已延期', '', '', '', back(1)],
    ];
    const csv = (rows: string[][]) =>
      Buffer.from([header, ...rows].map((r) => r.map((c) => `${c}`).join(',')).join('\r\n'), 'utf8');
    const withType = (rows: string[][]) =>
      rows.map(([c, r, ...rest]) => [c, '自然人', '电子邮件', r, ...rest]);

    // A state the rules refuse: the supplement asked for 10 working days after the receipt (Art. 30: 7).
    const refused = await upload(
      admin,
      csv(withType([...cases, ['ST-LATE', back(12), '待补正', back(2), '', '', '']])),
      'text/csv',
      '在办案件（有误）.csv',
    );
    expect(refused.status).toBe(422);
    expect(refused.body.problems).toEqual([
      { row: 8, column: '告知补正日期', message: expect.stringContaining('第三十条') },
    ]);

    const res = await upload(admin, csv(withType(cases)), 'text/csv', '在办案件.csv');
    expect(res.status).toBe(202);
    const byCase = new Map<string, any>();
    const stepsOf: Record<string, number> = { 'ST-REG': 1, 'ST-UR': 2, 'ST-RESTART': 4 };
    for (const [caseNumber] of cases) {
      const app = await eventually(`${caseNumber}'s workflow to take its steps again`, async () => {
        const { rows: found } = await pg.query(
          'SELECT id FROM applications WHERE agency_id = $1 AND case_number = $2',
          [staff.agency.id, caseNumber],
        );
        if (!found.length) return null;
        const a = (await admin.get(`/applications/${found[0].id}`)).body;
        return a.version >= (stepsOf[caseNumber] ?? 3) ? a : null;
      });
      byCase.set(caseNumber, app);
    }
    const app = (c: string) => byCase.get(c);
    expect(app('ST-REG')).toMatchObject({
      status: 'registered',
      replyDueOn: cal.addWorkingDays(back(3), 20).due,
    });
    expect(app('ST-UR')).toMatchObject({
      status: 'under_review',
      replyDueOn: cal.addWorkingDays(back(3), 20).due,
    });
    // Waiting for the supplement: no reply clock; the supplement period runs from the notice.
    expect(app('ST-SUP')).toMatchObject({
      status: 'supplement_requested',
      replyDueOn: null,
      supplementDueOn: cal.addWorkingDays(back(3), 15).due,
    });
    // Supplemented: the clock restarted on the day the supplement arrived.
    expect(app('ST-RESTART')).toMatchObject({
      status: 'under_review',
      clockStartedOn: back(4),
      replyDueOn: cal.addWorkingDays(back(4), 20).due,
    });
    // Consulting: the clock pauses from the day the request went out.
    expect(app('ST-CONS')).toMatchObject({ status: 'under_review', paused: true });
    // Extended: 20 more working days.
    expect(app('ST-EXT')).toMatchObject({
      status: 'under_review',
      replyDueOn: cal.addWorkingDays(back(15), 40).due,
    });

    // The steps show as imported in the timeline, by the importing admin, and make no new notices.
    const ext = app('ST-EXT');
    expect(ext.events.map((e: any) => [e.type, e.typeLabel.startsWith('导入：')])).toEqual([
      ['registered', true],
      ['accepted', true],
      ['extension_approved', true],
    ]);
    expect(ext.events[2]).toMatchObject({
      businessDate: back(1),
      payload: { imported: true, workingDays: 20 },
    });
    expect(app('ST-SUP').events[2]).toMatchObject({ type: 'supplement_requested', businessDate: back(3) });
    for (const c of ['ST-SUP', 'ST-RESTART', 'ST-CONS', 'ST-EXT']) expect(app(c).notices).toEqual([]);
  });

  it('resumes a job whose process died from the rows it had done (any API process, once the lease lapsed)', async () => {
    const row = (n: number) => ({
      row: n + 1,
      caseNumber: `R-${n}`,
      applicantType: 'natural_person',
      channel: 'email',
      receivedOn: `${THIS_YEAR - 1}-06-0${n}`,
      applicantName: '申请人',
      informationSought: '内容',
      conclusion: { outcome: 'disclosed', concludedOn: `${THIS_YEAR - 1}-06-2${n}` },
    });
    // As a process that died after its first batch would leave it: one row done, the lease lapsed.
    const { rows: job } = await pg.query(
      `INSERT INTO import_jobs (id, agency_id, filename, sha256, status, total, done, concluded, rows, lease_until)
       VALUES (gen_random_uuid(), $1, 'resume.xlsx', repeat('a', 64), 'running', 3, 1, 3, $2, now() - interval '1 second')
       RETURNING id`,
      [staff.agency.id, JSON.stringify([row(1), row(2), row(3)])],
    );
    const done = await eventually(
      'the sweep to resume the job',
      async () => {
        const j = (await admin.get(`/imports/${job[0].id}`)).body;
        return j.status === 'done' ? j : null;
      },
      60_000,
    );
    expect(done).toMatchObject({ done: 3, imported: 2 });
    const { rows: found } = await pg.query(
      `SELECT case_number FROM applications WHERE agency_id = $1 AND case_number LIKE 'R-%' ORDER BY 1`,
      [staff.agency.id],
    );
    expect(found.map((r: { case_number: string }) => r.case_number)).toEqual(['R-2', 'R-3']);
  }, 90_000);
});
