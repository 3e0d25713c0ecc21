/**
 * The applicants' portal (依申请公开网上申请, issue 14): an applicant of the agency named in the address
 * (/portal/#/{agency code}) proves an e-mail address with a one-time code, files an application, and
 * follows it to the answer. Hash routes under the agency: #/{code} (sign in or my applications),
 * #/{code}/apply, #/{code}/applications/{id}. The portal session stays in sessionStorage.
 */
import type { PortalApplicationDto, PortalFormDto, PortalSubmissionDto } from '../../console/src/api-types';
import { ApiError, dataTable, errorText, field, form, h, input, select } from '../../console/src/dom';
import { optionalText, text } from '../../console/src/form-values';
import { type Operation, type Request, type Response, callWith } from '../../console/src/operations';

const app = document.getElementById('app')!;
let token = sessionStorage.getItem('ogi.portal.token');
let formOptions: PortalFormDto | null = null;

async function request(method: string, path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`/api${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const raw = await res.text();
  const data: unknown = raw ? JSON.parse(raw) : null;
  if (res.status === 401 && path.startsWith('/portal/applications')) {
    token = null;
    sessionStorage.removeItem('ogi.portal.token');
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** Calls a portal operation, typed by the OpenAPI document, with the applicant's session. */
function call<O extends Operation>(
  operation: O,
  ...[req]: Partial<Request<O>> extends Request<O> ? [Request<O>?] : [Request<O>]
): Promise<Response<O>> {
  return callWith(request, operation, req);
}

function agencyCode(): string {
  return location.hash.split('/')[1] ?? '';
}

function page(title: string, ...content: HTMLElement[]): void {
  app.replaceChildren(
    h(
      'header',
      {},
      h('strong', {}, '政府信息公开网上申请'),
      token
        ? h(
            'nav',
            {},
            h('a', { href: `#/${agencyCode()}` }, '我的申请'),
            ' ',
            h('a', { href: `#/${agencyCode()}/apply` }, '提交申请'),
            ' ',
            h('button', { onclick: signOut }, '退出'),
          )
        : null,
    ),
    h('main', {}, h('h1', {}, title), ...content),
  );
}

function signOut(): void {
  token = null;
  sessionStorage.removeItem('ogi.portal.token');
  location.hash = `#/${agencyCode()}`;
  void route();
}

/** 验证码登录: the e-mail address, then the code sent to it. */
function signInPage(): void {
  const code = agencyCode();
  const message = h('p', { className: 'hint', id: 'code-sent' });
  const ask = form(
    [field('电子邮箱', input('email', { type: 'email', autocomplete: 'email' }))],
    '获取验证码',
    async (data) => {
      const sent = await call('POST /api/portal/agencies/{agencyCode}/codes', {
        params: { agencyCode: code },
        body: { email: text(data, 'email') },
      });
      message.textContent = `验证码已发送至 ${sent.email}，${sent.validMinutes} 分钟内有效`;
      (verify.querySelector('[name=email]') as HTMLInputElement).value = sent.email;
      verify.hidden = false;
    },
  );
  const verify = form(
    [
      h('input', { type: 'hidden', name: 'email' }),
      field('验证码', input('code', { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6 })),
    ],
    '登录',
    async (data) => {
      const session = await call('POST /api/portal/agencies/{agencyCode}/sessions', {
        params: { agencyCode: code },
        body: { email: text(data, 'email'), code: text(data, 'code') },
      });
      token = session.token;
      sessionStorage.setItem('ogi.portal.token', session.token);
      await route();
    },
  );
  verify.hidden = true;
  page(
    '验证电子邮箱',
    h(
      'p',
      {},
      '请输入您的电子邮箱，我们将发送一次性验证码。验证后可提交申请、查看办理进度、在线补正和下载答复文书。',
    ),
    ask,
    message,
    verify,
  );
}

