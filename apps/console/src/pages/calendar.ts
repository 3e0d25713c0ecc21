import type { CalendarPropagationDto, CalendarPropagationListDto } from '../api-types';
import { dataTable, field, form, h, input } from '../dom';
import { text } from '../form-values';
import { layout } from '../layout';
import { call, labelIn, reference, session } from '../session';

/** 推送进度: how far an entered calendar version has reached the open applications. */
export function propagationProgress(p: CalendarPropagationDto): string {
  const reached = p.signalled + p.skipped;
  return `推送进度 已通知 ${p.signalled} / ${Math.max(p.total, reached)}`;
}

export async function calendarPage(): Promise<void> {
  const c = await call('GET /api/calendar');
  const propagations = await call('GET /api/calendar/propagations').catch((): CalendarPropagationListDto => ({
    items: [],
  }));
  const f = session.me?.platformAdmin
    ? form(
        [
          field(
            '年份',
            input('year', { type: 'number', value: c.missingNextYear ?? new Date().getFullYear() + 1 }),
          ),
          field('放假日期（逗号分隔）', h('textarea', { name: 'offDays' }), '如：2027-01-01, 2027-02-16'),
          field('调休上班日期（逗号分隔）', h('textarea', { name: 'workDays' })),
          field('依据的通知', input('notice'), '国务院办公厅关于……年部分节假日安排的通知（文号）'),
        ],
        '录入',
        async (data) => {
          const split = (v: unknown) =>
            String(v ?? '')
              .split(/[,，\s]+/)
              .filter(Boolean);
          await call('PUT /api/calendar/{year}', {
            params: { year: String(data.year) },
            body: {
              offDays: split(data.offDays),
              workDays: split(data.workDays),
              notice: text(data, 'notice'),
            },
          });
          await calendarPage();
        },
      )
    : h('p', {}, '全国节假日安排由平台管理员统一录入；录入后自动推送到各机关所有在办申请。');
  const time = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—';
  await layout(
    'calendar',
    h(
      'div',
      {},
      h('h1', {}, '工作日历'),
      c.missingNextYear
        ? h(
            'div',
            { className: 'error' },
            `${c.missingNextYear} 年节假日安排尚未录入：跨入该年的期限暂按周末计算，标为“暂定”。`,
          )
        : null,
      dataTable(
        {},
        ['年份', '来源', '放假天数', '调休上班', '录入人'],
        c.years.map((y) =>
          h(
            'tr',
            {},
            h('td', {}, y.year),
            h('td', {}, y.notice),
            h('td', { className: 'num' }, y.offDays.length),
            h('td', {}, y.workDays.join('、')),
            h('td', {}, y.enteredBy ?? '内置'),
          ),
        ),
      ),
      h(
        'div',
        { className: 'card', id: 'calendar-propagations' },
        h('h2', {}, '推送进度'),
        propagations.items.length === 0
          ? h('p', {}, '尚无推送。')
          : dataTable(
              {},
              ['年份', '日历版本', '状态', '进度', '已结束的申请', '失败', '录入人', '开始', '完成'],
              propagations.items.map((p) =>
                h(
                  'tr',
                  { className: 'propagation' },
                  h('td', {}, p.year),
                  h('td', { className: 'num' }, p.calendarVersion),
                  h('td', {}, labelIn(reference().calendarPropagationStatuses, p.status)),
                  h('td', {}, propagationProgress(p)),
                  h('td', { className: 'num' }, p.skipped),
                  h('td', { className: 'num' }, p.failed),
                  h('td', {}, p.enteredBy),
                  h('td', {}, time(p.startedAt ?? p.createdAt)),
                  h('td', {}, time(p.finishedAt)),
                ),
              ),
            ),
      ),
      h('div', { className: 'card' }, h('h2', {}, '录入或更正节假日安排'), f),
    ),
  );
}
