import { isCode } from '../form-values';
import type { NarrativeSectionsDto, Table3Dto } from '../api-types';
import { dataTable, errorText, field, h, input } from '../dom';
import { type FilePath, downloadFile, openFile } from '../files';
import { layout } from '../layout';
import { table2View, table4View } from '../report-tables';
import { call, labelIn, reference, session } from '../session';

export let reportYear = new Date().getFullYear();

// ---------- issue 9: writing, checking and publishing the annual report (发布、更正) ----------

/** Sections 一, 五, 六: the parts of the report written by hand. */
export type SectionKey = keyof NarrativeSectionsDto;
/** The hand-written sections with their headings (the reference's reportSections). */
function sectionFields(): Array<[SectionKey, string]> {
  const keys: Record<SectionKey, true> = { overview: true, problems: true, other_matters: true };
  return reference().reportSections.flatMap((s): Array<[SectionKey, string]> =>
    isCode(s.code, keys) ? [[s.code, s.label]] : [],
  );
}

/** Whether `row` (a code of the reference's table3Rows) is a row of table 三. */
function isTable3Row(table3: Table3Dto, row: string): row is keyof Table3Dto {
  return Object.hasOwn(table3, row);
}

/** Sections 一, 五, 六 with their placeholders, the server's preview, the checks, publishing and restating. */
export async function publicationSection(year: number): Promise<HTMLElement> {
  const p = await call('GET /api/annual-reports/{year}', { params: { year: String(year) }, query: {} });
  const roles = session.me?.roles ?? [];
  const mayPublish = roles.includes('reviewer') || roles.includes('admin');
  const message = h('p', { className: 'hint', id: 'publication-message' });
  const fail = (err: unknown) => (message.textContent = errorText(err));
  let focused: HTMLTextAreaElement | null = null;
  const textArea = (key: SectionKey): HTMLTextAreaElement => {
    const area = h('textarea', {
      name: key,
      id: `f-${key}`,
      rows: 6,
      style: 'width:100%',
    }) as HTMLTextAreaElement;
    area.value = p.templates[key] ?? '';
    area.addEventListener('focus', () => (focused = area));
    return area;
  };
  const areas: Record<SectionKey, HTMLTextAreaElement> = {
    overview: textArea('overview'),
    problems: textArea('problems'),
    other_matters: textArea('other_matters'),
  };
  const insert = (name: string) => {
    const area = focused ?? areas.overview;
    const at = area.selectionStart ?? area.value.length;
    area.value = `${area.value.slice(0, at)}{{${name}}}${area.value.slice(area.selectionEnd ?? at)}`;
    area.focus();
  };
  const save = async () => {
    try {
      await call('PUT /api/annual-reports/{year}/sections', {
        params: { year: String(year) },
        body: {
          sections: {
            overview: areas.overview.value,
            problems: areas.problems.value,
            other_matters: areas.other_matters.value,
          },
        },
      });
      await reportPage();
    } catch (err) {
      fail(err);
    }
  };
  const publish = async () => {
    try {
      await call('POST /api/annual-reports/{year}/publish', { params: { year: String(year) }, body: {} });
      await reportPage();
    } catch (err) {
      fail(err);
    }
  };
  const reason = input('restate-reason', { placeholder: '更正原因（必填）', style: 'width:60%' });
  const restate = async () => {
    try {
      await call('POST /api/annual-reports/{year}/restate', {
        params: { year: String(year) },
        body: { reason: reason.value },
      });
      await reportPage();
    } catch (err) {
      fail(err);
    }
  };
  const published = p.published;
  return h(
    'section',
    { id: 'publication' },
    published
      ? h(
          'p',
          { className: 'published', id: 'published-status' },
          `已发布（第 ${published.version} 版，${new Date(published.publishedAt).toLocaleString('zh-CN')}，${published.publishedBy}）`,
          published.reason ? `；更正原因：${published.reason}` : '',
        )
      : h('p', { className: 'muted', id: 'published-status' }, '尚未发布'),
    p.changedSincePublication
      ? h(
          'div',
          { className: 'banner warning', id: 'publication-differences' },
          h('strong', {}, '当前数据与已发布的报告不一致：'),
          dataTable(
            {},
            ['表', '行', '列', '已发布', '当前', '差额'],
            p.differences.map((d) =>
              h(
                'tr',
                {},
                h('td', {}, labelIn(reference().reportTables, d.table)),
                h('td', {}, labelIn(reference().table3Rows, d.row)),
                h('td', {}, d.column),
                h('td', { className: 'num' }, d.published),
                h('td', { className: 'num' }, d.current),
                h('td', { className: 'num' }, d.difference > 0 ? `+${d.difference}` : d.difference),
              ),
            ),
          ),
          roles.includes('admin')
            ? h('div', {}, reason, h('button', { className: 'primary', onclick: restate }, '发布更正'))
            : h('p', { className: 'hint' }, '更正须由管理员发布。'),
        )
      : null,
    h('h2', {}, '正文（可插入占位符，数字随数据自动填写）'),
    h(
      'p',
      { className: 'placeholders' },
      ...p.placeholders.map((ph) =>
        h(
          'button',
          { type: 'button', title: ph.description, onclick: () => insert(ph.name) },
          `{{${ph.name}}}`,
        ),
      ),
    ),
    ...sectionFields().map(([key, label]) => field(label, areas[key])),
    mayPublish ? h('button', { onclick: save }, '保存正文') : null,
    p.warnings.length
      ? h('ul', { className: 'warnings' }, ...p.warnings.map((w) => h('li', {}, `⚠ ${w.warning}`)))
      : null,
    h('h2', {}, '预览'),
    h('h3', {}, p.document.title),
    ...sectionFields().map(([key, label]) =>
      h(
        'div',
        { className: 'preview', 'data-section': key },
        h('h4', {}, label),
        h('p', { style: 'white-space:pre-wrap' }, p.document.sections[key] || '（未填写）'),
      ),
    ),
    h('h2', {}, '发布前检查'),
    h(
      'ul',
      { id: 'publication-checks' },
      ...p.checks.map((c) =>
        h('li', {}, c.ok ? '✓ ' : '✗ ', c.description, c.ok ? '' : `：${c.failures.join('；')}`),
      ),
    ),
    mayPublish && !published
      ? h('button', { className: 'primary', onclick: publish, disabled: !p.canPublish }, '发布')
      : null,
    message,
  );
}