async function myApplicationsPage(): Promise<void> {
  const list = await call('GET /api/portal/applications');
  page(
    '我的申请',
    list.items.length
      ? dataTable(
          { id: 'my-applications' },
          ['案件编号', '收到申请之日', '所需信息', '办理状态', '答复期限'],
          list.items.map((a) =>
            h(
              'tr',
              { 'data-application': a.id },
              h('td', {}, h('a', { href: `#/${agencyCode()}/applications/${a.id}` }, a.caseNumber)),
              h('td', {}, a.receivedOn),
              h('td', {}, a.informationSought),
              h('td', {}, a.statusLabel),
              h('td', {}, a.replyDueOn ?? '—'),
            ),
          ),
        )
      : h('p', { className: 'muted' }, '您还没有通过本平台提交申请'),
    h('p', {}, h('a', { href: `#/${agencyCode()}/apply` }, '提交新的申请')),
  );
}

/** 提交申请: the fields RULES.md §1 names. */
async function applyPage(): Promise<void> {
  formOptions ??= await call('GET /api/portal/form');
  const types = formOptions.applicantTypes;
  page(
    '提交政府信息公开申请',
    h(
      'p',
      { className: 'hint' },
      '提交成功即视为本机关收到申请，收到申请之日为平台确认提交成功之日。本机关自收到申请之日起20个工作日内答复；需要延长的，经批准可延长不超过20个工作日。申请内容不明确的，将在7个工作日内一次性告知您补正。',
    ),
    form(
      [
        field('申请人姓名或名称', input('applicantName')),
        field('申请人类型', select('applicantType', types)),
        field('身份证件号码或统一社会信用代码（可选）', input('applicantIdNumber')),
        field('联系电话、通信地址（可选）', input('applicantContact')),
        field(
          '所需政府信息的名称、文号或者便于查询的其他特征性描述',
          h('textarea', { name: 'informationSought' }),
        ),
        field(
          '获取信息的方式与载体形式（可选）',
          input('deliveryPreference', { placeholder: '如：电子邮件发送电子版' }),
        ),
      ],
      '提交申请',
      async (data) => {
        const filed = await call('POST /api/portal/applications', {
          body: {
            applicantName: text(data, 'applicantName'),
            applicantType: text(data, 'applicantType') as PortalApplicationDto['applicantType'],
            applicantIdNumber: optionalText(data, 'applicantIdNumber'),
            applicantContact: optionalText(data, 'applicantContact'),
            informationSought: text(data, 'informationSought'),
            deliveryPreference: optionalText(data, 'deliveryPreference'),
          },
        });
        confirmationPage(filed);
      },
    ),
  );
}

function confirmationPage(filed: PortalSubmissionDto): void {
  page(
    '申请已提交',
    h(
      'div',
      { className: 'card', id: 'confirmation' },
      h('p', {}, '案件编号：', h('strong', { id: 'case-number' }, filed.caseNumber)),
      h('p', {}, '收到申请之日：', h('strong', { id: 'received-on' }, filed.receivedOn)),
      h(
        'p',
        {},
        `提交时间：${new Date(filed.submittedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}`,
      ),
      h('p', {}, filed.nextSteps),
      h('p', { className: 'hint' }, '确认邮件已发送至您的电子邮箱。'),
    ),
    h('p', {}, h('a', { href: `#/${agencyCode()}/applications/${filed.id}` }, '查看办理进度')),
  );
}

