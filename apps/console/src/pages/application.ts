import { choice, optionalText, text } from '../form-values';
import type {
  ApplicationDetailDto,
  CreateReviewCaseDto,
  NoticeSummaryDto,
  RecordNoticeDeliveryDto,
  RecordReviewResultDto,
  ReviewCaseDto,
} from '../api-types';
import { dataTable, errorText, field, form, h, input, select, today } from '../dom';
import { actionForms } from '../action-forms';
import { downloadFile } from '../files';
import { layout } from '../layout';
import { api, call, dueBadge, labelIn, reference, session } from '../session';
import { linkTimelineItems, relatedSection } from '../related';

/** The codes of the forms' choices (the selects list the server's, GET /api/reference). */
const REVIEW_RESULTS: Record<RecordReviewResultDto['result'], true> = {
  upheld: true,
  corrected: true,
  other: true,
};
const REVIEW_CASE_KINDS: Record<CreateReviewCaseDto['kind'], true> = {
  reconsideration: true,
  litigation_direct: true,
  litigation_after_reconsideration: true,
};
const DELIVERY_METHODS: Record<RecordNoticeDeliveryDto['method'], true> = {
  collect_in_person: true,
  post: true,
  email: true,
  online_platform: true,
  fax: true,
};

// ---------- reconsideration and litigation (行政复议与行政诉讼, issue 8) ----------

/** The form recording (or correcting) a case's result; 纠正 shows the reopening fields. */
export function reviewResultForm(
  a: ApplicationDetailDto,
  c: ReviewCaseDto,
  reload: () => Promise<void>,
  correcting: boolean,
): HTMLElement {
  const concluded = ['delivered', 'abandoned', 'withdrawn'].includes(a.status);
  const result = select('result', reference().reviewResults);
  const reopenFields = h(
    'div',
    { className: 'reopen-fields', hidden: true },
    h(
      'p',
      { className: 'hint' },
      concluded
        ? '结果纠正的，可重新办理原申请：自收到纠正决定之日起重新计算答复期限（20个工作日，或复议机关、法院确定的期限）'
        : '原申请尚未办结，登记结果后继续在原流程中办理',
    ),
    concluded
      ? field('收到纠正决定之日（重新办理）', input('reopenedOn', { type: 'date', max: today() }))
      : null,
    concluded
      ? field(
          '复议机关或法院确定的答复期限（可选）',
          input('replyDueOn', { type: 'date' }),
          '不填则为20个工作日',
        )
      : null,
  );
  result.addEventListener('change', () => (reopenFields.hidden = result.value !== 'corrected'));
  const fields = [
    field('结果', result),
    field('审结日期', input('resultOn', { type: 'date', value: today(), max: today() })),
    field('备注', input('note')),
    correcting ? field('更正理由', input('reason')) : null,
    reopenFields,
  ].filter((x): x is HTMLElement => x !== null);
  return h(
    'details',
    { 'data-review-result': c.id },
    h('summary', {}, correcting ? '更正结果' : '登记结果'),
    form(fields, correcting ? '更正结果' : '登记结果', async (data) => {
      const body: RecordReviewResultDto = {
        result: choice(data, 'result', REVIEW_RESULTS),
        resultOn: text(data, 'resultOn'),
        note: optionalText(data, 'note'),
        reason: optionalText(data, 'reason'),
      };
      const reopenedOn = optionalText(data, 'reopenedOn');
      if (body.result === 'corrected' && reopenedOn) {
        const replyDueOn = optionalText(data, 'replyDueOn');
        body.reopen = { reopenedOn, ...(replyDueOn ? { replyDueOn } : {}) };
      }
      await call('POST /api/review-cases/{id}/result', { params: { id: c.id }, body });
      await reload();
    }),
  );
}

