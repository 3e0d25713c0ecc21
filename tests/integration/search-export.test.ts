/**
 * Search (检索) and case-list exports (导出), issue 16, through the API: applications registered as staff
 * do; Chinese words found inside longer text (2, 4 and 1 characters, with digits), in the information
 * sought and in the reply (the decision's notes), by applicant and case number, dates and status; never
 * another agency's; pages put together are the whole result, newest first. An exported list opens as a
 * spreadsheet (exceljs) and as CSV, with exactly the rows the user may see. The SQL normalization is the
 * domain's (ogi_search_norm / ogi_search_grams against libs/domain/search.ts).
 */
import { Workbook } from 'exceljs';
import { Client as PgClient } from 'pg';
import { normalizeSearchText, searchGrams } from '../../libs/domain/search';
import {
  type AgencyStaff,
  type Api,
  createAgencyWithStaff,
  registration,
  startStack,
} from '../support/stack';
import { testEnv } from '../support/env';

interface Item {
  id: string;
  caseNumber: string;
  applicantName: string;
  receivedOn: string;
  status: string;
  informationSought: string;
}
interface Page {
  items: Item[];
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
}

describe('search and exports', () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  let a: AgencyStaff;
  let b: AgencyStaff;
  const ids: Record<string, string> = {};

  const search = async (api: Api, query: Record<string, string>) => {
    const res = await api.get<Page>(`/applications/search?${new URLSearchParams(query)}`);
    if (res.status !== 200)
      throw new Error(`search ${JSON.stringify(query)} → ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const found = async (api: Api, query: Record<string, string>) =>
    (await search(api, query)).items.map((i) => i.applicantName).sort();

  const download = async (api: Api, path: string) => {
    const res = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${api.token}` } });
    const file = Buffer.from(await res.arrayBuffer());
    return { res, file };
  };
  const sheetRows = async (file: Buffer) => {
    const book = new Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const rows: string[][] = [];
    book.worksheets[0].eachRow((row) =>
      rows.push(
        (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
      ),
    );
    return rows;
  };

  beforeAll(async () => {
    stack = await startStack();
    a = await createAgencyWithStaff(stack.api, '甲县人民政府办公室');
    b = await createAgencyWithStaff(stack.api, '乙县人民政府办公室');
    const register = async (staff: AgencyStaff, key: string, fields: Record<string, unknown>) => {
      const app = await staff.api.ok('/applications', registration(fields), 201);
      ids[key] = app.id;
    };
    await register(a, 'budget', {
      applicantName: '张三',
      applicantIdNumber: '11010119900307001X',
      receivedOn: '2024-03-01',
      informationSought: '关于2023年度本县义务教育学校经费预算执行情况的信息',
    });
    await register(a, 'roads', {
      applicantName: '李四',
      receivedOn: '2024-04-01',
      informationSought: '城市道路维修工程招标投标文件',
    });
    await register(a, 'care', {
      applicantName: '王五',
      receivedOn: '2024-05-06',
      informationSought: '申请公开本区养老服务机构补贴发放明细',
    });
    // All the bigrams of 经费预算, but not the word.
    await register(a, 'scattered', {
      applicantName: '赵六',
      receivedOn: '2024-02-29',
      informationSought: '项目经费，费预估，预算表',
    });
    for (let day = 1; day <= 25; day++)
      await register(a, `page${day}`, {
        applicantName: `分页${String(day).padStart(2, '0')}`,
        receivedOn: `2024-01-${String(day).padStart(2, '0')}`,
        informationSought: `第${day}号批准文件及其附件`,
      });
    await register(b, 'other', {
      applicantName: '张三',
      applicantIdNumber: '11010119900307001X',
      receivedOn: '2024-03-01',
      informationSought: '本县义务教育学校经费预算执行情况（乙机关）',
    });
    // A reply: the decision's notes are searched too.
    await a.api.ok(`/applications/${ids.roads}/accept`);
    await a.as.handler.ok(`/applications/${ids.roads}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '《中华人民共和国政府信息公开条例》第三十六条第（二）项',
      notes: '该信息已在本县政府网站招标公告栏目发布',
    });
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('normalizes and splits text in SQL exactly as the domain does', async () => {
    const pg = new PgClient({ connectionString: testEnv().databaseUrl });
    await pg.connect();
    try {
      for (const text of ['关于２０２３年 ABC，教育经费预算（草案）!', '〇𠀀x', '  ', 'Ｘ-1 　二']) {
        const { rows } = await pg.query<{ norm: string; grams: string[] }>(
          `SELECT ogi_search_norm($1) AS norm, ogi_search_grams(ogi_search_norm($1)) AS grams`,
          [text],
        );
        expect(rows[0].norm).toBe(normalizeSearchText(text));
        expect([...new Set(rows[0].grams)].sort()).toEqual(searchGrams(normalizeSearchText(text)).sort());
      }
    } finally {
      await pg.end();
    }
  });

  it('finds Chinese words inside longer text: 2 and 4 characters, 1 character, with digits', async () => {
    expect(await found(a.api, { q: '教育' })).toEqual(['张三']);
    expect(await found(a.api, { q: '经费预算' })).toEqual(['张三']); // not 赵六: the bigrams alone are not the word
    expect(await found(a.api, { q: '养' })).toEqual(['王五']);
    expect(await found(a.api, { q: '2023年' })).toEqual(['张三']);
    expect(await found(a.api, { q: '２０２３' })).toEqual(['张三']);
    expect(await found(a.api, { q: '教育 执行' })).toEqual(['张三']);
    expect(await found(a.api, { q: '教育 道路' })).toEqual([]);
    expect(await found(a.api, { q: '不存在的词' })).toEqual([]);
  });

  it('finds words of the reply, by applicant, case number, date range and status', async () => {
    expect(await found(a.api, { q: '政府网站' })).toEqual(['李四']);
    expect(await found(a.api, { applicant: '11010119900307001x' })).toEqual(['张三']);
    expect(await found(a.api, { applicant: ' 李四 ' })).toEqual(['李四']);
    const roads = (await search(a.api, { q: '道路' })).items[0];
    expect(await found(a.api, { caseNumber: roads.caseNumber })).toEqual(['李四']);
    expect(await found(a.api, { receivedFrom: '2024-02-29', receivedTo: '2024-04-01' })).toEqual([
      '张三',
      '李四',
      '赵六',
    ]);
    expect(await found(a.api, { status: 'decision_drafted' })).toEqual(['李四']);
    expect(await found(a.api, { q: '文件', status: 'decision_drafted' })).toEqual(['李四']);
    expect((await search(a.api, { q: '文件', status: 'registered' })).total).toBe(25);
  });

  it('never shows another agency’s applications', async () => {
    expect(await found(b.api, { q: '教育' })).toEqual(['张三']);
    expect((await search(b.api, { q: '教育' })).items[0].informationSought).toContain('乙机关');
    expect((await search(a.api, { q: '乙机关' })).total).toBe(0);
    expect((await search(b.api, { q: '道路' })).total).toBe(0);
    expect((await search(b.api, { applicant: '李四' })).total).toBe(0);
    expect((await search(a.api, {})).total).toBe(29);
    const other = await a.api.get(`/applications/search?agencyId=${b.agency.id}`);
    expect(other.status).toBe(404);
  });

  it('pages the result newest first; the pages together are the whole result', async () => {
    const pages: Page[] = [];
    for (let page = 1; page <= 3; page++)
      pages.push(await search(a.api, { q: '批准', pageSize: '10', page: String(page) }));
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    expect(pages.every((p) => p.total === 25 && p.totalExact)).toBe(true);
    const all = pages.flatMap((p) => p.items);
    expect(new Set(all.map((i) => i.id)).size).toBe(25);
    expect(all.map((i) => i.receivedOn)).toEqual(
      Array.from({ length: 25 }, (_, i) => `2024-01-${String(25 - i).padStart(2, '0')}`),
    );
  });

  it('refuses a query without searchable characters, naming the field', async () => {
    const res = await a.api.get(`/applications/search?q=${encodeURIComponent('，。')}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('q');
    const quote = await a.api.get(`/applications/search?applicant=${encodeURIComponent("O'Brien & | !")}`);
    expect(quote.status).toBe(200);
  });

  it('exports the search as a spreadsheet and as CSV with exactly the rows the user may see', async () => {
    const { res, file } = await download(
      a.api,
      `/applications/search/export?format=xlsx&q=${encodeURIComponent('教育')}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(file.length));
    expect(res.headers.get('x-export-rows')).toBe('1');
    const rows = await sheetRows(file);
    expect(rows[0].slice(0, 3)).toEqual(['案号', '行政机关', '申请人']);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('张三');
    expect(rows[1]).toContain('甲县人民政府办公室');

    const csv = await download(a.api, `/applications/search/export?format=csv`);
    expect(csv.res.status).toBe(200);
    expect(csv.res.headers.get('content-type')).toContain('text/csv');
    expect(csv.file.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = csv.file.toString('utf8').slice(1);
    const lines = text.trim().split('\r\n');
    expect(lines[0].startsWith('"案号","行政机关","申请人"')).toBe(true);
    expect(lines).toHaveLength(1 + 29);
    expect(text).not.toContain('乙机关');

    const filtered = await sheetRows(
      (
        await download(
          a.api,
          `/applications/search/export?format=xlsx&receivedFrom=2024-01-20&receivedTo=2024-01-22`,
        )
      ).file,
    );
    expect(filtered.slice(1).map((r) => r[2])).toEqual(['分页22', '分页21', '分页20']);

    const bad = await a.api.get('/applications/search/export?format=pdf');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('format');
  });

  it('exports the inbox and its overdue view with the inbox’s filters and order', async () => {
    for (const query of ['view=agency', 'view=agency&overdue=true', 'view=role&kind=accept']) {
      const list = await a.api.get<{ items: Array<{ application: { caseNumber: string } }>; total: number }>(
        `/tasks?${query}&pageSize=200`,
      );
      expect(list.status).toBe(200);
      const { res, file } = await download(a.api, `/tasks/export?format=xlsx&${query}`);
      expect(res.status).toBe(200);
      const rows = await sheetRows(file);
      expect(rows[0].slice(0, 3)).toEqual(['案号', '申请人', '待办事项']);
      expect(rows.slice(1).map((r) => r[0])).toEqual(list.body.items.map((t) => t.application.caseNumber));
      expect(rows.length - 1).toBe(list.body.total);
    }
    const bTasks = await sheetRows((await download(b.api, '/tasks/export?format=xlsx&view=agency')).file);
    expect(bTasks).toHaveLength(2);
    expect(bTasks[1][1]).toBe('张三');
    const forbidden = await a.as.registrar.get('/tasks/export?format=csv&view=agency');
    expect(forbidden.status).toBe(403);
  });
});
