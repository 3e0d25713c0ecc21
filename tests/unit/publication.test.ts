/** Placeholders in the narrative sections, the publication checks, the differences and the roll-up sum. */
import seed from '../fixtures/seed-2024-tables.json';
import type { Table2 } from '../../libs/domain/proactive-disclosure';
import {
  type CheckedReport,
  type ReportTables,
  blockingFailures,
  compareReports,
  emptyTables,
  publicationChecks,
  sumReports,
} from '../../libs/domain/publication';
import { type CrossCheck, TABLE3_ROWS, type Table3 } from '../../libs/domain/report';
import {
  PLACEHOLDERS,
  literalNumberWarnings,
  placeholderProblems,
  placeholdersIn,
  renderSections,
  renderText,
  sectionProblems,
} from '../../libs/domain/report-text';
import type { Table4 } from '../../libs/domain/review-cases';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const seedTables = (): ReportTables => ({
  table3: clone(seed.table3) as Table3,
  table2: clone(seed.table2) as Table2,
  table4: clone(seed.table4) as Table4,
});
const figures = (t: ReportTables = seedTables()) => ({
  year: 2024,
  ...t,
  timeliness: { decided: 13, onTime: 12, late: 1, medianWorkingDays: 15 },
});
const table2Checks = (ok = true): CrossCheck[] => [
  { key: 'table2.in_force.normative_documents', description: '', ok: true, failures: [] },
  {
    key: 'table2.figures_entered',
    description: '',
    ok,
    failures: ok ? [] : ['未录入行政许可（本年处理决定数量）'],
  },
];
const report = (t: ReportTables = seedTables(), ok = true): CheckedReport => ({
  year: 2024,
  ...t,
  checks: table2Checks(ok),
});

describe('placeholders', () => {
  it('fill the seed year from the tables: the text says 16 where table 三 says 16', () => {
    const template = '共新收申请{{本年新收申请数}}件，办结{{本年办结数}}件，结转{{结转下年度数}}件。';
    expect(renderText(template, figures())).toBe('共新收申请16件，办结14件，结转2件。');
    // Whatever the figures, the rendered number is table 三's total of new applications.
    for (const n of [0, 1, 21, 16, 999]) {
      const t = seedTables();
      t.table3.new_this_year = [n, 0, 0, 0, 0, 0, n];
      expect(renderText('{{本年新收申请数}}', figures(t))).toBe(String(t.table3.new_this_year[6]));
    }
  });

  it('every named placeholder reads a figure of the report, and the generic forms read any cell', () => {
    for (const p of PLACEHOLDERS) {
      expect(placeholderProblems(`{{${p.name}}}`)).toEqual([]);
      expect(renderText(`{{${p.name}}}`, figures())).toMatch(/^\d+(\.\d+)?$/);
    }
    const f = figures();
    expect(renderText('{{予以公开数}}/{{不予公开数}}/{{其他处理数}}/{{按时办结数}}', f)).toBe('9/2/2/12');
    expect(renderText('{{行政复议总数}} {{行政复议维持数}} {{行政复议尚未审结数}}', f)).toBe('5 3 1');
    expect(renderText('{{行政规范性文件制发数}} {{现行有效行政规范性文件数}}', f)).toBe('5 4');
    expect(renderText('{{表三.disclosed.natural_person}} {{ 表三.carried_to_next_year.total }}', f)).toBe(
      '9 2',
    );
    expect(renderText('{{表四.reconsideration.upheld}} {{表二.normative_documents.repealed}}', f)).toBe(
      '3 3',
    );
    expect(renderText('{{表二.administrative_fees_wan_yuan}}', f)).toBe(
      String(seed.table2.administrative_fees_wan_yuan),
    );
    expect(placeholdersIn('{{a}} x {{ b }}')).toEqual(['a', 'b']);
  });

  it('an unknown placeholder or open braces are problems, named per section', () => {
    expect(placeholderProblems('{{本年收到申请数}}')).toEqual([
      expect.stringContaining('{{本年收到申请数}}'),
    ]);
    expect(placeholderProblems('{{表三.disclosed.nobody}}')).toHaveLength(1);
    expect(placeholderProblems('共{{本年新收申请数件')).toHaveLength(1);
    expect(placeholderProblems('no placeholders at all')).toEqual([]);
    expect(sectionProblems({ overview: '{{x}}', problems: 'ok', other_matters: 3 })).toEqual([
      { field: 'sections.overview', reason: expect.stringContaining('{{x}}') },
      { field: 'sections.other_matters', reason: 'sections.other_matters must be text' },
    ]);
    expect(sectionProblems({ problems: 'bad\u0000' })[0].field).toBe('sections.problems');
    expect(sectionProblems({})).toEqual([]);
  });

  it('renders the three sections and warns about figures typed by hand', () => {
    const templates = { overview: '新收{{本年新收申请数}}件', problems: '收到21件申请', other_matters: '' };
    expect(renderSections(templates, figures())).toEqual({
      overview: '新收16件',
      problems: '收到21件申请',
      other_matters: '',
    });
    expect(literalNumberWarnings(templates)).toEqual([
      { section: 'problems', text: '21件', warning: expect.stringContaining('占位符') },
    ]);
  });
});