/** The application page's section 正式文书: each notice with its number, downloads and delivery (issue 11). */
export function noticesSection(a: ApplicationDetailDto, reload: () => Promise<void>): HTMLElement {
  const notices = a.notices;
  const mayDeliver = session.me!.roles.includes('registrar') || session.me!.roles.includes('handler');
  const message = h('span', { className: 'hint' });
  const run = (work: () => Promise<void>) => () => {
    message.textContent = '';
    work().catch((err) => (message.textContent = errorText(err)));
  };
  const fileName = (n: NoticeSummaryDto, ext: string) => `${n.title}（${n.number}）.${ext}`;
  const rows = notices.map((n) =>
    h(
      'tr',
      { 'data-notice': n.id },
      h('td', {}, n.kindLabel),
      h('td', {}, n.number),
      h('td', {}, n.issuedOn),
      h('td', {}, n.addressee),
      h(
        'td',
        {},
        n.deliveredOn
          ? `${n.deliveryMethodLabel} ${n.deliveredOn}`
          : mayDeliver
            ? form(
                [
                  // Ids of their own: the 送达 action form has a deliveredOn field too.
                  select('method', reference().deliveryMethods, { id: `notice-${n.id}-method` }),
                  input('deliveredOn', {
                    id: `notice-${n.id}-deliveredOn`,
                    type: 'date',
                    value: today(),
                    max: today(),
                    min: n.issuedOn,
                  }),
                ],
                '登记送达',
                async (data) => {
                  await call('POST /api/applications/{id}/notices/{noticeId}/delivery', {
                    params: { id: a.id, noticeId: n.id },
                    body: {
                      method: choice(data, 'method', DELIVERY_METHODS),
                      deliveredOn: text(data, 'deliveredOn'),
                    },
                  });
                  await reload();
                },
              )
            : '未送达',
      ),
      h(
        'td',
        {},
        h(
          'button',
          {
            onclick: run(() =>
              downloadFile(`/applications/${a.id}/notices/${n.id}.docx`, fileName(n, 'docx')),
            ),
          },
          'Word',
        ),
        ' ',
        h(
          'button',
          {
            onclick: run(() => downloadFile(`/applications/${a.id}/notices/${n.id}.pdf`, fileName(n, 'pdf'))),
          },
          'PDF',
        ),
      ),
    ),
  );
  return h(
    'div',
    { className: 'card', id: 'notices' },
    h('h2', {}, '正式文书'),
    notices.length
      ? dataTable({}, ['文书', '文号', '日期', '主送', '送达', '下载'], rows)
      : h('p', { className: 'muted' }, '本申请尚无正式文书'),
    message,
  );
}

/** The application page's section 行政复议与行政诉讼: its cases, recording one, recording results. */
export function reviewCasesSection(
  a: ApplicationDetailDto,
  cases: readonly ReviewCaseDto[],
  reload: () => Promise<void>,
): HTMLElement {
  const manager = session.me!.roles.includes('reviewer') || session.me!.roles.includes('admin');
  const rows = cases.map((c) =>
    h(
      'tr',
      { 'data-review-case': c.id },
      h('td', {}, c.kindLabel),
      h('td', {}, c.filedOn),
      h('td', {}, c.body, c.reference ? h('div', { className: 'hint' }, c.reference) : null),
      h(
        'td',
        {},
        c.resultLabel,
        c.corrections.length ? h('div', { className: 'hint' }, `已更正 ${c.corrections.length} 次`) : null,
      ),
      h('td', {}, c.resultOn ?? '—'),
      h(
        'td',
        {},
        c.reopen
          ? `${labelIn(reference().reopenStates, c.reopen.state)}（${c.reopen.reopenedOn}${c.reopen.replyDueOn ? `，期限 ${c.reopen.replyDueOn}` : ''}）`
          : '—',
      ),
      h(
        'td',
        {},
        c.pending
          ? reviewResultForm(a, c, reload, false)
          : manager && !c.reopen
            ? reviewResultForm(a, c, reload, true)
            : null,
      ),
    ),
  );
  const create = form(
    [
      field('类型', select('kind', reference().reviewCaseKinds)),
      field('申请复议或起诉之日', input('filedOn', { type: 'date', value: today(), max: today() })),
      field('复议机关或人民法院', input('body')),
      field('案号或文号（可选）', input('reference')),
      field('备注（可选）', input('note')),
    ],
    '登记',
    async (data) => {
      await call('POST /api/applications/{id}/review-cases', {
        params: { id: a.id },
        body: {
          kind: choice(data, 'kind', REVIEW_CASE_KINDS),
          filedOn: text(data, 'filedOn'),
          body: text(data, 'body'),
          reference: optionalText(data, 'reference'),
          note: optionalText(data, 'note'),
        },
      });
      await reload();
    },
  );
  return h(
    'div',
    { className: 'card', id: 'review-cases' },
    h('h2', {}, '行政复议与行政诉讼'),
    cases.length
      ? dataTable(
          {},
          ['类型', '申请/起诉日期', '复议机关/法院', '结果', '审结日期', '重新办理', '操作'],
          rows,
        )
      : h('p', { className: 'muted' }, '本申请没有行政复议或行政诉讼案件'),
    h('details', { 'data-action': 'review-case' }, h('summary', {}, '登记行政复议或行政诉讼'), create),
  );
}

