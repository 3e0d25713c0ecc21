/**
 * 督办 (issue 16): the open applications whose reply deadline lapses within N working days, and those
 * overdue, by department (GET /api/supervision), for reviewers and admins.
 */
import type { SupervisionGroupDto } from '../api-types';
import { dataTable, h, input } from '../dom';
import { layout } from '../layout';
import { call } from '../session';

let withinWorkingDays = 5;

function groupTable(g: SupervisionGroupDto): HTMLElement {
  return h(
    'section',
    { 'data-department': g.departmentId ?? 'unrouted' },
    h('h2', {}, `${g.name}：逾期 ${g.overdue} 件，即将到期 ${g.dueSoon} 件`),
    dataTable(
      {},
      ['案号', '申请人', '状态', '答复期限', '剩余工作日', '科室办理期限', '承办科室'],
      g.items.map((a) =>
        h(
          'tr',
          { 'data-application': a.id, className: a.overdue ? 'overdue' : '' },
          h('td', {}, h('a', { href: `#/applications/${a.id}` }, a.caseNumber)),
          h('td', {}, a.applicantName),
          h('td', {}, a.statusLabel, a.paused ? h('span', { className: 'muted' }, '（暂停计算）') : null),
          h('td', {}, a.replyDueOn),
          h(
            'td',
            { className: 'num' },
            a.overdue ? h('strong', { className: 'error' }, `逾期 ${-a.workingDaysLeft}`) : a.workingDaysLeft,
          ),
          h('td', {}, a.inputDueOn ?? '—'),
          h(
            'td',
            {},
            a.departments.length
              ? a.departments.map((d) => `${d.name}（${d.roleLabel}，${d.statusLabel}）`).join('；')
              : '未交办',
          ),
        ),
      ),
    ),
  );
}

export async function supervisionPage(): Promise<void> {
  const view = await call('GET /api/supervision', { query: { withinWorkingDays } });
  const days = input('withinWorkingDays', {
    type: 'number',
    min: 0,
    max: 60,
    value: String(withinWorkingDays),
    style: 'width:70px',
  });
  days.addEventListener('change', () => {
    const n = Number(days.value);
    if (Number.isInteger(n) && n >= 0 && n <= 60) {
      withinWorkingDays = n;
      void supervisionPage();
    }
  });
  await layout(
    'supervision',
    h(
      'div',
      {},
      h('h1', {}, '督办'),
      h(
        'p',
        {},
        h('span', {}, '答复期限在 ', days, ' 个工作日内届满的和已逾期的未办结申请，按承办科室列出。'),
        h(
          'span',
          { className: 'muted' },
          `（今天 ${view.today}；逾期 ${view.overdue} 件，即将到期 ${view.dueSoon} 件）`,
        ),
      ),
      view.groups.length
        ? h('div', {}, ...view.groups.map(groupTable))
        : h('p', {}, '没有即将到期或逾期的申请。'),
    ),
  );
}