/** The report's exports: 打印版 opens the print page, the others download the file. */
export function reportExports(agencyName: string, year: number): HTMLElement {
  const message = h('span', { className: 'hint', id: 'report-export-message' });
  type Format = 'html' | 'docx' | 'pdf' | 'xlsx';
  const path = (ext: Format): FilePath => `/reports/${year}/document.${ext}`;
  const name = (ext: Format) => `${agencyName}${year}年政府信息公开工作年度报告（草稿）.${ext}`;
  const act = (run: () => Promise<void>) => () => {
    message.textContent = '';
    run().catch((err) => (message.textContent = errorText(err)));
  };
  return h(
    'div',
    { className: 'tabs', id: 'report-exports' },
    h('button', { onclick: act(() => openFile(path('html'))) }, '打印版'),
    h('button', { onclick: act(() => downloadFile(path('docx'), name('docx'))) }, '下载 Word'),
    h('button', { onclick: act(() => downloadFile(path('pdf'), name('pdf'))) }, '下载 PDF'),
    h('button', { onclick: act(() => downloadFile(path('xlsx'), name('xlsx'))) }, '下载 Excel'),
    message,
  );
}

export async function reportPage(): Promise<void> {
  const r = await call('GET /api/reports/{year}', { params: { year: String(reportYear) }, query: {} });
  const publication = await publicationSection(reportYear); // issue 9
  const yearInput = input('year', {
    type: 'number',
    value: reportYear,
    min: 2008,
    max: 2100,
    style: 'width:100px',
  });
  await layout(
    'report',
    h(
      'div',
      {},
      h('h1', {}, `${r.agency.name} ${r.year} 年政府信息公开工作年度报告`),
      h(
        'div',
        { className: 'tabs' },
        yearInput,
        h('button', { onclick: () => ((reportYear = Number(yearInput.value)), reportPage()) }, '查看'),
      ),
      // Issue 9: the report as a print page, Word, PDF and spreadsheet (the current figures, a draft).
      reportExports(r.agency.name, r.year),
      publication,
      h('h2', {}, '二、主动公开政府信息情况'),
      table2View(r),
      h('h2', {}, '三、收到和处理政府信息公开申请情况'),
      dataTable(
        { id: 'table3' },
        [
          '收到和处理政府信息公开申请情况',
          '自然人',
          '商业企业',
          '科研机构',
          '社会公益组织',
          '法律服务机构',
          '其他',
          '总计',
        ],
        reference().table3Rows.map(({ code: key, label }) =>
          h(
            'tr',
            { 'data-row': key },
            h('td', {}, label),
            ...(isTable3Row(r.table3, key) ? r.table3[key] : []).map((n) => h('td', { className: 'num' }, n)),
          ),
        ),
      ),
      h('h2', {}, '四、政府信息公开行政复议、行政诉讼情况'),
      table4View(r),
      h('h2', {}, '勾稽关系'),
      h(
        'ul',
        {},
        ...r.checks.map((c) =>
          h('li', {}, c.ok ? '✓ ' : '✗ ', c.description, c.ok ? '' : `：${c.failures.join('；')}`),
        ),
      ),
      h(
        'p',
        {},
        `按时办结 ${r.timeliness.onTime} 件，逾期办结 ${r.timeliness.late} 件，办理用时中位数 ${r.timeliness.medianWorkingDays ?? '—'} 个工作日。`,
      ),
    ),
  );
}
