import { h } from '../dom';
import { layout } from '../layout';
import { call } from '../session';

export async function notificationsPage(): Promise<void> {
  const list = await call('GET /api/notifications', { query: { pageSize: 100 } });
  await layout(
    'notifications',
    h(
      'div',
      {},
      h('h1', {}, '提醒'),
      list.items.length
        ? h(
            'table',
            {},
            h(
              'tbody',
              {},
              ...list.items.map((n) =>
                h(
                  'tr',
                  {},
                  h('td', {}, n.readAt ? '' : '●'),
                  h('td', {}, h('strong', {}, n.title), h('div', { className: 'muted' }, n.body)),
                  h('td', {}, new Date(n.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })),
                ),
              ),
            ),
          )
        : h('p', { className: 'muted' }, '暂无提醒'),
    ),
  );
}
