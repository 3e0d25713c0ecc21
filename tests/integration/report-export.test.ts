/**
 * The annual report's exports (issue 9), on the real stack: the seed's 2024 year driven through the API,
 * then its report as a print page, a Word document, a PDF (printed by Debian's Chromium) and a
 * spreadsheet — each read back and checked for the title, the six sections, the national labels and
 * the figures. Screenshots of the PDF's first pages go to test-artifacts/screenshots.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import JSZip from 'jszip';
import seed from '../fixtures/seed-2024-tables.json';
import { REPORT_SECTIONS, TABLE3_LAYOUT, reportTitle } from '../../libs/domain/report-document';
import { SHOTS, launchChromium, signIn } from '../support/browser';
import { driveSeedYear } from '../support/seed-year';
import { type AgencyStaff, type Api, createAgencyWithStaff, startApi, startStack } from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

const AGENCY = '新乡县人民政府办公室（导出测试）';
const TITLE = reportTitle(AGENCY, 2024);

/** A GET with the token, the body as bytes. */
async function download(api: Api, path: string) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    headers: api.token ? { authorization: `Bearer ${api.token}` } : {},
  });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** Labels every format must carry, across the three tables. */
const LABELS = [
  '第二十条第（一）项',
  '本年制发件数',
  '现行有效件数',
  '行政规范性文件',
  '第二十条第（八）项',
  '本年收费金额（单位：万元）',
  '申请人情况',
  '法人或其他组织',
  '本年新收政府信息公开申请数量',
  '三、本年度办理结果',
  '结转下年度继续办理',
  '行政复议',
  '行政诉讼',
  '未经复议直接起诉',
  '复议后起诉',
  '尚未审结',
];

const labelOf = (key: string) => TABLE3_LAYOUT.find((r) => r.key === key)!.label;