async function download(path: string, name: string): Promise<void> {
  const res = await fetch(`/api${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function applicationPage(id: string): Promise<void> {
  const a = await call('GET /api/portal/applications/{id}', { params: { id } });
  const reload = () => applicationPage(id);
  const message = h('div', { className: 'hint' });
  const steps: HTMLElement[] = [];
  if (a.steps.supplement)
    steps.push(
      h(
        'details',
        { open: true, 'data-step': 'supplement' },
        h('summary', {}, '在线补正'),
        form([field('补正内容', h('textarea', { name: 'text' }))], '提交补正', async (data) => {
          await call('POST /api/portal/applications/{id}/supplement', {
            params: { id },
            body: { text: text(data, 'text') },
          });
          await reload();
        }),
      ),
    );
  if (a.steps.feePayment)
    steps.push(
      h(
        'details',
        { 'data-step': 'fee-payment' },
        h('summary', {}, '确认已缴费'),
        form(
          [
            field('缴费凭证号或交易流水号', input('paymentReference', { maxlength: 100 })),
            field('缴费日期（默认今天）', input('paidOn', { type: 'date' })),
          ],
          '我已缴费',
          async (data) => {
            await call('POST /api/portal/applications/{id}/fee-payment', {
              params: { id },
              body: {
                paymentReference: text(data, 'paymentReference'),
                paidOn: optionalText(data, 'paidOn'),
              },
            });
            await reload();
          },
        ),
      ),
    );
  if (a.steps.withdraw)
    steps.push(
      h(
        'details',
        { 'data-step': 'withdraw' },
        h('summary', {}, '撤回申请'),
        form([field('撤回理由（可选）', input('reason'))], '撤回申请', async (data) => {
          await call('POST /api/portal/applications/{id}/withdraw', {
            params: { id },
            body: { reason: optionalText(data, 'reason') },
          });
          await reload();
        }),
      ),
    );
  page(
    `申请 ${a.caseNumber}`,
    h(
      'div',
      { className: 'card' },
      h('p', { id: 'stage' }, a.stage),
      h('p', {}, `办理状态：`, h('strong', { id: 'status' }, a.statusLabel)),
      h('p', {}, `收到申请之日：${a.receivedOn}；所需信息：${a.informationSought}`),
      a.replyDueOn ? h('p', {}, `答复期限：${a.replyDueOn}${a.paused ? '（暂停计算中）' : ''}`) : null,
      a.deadline.length
        ? h('ol', { className: 'steps', id: 'deadline' }, ...a.deadline.map((t) => h('li', {}, t)))
        : null,
      a.supplement
        ? h(
            'p',
            { id: 'supplement' },
            `需要补正的事项：${a.supplement.whatIsNeeded}（补正期限至 ${a.supplement.dueOn}）`,
          )
        : null,
      a.fee
        ? h(
            'p',
            { id: 'fee' },
            `应缴信息处理费 ${a.fee.amountYuan} 元，缴费期限至 ${a.fee.windowEnd}。${a.fee.explanation}`,
          )
        : null,
    ),
    h(
      'div',
      { className: 'card', id: 'notices' },
      h('h2', {}, '正式文书'),
      a.notices.length
        ? dataTable(
            {},
            ['文书', '文号', '日期', '下载'],
            a.notices.map((n) =>
              h(
                'tr',
                { 'data-notice': n.id },
                h('td', {}, n.kindLabel),
                h('td', {}, n.number),
                h('td', {}, n.issuedOn),
                h(
                  'td',
                  {},
                  h(
                    'button',
                    {
                      onclick: () =>
                        download(n.docx, `${n.title}（${n.number}）.docx`).catch(
                          (e) => (message.textContent = errorText(e)),
                        ),
                    },
                    'Word',
                  ),
                  ' ',
                  h(
                    'button',
                    {
                      onclick: () =>
                        download(n.pdf, `${n.title}（${n.number}）.pdf`).catch(
                          (e) => (message.textContent = errorText(e)),
                        ),
                    },
                    'PDF',
                  ),
                ),
              ),
            ),
          )
        : h('p', { className: 'muted' }, '暂无文书'),
      message,
    ),
    ...steps,
  );
}

async function route(): Promise<void> {
  const [, code, where, id] = location.hash.split('/');
  try {
    if (!code)
      return page('政府信息公开网上申请', h('p', {}, '请通过行政机关公布的网上申请地址访问本平台。'));
    if (!token) return signInPage();
    if (where === 'apply') return await applyPage();
    if (where === 'applications' && id) return await applicationPage(id);
    return await myApplicationsPage();
  } catch (err) {
    if (!token) return signInPage();
    page('出错了', h('div', { className: 'error', role: 'alert' }, errorText(err)));
  }
}

window.addEventListener('hashchange', () => void route());
void route();