/** The timeline: the workflow's events and the links' steps (not workflow events), in time order. */
function timeline(
  events: Array<{ at: string; el: HTMLElement }>,
  links: Array<{ at: string; el: HTMLElement }>,
): HTMLElement[] {
  // The events keep their seq order; a link step goes before the first event recorded after it.
  const pending = [...links].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  const out: HTMLElement[] = [];
  for (const e of events) {
    while (pending.length && pending[0].at < e.at) out.push(pending.shift()!.el);
    out.push(e.el);
  }
  return [...out, ...pending.map((x) => x.el)];
}

export async function applicationPage(id: string): Promise<void> {
  const [a, d, reviewCases, suggestions, links] = await Promise.all([
    call('GET /api/applications/{id}', { params: { id } }),
    call('GET /api/applications/{id}/deadlines', { params: { id } }),
    call('GET /api/applications/{id}/review-cases', { params: { id } }).catch(() => ({ items: [] })),
    call('GET /api/applications/{id}/suggestions', { params: { id } }).catch(() => ({
      items: [],
      compared: 0,
      matchedBy: 'none',
    })),
    call('GET /api/applications/{id}/links', { params: { id } }).catch(() => ({ items: [], history: [] })),
  ]);
  const reload = () => applicationPage(id);
  const forms = actionForms(a.actions, async (path, body) => {
    // The one call not typed by an operation: the action's form, its fields and path all come from the
    // server (OpenActionDto), which also checks the body; the answer is not read (the page reloads).
    await api('POST', `/applications/${a.id}/${path}`, body);
    await reload();
  });
  await layout(
    'applications',
    h(
      'div',
      {},
      h('h1', {}, `申请 ${a.caseNumber} · `, h('span', { id: 'status' }, a.statusLabel)),
      h(
        'div',
        { className: 'grid' },
        h(
          'div',
          { className: 'card' },
          h('h2', {}, '申请信息'),
          h('p', {}, `申请人：${a.applicantName}（${labelIn(reference().applicantTypes, a.applicantType)}）`),
          h('p', {}, `渠道：${labelIn(reference().channels, a.channel)}；收到日期：${a.receivedOn}`),
          h('p', {}, `所需信息：${a.informationSought}`),
          a.outcomeLabel
            ? h('p', {}, `办理结果：${a.outcomeLabel}${a.concludedOn ? `（${a.concludedOn} 办结）` : ''}`)
            : null,
          h('h2', {}, '答复期限'),
          d.reply
            ? h(
                'p',
                { id: 'reply-status' },
                dueBadge({ ...a, workingDaysLeft: d.reply.workingDaysLeft }),
                ' ',
                d.reply.statusText,
              )
            : null,
          d.reply
            ? h(
                'ol',
                { className: 'steps', id: 'derivation' },
                ...d.reply.steps.map((s) => h('li', {}, s.text)),
              )
            : null,
          d.supplementNotice ? h('p', { className: 'hint' }, d.supplementNotice.explanation) : null,
          d.supplement ? h('p', { className: 'hint' }, d.supplement.explanation) : null,
          ...(d.consultations ?? []).map((c) => h('p', { className: 'hint' }, c.explanation)),
          d.fee ? h('p', { className: 'hint' }, d.fee.explanation) : null,
          d.applicantVolume
            ? h('p', { className: 'hint', id: 'applicant-volume' }, d.applicantVolume.explanation)
            : null,
        ),
        h(
          'div',
          {},
          h(
            'div',
            { className: 'card actions' },
            h('h2', {}, '办理'),
            ...(forms.length ? forms : [h('p', { className: 'muted' }, '当前没有您可以办理的事项')]),
          ),
          h(
            'div',
            { className: 'card' },
            h('h2', {}, '办理记录'),
            h(
              'ol',
              { className: 'timeline', id: 'timeline' },
              ...timeline(
                a.events.map((e) => ({
                  at: e.occurredAt,
                  el: h(
                    'li',
                    {},
                    h('strong', {}, e.typeLabel),
                    ` ${e.businessDate ?? ''} `,
                    ...a.notices
                      .filter((n) => n.seq === e.seq)
                      .map((n) => h('span', { className: 'badge' }, `${n.kindLabel} ${n.number}`)),
                    ' ',
                    h(
                      'span',
                      { className: 'muted' },
                      `${e.actor ?? '系统'} · ${new Date(e.occurredAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}`,
                    ),
                  ),
                })),
                linkTimelineItems(links.history),
              ),
            ),
          ),
        ),
      ),
      relatedSection(a, suggestions, links, reload),
      noticesSection(a, reload),
      reviewCasesSection(a, reviewCases.items, reload),
    ),
  );
}
