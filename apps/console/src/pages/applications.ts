import { dataTable, h } from '../dom';
import { layout } from '../layout';
import { call, dueBadge } from '../session';

export async function applicationsPage(): Promise<void> {
  const list = await call('GET /api/applications', { query: { pageSize: 100 } });
  await layout(
    'applications',
    h(
      'div',
      {},
      h('h1', {}, `申请列表（共 ${list.total} 件）`),
      dataTable(
        {},
        ['案号', '申请人', '收到日期', '状态', '答复期限', '办理结果'],
        list.items.map((a) =>
          h(
            'tr',
            {},
            h('td', {}, h('a', { href: `#/applications/${a.id}` }, a.caseNumber)),
            h('td', {}, a.applicantName),
            h('td', {}, a.receivedOn),
            h('td', {}, a.statusLabel),
            h('td', {}, dueBadge(a)),
            h('td', {}, a.outcomeLabel ?? ''),
          ),
        ),
      ),
    ),
  );
}
