/**
 * 关联申请与重复申请 (issue 16): the applicant's earlier applications with similar information sought, as
 * the registrar types and on the application page; the links staff make between applications; and one
 * draft decision for linked applications. The similarity and the rules are the server's.
 */
import type {
  ApplicationDetailDto,
  DraftLinkedResultDto,
  LinkEventDto,
  LinksDto,
  SuggestionDto,
  SuggestionListDto,
  SuggestionQueryDto,
} from './api-types';
import { actionForms } from './action-forms';
import { dataTable, errorText, field, form, h, input } from './dom';
import { api, call, session } from './session';

/** The reply of an earlier application in one line: outcome, date, notice number, ground. */
function replyText(s: Pick<SuggestionDto, 'reply' | 'outcomeLabel' | 'concludedOn' | 'statusLabel'>): string {
  if (!s.reply) return s.outcomeLabel ? `${s.outcomeLabel}` : `尚未答复（${s.statusLabel}）`;
  const r = s.reply;
  return [
    r.outcomeLabel,
    r.number ? `答复书 ${r.number}` : null,
    r.issuedOn ?? s.concludedOn,
    r.legalGround ? `依据：${r.legalGround}` : null,
    r.notes ? `说明：${r.notes}` : null,
  ]
    .filter(Boolean)
    .join('；');
}

const caseLink = (id: string, caseNumber: string) => h('a', { href: `#/applications/${id}` }, caseNumber);

/** The rows of suggestions; `extra` adds a cell per row (link, cite). */
function suggestionTable(items: readonly SuggestionDto[], extra?: (s: SuggestionDto) => HTMLElement | null) {
  return dataTable(
    { id: 'suggestions-table' },
    ['受理编号', '收到日期', '所需信息', '相似度', '状态', '办结日期', '答复', ...(extra ? ['操作'] : [])],
    items.map((s) =>
      h(
        'tr',
        { 'data-suggestion': s.id },
        h('td', {}, caseLink(s.id, s.caseNumber)),
        h('td', {}, s.receivedOn),
        h('td', {}, s.informationSought),
        h('td', {}, `${Math.round(s.similarity * 100)}%`),
        h('td', {}, s.statusLabel),
        h('td', {}, s.concludedOn ?? '—'),
        h('td', {}, replyText(s)),
        extra ? h('td', {}, extra(s)) : null,
      ),
    ),
  );
}

function suggestionsHint(list: SuggestionListDto): string {
  if (list.matchedBy === 'none') return '填写证件号码，或姓名和联系方式后，提示同一申请人的相似申请';
  const by = list.matchedBy === 'id_number' ? '证件号码' : '姓名和联系方式';
  return list.items.length
    ? `同一申请人（按${by}）此前在本机关提出过相似的申请，请核对是否属于重复申请（第三十六条第（六）项）`
    : `同一申请人（按${by}）在本机关没有相似的申请（比对 ${list.compared} 件）`;
}

/**
 * The registration form's panel: as the registrar types (debounced), the applicant's earlier similar
 * applications at the agency. `watch` is the registration form.
 */