describe('the annual report exported as print page, Word, PDF and spreadsheet', () => {
  let stack: Stack;
  let api: Api;
  let agencyId: string;
  let work: string;
  let staff: AgencyStaff;

  beforeAll(async () => {
    stack = await startStack();
    staff = await createAgencyWithStaff(stack.api, AGENCY);
    agencyId = staff.agency.id;
    api = staff.api;
    await driveSeedYear(staff);
    work = mkdtempSync(join(tmpdir(), 'ogi-export-'));
  });

  afterAll(async () => {
    await stack?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('writes a Word document with the title, the six sections, the national labels and the figures', async () => {
    const res = await download(api, `/reports/2024/document.docx?agencyId=${agencyId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="ogi-report-2024\.docx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe(`${TITLE}（草稿）.docx`);

    const zip = await JSZip.loadAsync(res.body);
    const xml = await zip.file('word/document.xml')!.async('string');
    const texts = (part: string) => [...part.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]);
    const all = texts(xml).join('');
    expect(all).toContain(TITLE);
    for (const s of REPORT_SECTIONS) expect(all).toContain(s.heading);
    for (const label of LABELS) expect(all).toContain(label);
    // Each table row's cells, in order: the labels and figures stand side by side as in the national form.
    const rows = xml.split('</w:tr>').map((row) =>
      row
        .split('</w:tc>')
        .map((cell) => texts(cell).join(''))
        .filter((t, i, a) => t !== '' || i < a.length - 1)
        .join('|'),
    );
    const t3 = seed.table3 as Record<string, number[]>;
    expect(rows).toContainEqual(
      expect.stringMatching(new RegExp(`${labelOf('new_this_year')}\\|${t3.new_this_year.join('\\|')}$`)),
    );
    expect(rows).toContainEqual(
      expect.stringMatching(
        new RegExp(`${labelOf('carried_to_next_year')}\\|${t3.carried_to_next_year.join('\\|')}$`),
      ),
    );
    expect(rows).toContainEqual(expect.stringMatching(/行政规范性文件\|5\|3\|4$/));
    expect(rows).toContainEqual(
      [
        ...seed.table4.reconsideration,
        ...seed.table4.litigation_direct,
        ...seed.table4.litigation_after_reconsideration,
      ].join('|'),
    );
    // Merged heading cells, and the Chinese fonts set as East Asian fonts of the runs.
    expect(xml).toMatch(/<w:gridSpan w:val="7"\/>/);
    expect(xml).toMatch(/<w:vMerge w:val="restart"\/>/);
    expect(xml).toContain('w:eastAsia="宋体"');
    expect(xml).toContain('w:eastAsia="黑体"');
  });

  it('prints a PDF whose text carries the labels and figures, with the CJK fonts embedded', async () => {
    const res = await download(api, `/reports/2024/document.pdf?agencyId=${agencyId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = join(work, 'report.pdf');
    writeFileSync(file, res.body);

    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(TITLE);
    for (const s of REPORT_SECTIONS) expect(flat).toContain(s.heading);
    // Table 四's result headings stand in narrow columns, broken over lines as in the published PDFs.
    const narrow = ['三、本年度办理结果', '尚未审结'];
    for (const label of LABELS.filter((l) => !narrow.includes(l))) expect(flat).toContain(label);
    expect(text).toMatch(/三、\s+.*\n.*本年/);
    const t3 = seed.table3 as Record<string, number[]>;
    expect(text).toMatch(
      new RegExp(`${labelOf('new_this_year')}\\s+${t3.new_this_year.join('\\s+')}\\s*$`, 'm'),
    );
    expect(text).toMatch(
      new RegExp(`${labelOf('carried_to_next_year')}\\s+${t3.carried_to_next_year.join('\\s+')}\\s*$`, 'm'),
    );
    expect(text).toMatch(/行政规范性文件\s+5\s+3\s+4\s*$/m);
    expect(text).toMatch(/尚未\s+.*\n.*审结/);
    const t4 = [
      ...seed.table4.reconsideration,
      ...seed.table4.litigation_direct,
      ...seed.table4.litigation_after_reconsideration,
    ];
    expect(text).toMatch(new RegExp(`^\\s*${t4.join('\\s+')}\\s*$`, 'm'));
    expect(text).toContain('草稿');

    // Every font is embedded (Chromium embeds the CFF-outline Noto CJK faces as subsetted Type 3 fonts),
    // and the embedded faces are Noto CJK.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/);
    const raw = res.body.toString('latin1');
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSerifCJKsc-Regular/);
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJKsc-Bold/);

    // The first pages as images, for a person to look at.
    mkdirSync(SHOTS, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', file, join(SHOTS, '10-report-pdf')]);
    for (const page of [1, 2])
      expect(readFileSync(join(SHOTS, `10-report-pdf-${page}.png`)).length).toBeGreaterThan(1000);
  });

  it('writes a spreadsheet with the three tables, their labels and figures', async () => {
    const res = await download(api, `/reports/2024/document.xlsx?agencyId=${agencyId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const book = new Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['说明', '表二', '表三', '表四']);
    const values = (name: string) =>
      Array.from(book.getWorksheet(name)!.getSheetValues(), (row) =>
        Array.isArray(row) ? row.slice(1) : [],
      );
    const about = values('说明');
    expect(about).toContainEqual(['标题', TITLE]);
    expect(about).toContainEqual(['状态', '草稿']);
    const rowOf = (name: string, label: string) => values(name).find((r) => r.includes(label));
    const t3 = seed.table3 as Record<string, number[]>;
    const newRow = rowOf('表三', labelOf('new_this_year'))!;
    expect(newRow.slice(-7)).toEqual(t3.new_this_year);
    expect(rowOf('表三', labelOf('withheld.third_party_rights'))!.slice(-7)).toEqual(
      t3['withheld.third_party_rights'],
    );
    expect(rowOf('表三', labelOf('carried_to_next_year'))!.slice(-7)).toEqual(t3.carried_to_next_year);
    expect(rowOf('表二', '行政规范性文件')!.slice(-3)).toEqual([5, 3, 4]);
    const sheet4 = values('表四');
    expect(sheet4.flat()).toEqual(
      expect.arrayContaining(['行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉']),
    );
    expect(sheet4[sheet4.length - 1]).toEqual([
      ...seed.table4.reconsideration,
      ...seed.table4.litigation_direct,
      ...seed.table4.litigation_after_reconsideration,
    ]);
    // 申请人情况 spans the seven columns of figures; the title row spans the sheet.
    expect(book.getWorksheet('表三')!.getCell('D2').isMerged).toBe(true);
    expect(book.getWorksheet('表三')!.getCell('J2').master.address).toBe('D2');
  });

  it('serves a print page with the labels, merged heading cells and no scripts, every text escaped', async () => {
    const res = await download(api, `/reports/2024/document.html?agencyId=${agencyId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = res.body.toString('utf8');
    expect(html).toContain(`<h1>${TITLE}</h1>`);
    for (const s of REPORT_SECTIONS) expect(html).toContain(`<h2>${s.heading}</h2>`);
    for (const label of LABELS) expect(html).toContain(label);
    expect(html).toContain('<th colspan="7">申请人情况</th>');
    expect(html).toMatch(/<td rowspan="\d+" class="c">三、本年度办理结果<\/td>/);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('font-family: "Noto Serif CJK SC"');
    expect(html).toContain('font-family: "Noto Sans CJK SC"');
    expect(html).toContain('草稿');
    expect(html).not.toMatch(/<script/i);

    const hostile = await createAgencyWithStaff(stack.api, '某局<script>alert("x")</script>&<b>');
    const escaped = await download(hostile.api, '/reports/2024/document.html');
    expect(escaped.status).toBe(200);
    const page = escaped.body.toString('utf8');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain('<b>');
    expect(page).toContain(
      '某局&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;b&gt;2024年政府信息公开工作年度报告',
    );
  });

  it('answers 400 naming the field for a bad year, agencyId or includeSubAgencies, and 401 without a token', async () => {
    const field = async (path: string) => {
      const res = await api.get(path);
      expect(res.status).toBe(400);
      return (res.body.errors as Array<{ field: string }>).map((e) => e.field);
    };
    expect(await field('/reports/20x4/document.pdf')).toEqual(['year']);
    expect(await field('/reports/1999/document.docx')).toEqual(['year']);
    expect(await field('/reports/2024/document.xlsx?agencyId=not-a-uuid')).toEqual(['agencyId']);
    expect(await field('/reports/2024/document.html?includeSubAgencies=yes')).toEqual(['includeSubAgencies']);
    // An agency the user may not see is named as such, not shown.
    const other = await createAgencyWithStaff(stack.api, '另一机关');
    expect(await field(`/reports/2024/document.docx?agencyId=${other.agency.id}`)).toEqual(['agencyId']);
    for (const ext of ['html', 'docx', 'pdf', 'xlsx']) {
      expect((await api.withToken(null).get(`/reports/2024/document.${ext}`)).status).toBe(401);
    }
  });

  it('answers 503 with a clear message for the PDF when Chromium is missing, the other formats still served', async () => {
    const { api: bare, process: p } = await startApi(stack.taskQueue, {
      env: { OGI_CHROMIUM: '/nonexistent/chromium' },
    });
    try {
      const signedIn = bare.withToken(api.token);
      const pdf = await signedIn.get(`/reports/2024/document.pdf?agencyId=${agencyId}`);
      expect(pdf.status).toBe(503);
      expect(pdf.body.code).toBe('pdf_unavailable');
      expect(pdf.body.message).toMatch(/Chromium/);
      expect((await download(signedIn, `/reports/2024/document.docx?agencyId=${agencyId}`)).status).toBe(200);
    } finally {
      await p.stop(5000);
    }
  });

  it('offers the print page and the three downloads on the console’s report page', async () => {
    const browser = await launchChromium();
    try {
      const page = await signIn(browser, stack.api, staff, 'reviewer', { acceptDownloads: true });
      await page.click('a:has-text("年度报告")');
      await page.waitForSelector('#report-exports');
      await page.fill('input[name=year]', '2024');
      await page.click('button:has-text("查看")');
      await page.waitForSelector('h1:has-text("2024 年")');
      for (const [button, ext] of [
        ['下载 Word', 'docx'],
        ['下载 PDF', 'pdf'],
        ['下载 Excel', 'xlsx'],
      ]) {
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          page.click(`button:has-text("${button}")`),
        ]);
        expect(file.suggestedFilename()).toBe(`${TITLE}（草稿）.${ext}`);
        const saved = join(work, `console.${ext}`);
        await file.saveAs(saved);
        expect(readFileSync(saved).subarray(0, 2).toString('latin1')).toBe(ext === 'pdf' ? '%P' : 'PK');
      }
      const [popup] = await Promise.all([
        page.waitForEvent('popup'),
        page.click('button:has-text("打印版")'),
      ]);
      await popup.waitForSelector('h1');
      expect(await popup.textContent('h1')).toBe(TITLE);
      expect(await popup.locator('table').count()).toBe(3);
      await popup.screenshot({ path: join(SHOTS, '10-report-print.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
