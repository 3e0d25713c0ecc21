import { dataTable, errorText, h, input, today } from '../dom';
import { downloadFile } from '../files';
import { layout } from '../layout';
import { call, session } from '../session';

// ---------- year end (年度结转, issue 8) ----------

export let carryOverYear = Number(today().slice(0, 4)) - 1;

export function downloadCarryOver(year: number): Promise<void> {
  return downloadFile(`/reports/${year}/carry-over.xlsx`, `${year}年度结转情况.xlsx`);
}

export async function carryOverPage(): Promise<void> {
  const year = carryOverYear;
  const r = await call('GET /api/reports/{year}/carry-over', {
    params: { year: String(year) },
    query: { pageSize: 200 },
  });
  const yearInput = input('year', {
    type: 'number',
    value: year,
    min: 2008,
    max: 2100,
    style: 'width:100px',
  });
  const message = h('p', { className: 'hint' });
  const time = (iso: string | null | undefined) =>
    iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—';
  const run = r.run;
  const runText =
    run.status === 'not_run'
      ? `${year}年度尚未结转（每年1月1日 00:30 由计划任务自动结转）。`
      : `${run.statusLabel}：开始于 ${time(run.startedAt)}，完成于 ${time(run.finishedAt)}，共结转 ${run.applications} 件（全部机关）。`;
  const start = async () => {
    try {
      await call('POST /api/admin/year-end/{year}/run', { params: { year: String(year) } });
      message.textContent = '已开始年度结转，稍后刷新查看。';
      setTimeout(() => void carryOverPage(), 1500);
    } catch (err) {
      message.textContent = errorText(err);
    }
  };
  await layout(
    'carry-over',
    h(
      'div',
      {},
      h('h1', {}, `${year} 年度结转情况（截至 ${year}-12-31 未办结的申请，共 ${r.total} 件）`),
      h(
        'div',
        { className: 'tabs' },
        yearInput,
        h('button', { onclick: () => ((carryOverYear = Number(yearInput.value)), carryOverPage()) }, '查看'),
        h(
          'button',
          {
            id: 'download-carry-over',
            onclick: () => downloadCarryOver(year).catch((err) => (message.textContent = errorText(err))),
          },
          '下载电子表格',
        ),
        session.me?.roles.includes('admin')
          ? h('button', { id: 'run-year-end', onclick: start }, '开始结转')
          : null,
      ),
      h('p', { id: 'year-end-run' }, runText),
      message,
      r.total === 0
        ? h('p', {}, '没有结转的申请。')
        : dataTable(
            { id: 'carry-over' },
            ['案号', '申请人', '收到日期', '办理状态', '答复期限', '剩余工作日', '期限暂停', '承办人'],
            r.items.map((i) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { href: `#/applications/${i.applicationId}` }, i.caseNumber)),
                h('td', {}, i.applicantName),
                h('td', {}, i.receivedOn),
                h('td', {}, i.statusLabel, i.concludedOn ? `（${i.concludedOn} 办结）` : ''),
                h('td', {}, i.replyDueOn ?? '—'),
                h('td', { className: 'num' }, i.workingDaysLeft ?? '—'),
                h('td', {}, i.paused ? '是' : '否'),
                h('td', {}, i.handlerLabel),
              ),
            ),
          ),
      r.total > r.items.length ? h('p', {}, `仅显示前 ${r.items.length} 件，完整清单请下载电子表格。`) : null,
    ),
  );
}