export function registrationSuggestions(watch: HTMLFormElement): HTMLElement {
  const panel = h('div', { className: 'card', id: 'registration-suggestions', hidden: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  const value = (name: string) => {
    const v = new FormData(watch).get(name);
    return typeof v === 'string' ? v.trim() : '';
  };
  const refresh = async () => {
    const body: SuggestionQueryDto = {
      informationSought: value('informationSought'),
      applicantName: value('applicantName') || undefined,
      applicantIdNumber: value('applicantIdNumber') || undefined,
      applicantContact: value('applicantContact') || undefined,
    };
    if (!body.informationSought || (!body.applicantIdNumber && !body.applicantContact)) {
      panel.hidden = true;
      return;
    }
    const mine = ++asked;
    try {
      const list = await call('POST /api/applications/suggestions', { body });
      if (mine !== asked) return;
      panel.replaceChildren(
        h('h2', {}, '相似申请'),
        h('p', { className: 'hint' }, suggestionsHint(list)),
        list.items.length ? suggestionTable(list.items) : '',
      );
      panel.hidden = false;
    } catch (err) {
      if (mine === asked) panel.replaceChildren(h('p', { className: 'error' }, errorText(err)));
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), 400);
  };
  watch.addEventListener('input', later);
  watch.addEventListener('change', later);
  return panel;
}

/** Fills the draft-decision form's repeated-application fields from an earlier application. */
function citeInDraft(s: SuggestionDto): void {
  const set = (name: string, v: string) => {
    const el = document.querySelector<HTMLInputElement | HTMLSelectElement>(
      `details[data-action="draft-decision"] [name="${name}"]`,
    );
    if (!el) return;
    el.value = v;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  };
  set('outcome', 'not_processed.repeated_application');
  set('earlierApplication', s.caseNumber);
  if (s.reply) set('earlierReply', s.reply.citation);
  document.querySelector('details[data-action="draft-decision"]')?.setAttribute('open', '');
}

/** The timeline's link steps (not workflow events): shown with the events, in time order. */
export function linkTimelineItems(history: readonly LinkEventDto[]): Array<{ at: string; el: HTMLElement }> {
  return history.map((e) => ({
    at: e.occurredAt,
    el: h(
      'li',
      { 'data-link-event': e.type },
      h('strong', {}, `${e.typeLabel} `),
      caseLink(e.applicationId, e.caseNumber),
      e.reason ? ` ${e.reason}` : '',
      ' ',
      h(
        'span',
        { className: 'muted' },
        `${e.actor} · ${new Date(e.occurredAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}`,
      ),
    ),
  }));
}

/** The application page's section 相似申请与关联申请. */
export function relatedSection(
  a: ApplicationDetailDto,
  suggestions: SuggestionListDto,
  links: LinksDto,
  reload: () => Promise<void>,
): HTMLElement {
  const roles = session.me!.roles;
  const mayLink = roles.some((r) => r === 'registrar' || r === 'handler' || r === 'reviewer');
  const message = h('p', { className: 'hint', id: 'related-message' });
  const run = (work: () => Promise<void>) => () => {
    message.textContent = '';
    work().then(reload, (err) => (message.textContent = errorText(err)));
  };
  const linkTo = (applicationId: string) =>
    call('POST /api/applications/{id}/links', { params: { id: a.id }, body: { applicationId } }).then(
      () => {},
    );
  const draft = a.actions.find((x) => x.action === 'draftDecision');
  const suggestionActions = (s: SuggestionDto) =>
    h(
      'span',
      {},
      mayLink && !s.linked
        ? h('button', { type: 'button', 'data-link': s.id, onclick: run(() => linkTo(s.id)) }, '关联')
        : s.linked
          ? h('span', { className: 'badge' }, '已关联')
          : null,
      draft && s.citable && draft.fields.some((f) => f.name === 'earlierApplication')
        ? h('button', { type: 'button', 'data-cite': s.id, onclick: () => citeInDraft(s) }, '按重复申请答复')
        : null,
    );
  const linkRows = links.items.map((l) =>
    h(
      'tr',
      { 'data-linked': l.id },
      h('td', {}, caseLink(l.id, l.caseNumber)),
      h('td', {}, l.informationSought),
      h('td', {}, l.statusLabel),
      h('td', {}, l.outcomeLabel ? `${l.outcomeLabel}${l.concludedOn ? `（${l.concludedOn}）` : ''}` : '—'),
      h('td', {}, l.linkReason ?? ''),
      h(
        'td',
        {},
        mayLink
          ? h(
              'button',
              {
                type: 'button',
                'data-unlink': l.id,
                onclick: run(() =>
                  call('DELETE /api/applications/{id}/links/{otherId}', {
                    params: { id: a.id, otherId: l.id },
                    query: {},
                  }).then(() => {}),
                ),
              },
              '取消关联',
            )
          : null,
      ),
    ),
  );
  const addLink = mayLink
    ? h(
        'details',
        { 'data-action': 'link' },
        h('summary', {}, '关联其他申请'),
        form(
          [field('受理编号', input('caseNumber')), field('关联理由（可选）', input('reason'))],
          '关联',
          async (data) => {
            const caseNumber = String(data.caseNumber ?? '').trim();
            const reason = String(data.reason ?? '').trim();
            await call('POST /api/applications/{id}/links', {
              params: { id: a.id },
              body: { caseNumber, ...(reason ? { reason } : {}) },
            });
            await reload();
          },
        ),
      )
    : null;
  // 一并答复: the draft form once more, sent for this application and every linked one still open.
  const openLinked = links.items.filter((l) => l.status === 'under_review');
  const together =
    draft && openLinked.length
      ? h(
          'details',
          { 'data-action': 'draft-decision-linked' },
          h('summary', {}, `一并拟定答复（本申请及 ${openLinked.length} 件关联申请）`),
          h(
            'p',
            { className: 'hint' },
            '同一答复分别提交各申请的办理流程：各自的答复期限和统计不变，逐件校验',
          ),
          ...actionForms(
            [{ ...draft, key: 'draftDecisionLinked', label: '一并拟定答复' }],
            async (_p, body) => {
              const answer = (await api(
                'POST',
                `/applications/${a.id}/draft-decision-linked`,
                body,
              )) as DraftLinkedResultDto;
              const failed = answer.results.filter((r) => !r.ok);
              if (failed.length) {
                message.textContent = failed.map((r) => `${r.caseNumber}：${r.error ?? ''}`).join('；');
                return;
              }
              await reload();
            },
          ).map((el) => {
            el.setAttribute('data-action', 'draft-decision-linked-form');
            el.setAttribute('open', '');
            return el;
          }),
        )
      : null;
  return h(
    'div',
    { className: 'card', id: 'related' },
    h('h2', {}, '相似申请'),
    h('p', { className: 'hint' }, suggestionsHint(suggestions)),
    suggestions.items.length ? suggestionTable(suggestions.items, suggestionActions) : null,
    h('h2', {}, '关联申请'),
    links.items.length
      ? dataTable(
          { id: 'links-table' },
          ['受理编号', '所需信息', '状态', '办理结果', '关联理由', '操作'],
          linkRows,
        )
      : h('p', { className: 'muted' }, '没有关联申请'),
    addLink,
    together,
    message,
  );
}
