import type { CreateDocumentDto, DisclosureDocumentDto, FiguresDto } from '../api-types';
import { dataTable, errorText, field, form, h, input, select, today } from '../dom';
import { choiceValue, numberValue, optionalText, text } from '../form-values';
import { layout } from '../layout';
import { table2DocumentRows } from '../report-tables';
import { call, reference, session } from '../session';

// ---------- 主动公开 (proactive disclosure, table 二; issue 8) ----------

export const DISCLOSURE_FIGURES: Array<[keyof FiguresDto, string, string]> = [
  ['licensing_decisions', '行政许可', '本年处理决定数量'],
  ['penalty_decisions', '行政处罚', '本年处理决定数量'],
  ['enforcement_decisions', '行政强制', '本年处理决定数量'],
  ['administrative_fees_wan_yuan', '行政事业性收费', '本年收费金额（万元）'],
];
/** The kinds of document the register holds (the reference's documentKinds). */
const DOCUMENT_KINDS: ReadonlyArray<CreateDocumentDto['kind']> = ['rule', 'normative_document'];
export let disclosureYear = new Date().getFullYear() - 1;
export let disclosurePageNo = 1;

/** The register of rules and normative documents, the year's figures with sources, and table 二. */
export async function disclosurePage(): Promise<void> {
  const year = disclosureYear;
  const mayWrite =
    !!session.me && (session.me.roles.includes('admin') || session.me.roles.includes('reviewer'));
  const [t2, figures, docs] = await Promise.all([
    call('GET /api/disclosure-figures/table2', { query: { year } }),
    call('GET /api/disclosure-figures', { query: { year } }),
    call('GET /api/disclosure-documents', { query: { pageSize: 20, page: disclosurePageNo } }),
  ]);
  const yearInput = input('disclosure-year', {
    type: 'number',
    value: year,
    min: 2008,
    max: 2100,
    style: 'width:100px',
  });
  const t = t2.table2;
  const table2 = dataTable(
    { id: 'table2' },
    ['第二十条第（一）项', '本年制发件数', '本年废止件数', '现行有效件数'],
    table2DocumentRows(t),
  );
  const figuresTable = dataTable(
    { id: 'table2-figures' },
    ['第二十条第（五）（六）（八）项', '', '数值', '来源'],
    DISCLOSURE_FIGURES.map(([key, label, what]) => {
      const src = t2.table2_sources[key];
      return h(
        'tr',
        { 'data-row': key },
        h('td', {}, label),
        h('td', {}, what),
        h('td', { className: 'num' }, t[key]),
        h(
          'td',
          {},
          src
            ? `${src.source}（${src.recordedBy} 录入）`
            : h('span', { className: 'due-soon' }, '未录入，按 0 计'),
        ),
      );
    }),
  );
  const figuresForm = mayWrite
    ? form(
        DISCLOSURE_FIGURES.flatMap(([key, label, what]) => {
          const f = figures.figures[key];
          return [
            field(
              `${label}：${what}`,
              input(`${key}.value`, {
                type: 'number',
                min: 0,
                step: key === 'administrative_fees_wan_yuan' ? '0.0001' : '1',
                value: f ? f.value : '',
              }),
            ),
            field(
              `${label} 来源`,
              input(`${key}.source`, { value: f ? f.source : '' }),
              '如：省政务服务平台导出 2025-01-05',
            ),
          ];
        }),
        `保存 ${year} 年数据`,
        async (data) => {
          const figures: FiguresDto = {};
          for (const [key] of DISCLOSURE_FIGURES) {
            const value = numberValue(data, `${key}.value`);
            const source = optionalText(data, `${key}.source`);
            if (value === undefined && source === undefined) continue;
            // A source without its figure goes as value null (NaN in JSON): the API names the field.
            figures[key] = { value: value ?? Number.NaN, source: source ?? '' };
          }
          await call('PUT /api/disclosure-figures/{year}', {
            params: { year: String(year) },
            body: { figures },
          });
          await disclosurePage();
        },
      )
    : null;
  const kindSelect = select('kind', reference().documentKinds);
  // 行政规范性文件 is chosen at first: most documents registered are, as before the code lists came from the server.
  kindSelect.value = 'normative_document' satisfies CreateDocumentDto['kind'];
  const addForm = mayWrite
    ? form(
        [
          field('类别', kindSelect),
          field('标题', input('title')),
          field('文号', input('documentNumber'), '可不填'),
          field('印发日期', input('issuedOn', { type: 'date', max: today() })),
        ],
        '登记文件',
        async (data) => {
          const kind = choiceValue(data, 'kind', DOCUMENT_KINDS);
          if (!kind) throw new Error('请选择类别');
          await call('POST /api/disclosure-documents', {
            body: {
              kind,
              title: text(data, 'title'),
              documentNumber: optionalText(data, 'documentNumber'),
              issuedOn: text(data, 'issuedOn'),
            },
          });
          disclosurePageNo = 1;
          await disclosurePage();
        },
      )
    : null;
  const repealCell = (d: DisclosureDocumentDto): HTMLElement => {
    if (d.repealedOn) return h('td', {}, `${d.repealedOn} 废止${d.repealNote ? `（${d.repealNote}）` : ''}`);
    if (!mayWrite) return h('td', {}, '现行有效');
    const message = h('span');
    const on = input(`repeal-${d.id}`, { type: 'date', max: today() });
    const note = input(`repeal-note-${d.id}`, { placeholder: '废止说明' });
    return h(
      'td',
      {},
      '现行有效 ',
      on,
      note,
      h(
        'button',
        {
          onclick: async () => {
            try {
              await call('POST /api/disclosure-documents/{id}/repeal', {
                params: { id: d.id },
                body: { repealedOn: on.value, ...(note.value ? { note: note.value } : {}) },
              });
              await disclosurePage();
            } catch (err) {
              message.replaceChildren(h('span', { className: 'error', role: 'alert' }, errorText(err)));
            }
          },
        },
        '废止',
      ),
      message,
    );
  };
  const pages = Math.max(1, Math.ceil(docs.total / docs.pageSize));
  await layout(
    'disclosure',
    h(
      'div',
      {},
      h('h1', {}, `主动公开政府信息情况 · ${year} 年（表二）`),
      h(
        'div',
        { className: 'tabs' },
        yearInput,
        h(
          'button',
          { onclick: () => ((disclosureYear = Number(yearInput.value)), disclosurePage()) },
          '查看',
        ),
      ),
      table2,
      figuresTable,
      h('h2', {}, '勾稽关系'),
      h(
        'ul',
        {},
        ...t2.checks.map((c) =>
          h('li', {}, c.ok ? '✓ ' : '✗ ', c.description, c.ok ? '' : `：${c.failures.join('；')}`),
        ),
      ),
      figuresForm
        ? h('div', { className: 'card' }, h('h2', {}, `录入 ${year} 年数据（注明来源）`), figuresForm)
        : null,
      h('h2', {}, `规章和行政规范性文件登记（共 ${docs.total} 件）`),
      dataTable(
        { id: 'disclosure-documents' },
        ['类别', '标题', '文号', '印发日期', '状态'],
        docs.items.map((d) =>
          h(
            'tr',
            {},
            h('td', {}, d.kindLabel),
            h('td', {}, d.title),
            h('td', {}, d.documentNumber ?? '—'),
            h('td', {}, d.issuedOn),
            repealCell(d),
          ),
        ),
      ),
      pages > 1
        ? h(
            'div',
            { className: 'tabs' },
            h(
              'button',
              { disabled: disclosurePageNo <= 1, onclick: () => (disclosurePageNo--, disclosurePage()) },
              '上一页',
            ),
            ` 第 ${disclosurePageNo} / ${pages} 页 `,
            h(
              'button',
              { disabled: disclosurePageNo >= pages, onclick: () => (disclosurePageNo++, disclosurePage()) },
              '下一页',
            ),
          )
        : null,
      addForm ? h('div', { className: 'card' }, h('h2', {}, '登记规章或行政规范性文件'), addForm) : null,
    ),
  );
}