describe('publication checks', () => {
  it('hold for the seed year, each blocking, with the chain against last year', () => {
    const previous = { published: true as const, version: 1, table3: emptyTables().table3 };
    const checks = publicationChecks(report(), previous);
    expect(checks.map((c) => c.key)).toEqual([
      'balance',
      'concluded_total',
      'total_column',
      'table2.in_force.normative_documents',
      'table2.figures_entered',
      'table4_total',
      'chain.carry_over',
    ]);
    expect(checks.every((c) => c.ok && c.blocking)).toBe(true);
    expect(checks[6].description).toContain('2023年已发布报告（第 1 版）');
    expect(publicationChecks(report(), null).map((c) => c.key)).not.toContain('chain.carry_over');
  });

  it('block on table 二’s figures not entered, telling staff to enter 0 with a source', () => {
    const failing = blockingFailures(publicationChecks(report(seedTables(), false), null));
    expect(failing.map((c) => c.key)).toEqual(['table2.figures_entered']);
    expect(failing[0].failures.join(' ')).toContain('录入 0 并注明来源');
  });

  it('recompute table 三’s and 四’s checks from the tables', () => {
    const t = seedTables();
    t.table3.disclosed = [10, 0, 0, 0, 0, 0, 10];
    t.table4.reconsideration = [3, 0, 1, 1, 6];
    expect(blockingFailures(publicationChecks(report(t), null)).map((c) => c.key)).toEqual([
      'concluded_total',
      'table4_total',
    ]);
  });

  it('compare this year’s carried-from with last year’s published carried-to, per column', () => {
    const t = seedTables();
    t.table3.carried_from_last_year = [2, 1, 0, 0, 0, 0, 3];
    const last = emptyTables().table3;
    last.carried_to_next_year = [2, 0, 0, 0, 0, 0, 2];
    const chain = publicationChecks(report(t), { published: false, table3: last }).find(
      (c) => c.key === 'chain.carry_over',
    )!;
    expect(chain.ok).toBe(false);
    expect(chain.failures).toEqual(['commercial_enterprise: 1 ≠ 0', 'total: 3 ≠ 2']);
    expect(chain.description).toContain('2023年尚未发布');
  });
});

describe('differences and sums', () => {
  it('list every differing figure with published, current and difference', () => {
    const current = seedTables();
    current.table3.disclosed = [8, 0, 0, 0, 0, 0, 8];
    current.table4.reconsideration = [3, 1, 1, 1, 6];
    current.table2.administrative_fees_wan_yuan = 0.3;
    const published = seedTables();
    published.table2.administrative_fees_wan_yuan = 0.1;
    expect(compareReports(published, current)).toEqual([
      {
        table: 'table2',
        row: 'administrative_fees_wan_yuan',
        column: 'value',
        published: 0.1,
        current: 0.3,
        difference: 0.2,
      },
      {
        table: 'table3',
        row: 'disclosed',
        column: 'natural_person',
        published: 9,
        current: 8,
        difference: -1,
      },
      { table: 'table3', row: 'disclosed', column: 'total', published: 9, current: 8, difference: -1 },
      {
        table: 'table4',
        row: 'reconsideration',
        column: 'corrected',
        published: 0,
        current: 1,
        difference: 1,
      },
      { table: 'table4', row: 'reconsideration', column: 'total', published: 5, current: 6, difference: 1 },
    ]);
    expect(compareReports(seedTables(), seedTables())).toEqual([]);
  });

  it('sum reports figure by figure', () => {
    const a = seedTables();
    const b = seedTables();
    b.table2.administrative_fees_wan_yuan = 0.0001;
    const sum = sumReports([a, b]);
    for (const row of TABLE3_ROWS) expect(sum.table3[row]).toEqual(a.table3[row].map((v) => 2 * v));
    expect(sum.table4.reconsideration).toEqual([6, 0, 2, 2, 10]);
    expect(sum.table2.normative_documents).toEqual({ issued: 10, repealed: 6, in_force: 8 });
    expect(sum.table2.administrative_fees_wan_yuan).toBe(a.table2.administrative_fees_wan_yuan + 0.0001);
    expect(sumReports([])).toEqual(emptyTables());
  });
});
