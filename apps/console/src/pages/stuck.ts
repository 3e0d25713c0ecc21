import { dataTable, errorText, h } from '../dom';
import { layout } from '../layout';
import { call } from '../session';

/** Admins: applications whose workflow cannot make progress, and (issue 10) failed notification deliveries. */
export async function stuckCasesPage(): Promise<void> {
  const [list, failed] = await Promise.all([
    call('GET /api/admin/stuck-cases', { query: { pageSize: 200 } }),
    call('GET /api/admin/notification-deliveries', { query: { status: 'failed', pageSize: 100 } }).catch(
      () => null,
    ),
  ]);
  const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });
  const message = h('div', {});
  const retry = async (id: number) => {
    try {
      const d = await call('POST /api/admin/notification-deliveries/{id}/retry', {
        params: { id: String(id) },
      });
      if (d.status !== 'sent') throw new Error(`重试未成功：${d.lastError ?? d.statusLabel}`);
      await stuckCasesPage();
    } catch (err) {
      message.replaceChildren(h('div', { className: 'error', role: 'alert' }, errorText(err)));
    }
  };
  // 通知投递: each channel (Webhook, 电子邮件) of a reminder is delivered on its own; failed ones are retried here.
  const deliveries = failed
    ? h(
        'section',
        { className: 'deliveries' },
        h('h2', {}, `通知投递失败（共 ${failed.total} 条）`),
        h(
          'p',
          {},
          '提醒的每个投递渠道（Webhook、电子邮件）分别投递，互不影响。系统已自动重试仍失败的，排除故障后可在此重试该渠道。',
        ),
        message,
        failed.total === 0
          ? h('p', {}, '目前没有投递失败的通知。')
          : dataTable(
              {},
              ['提醒', '案号', '渠道', '尝试次数', '错误信息', '最近一次', ''],
              failed.items.map((d) =>
                h(
                  'tr',
                  {},
                  h('td', {}, d.title),
                  h(
                    'td',
                    {},
                    d.applicationId
                      ? h('a', { href: `#/applications/${d.applicationId}` }, d.caseNumber)
                      : '—',
                  ),
                  h('td', {}, d.channelLabel),
                  h('td', { className: 'num' }, d.attempts),
                  h('td', {}, d.lastError ?? ''),
                  h('td', {}, time(d.updatedAt)),
                  h('td', {}, h('button', { onclick: () => void retry(d.id) }, '重试')),
                ),
              ),
            ),
      )
    : null;
  await layout(
    'stuck',
    h(
      'div',
      {},
      h('h1', {}, `卡住的申请（共 ${list.total} 件）`),
      h(
        'p',
        {},
        '流程无法继续推进的申请：某个活动反复失败（如数据库拒绝写入），或工作流任务反复失败（程序缺陷）。问题消除后，申请会自动继续办理并从本列表消失。',
      ),
      list.total === 0
        ? h('p', {}, '目前没有卡住的申请。')
        : dataTable(
            {},
            ['案号', '问题', '失败环节', '尝试次数', '错误信息', '开始于', '最近一次'],
            list.items.map((p) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { href: `#/applications/${p.applicationId}` }, p.caseNumber)),
                h('td', {}, p.kindLabel),
                h('td', {}, p.kind === 'activity' ? p.activityType : '工作流任务'),
                h('td', { className: 'num' }, p.attempts),
                h('td', {}, p.error),
                h('td', {}, time(p.since)),
                h('td', {}, time(p.lastSeenAt)),
              ),
            ),
          ),
      deliveries,
    ),
  );
}
