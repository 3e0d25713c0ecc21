/**
 * The applicants' portal (issue 14), through the API: a one-time code by e-mail (a local SMTP server)
 * opens a session; the application filed online is registered at once with the platform's receipt date
 * and evidence, and registrars find it in their inbox; a session opens its own applications only; codes
 * and submissions are throttled.
 */
import { dateInShanghai } from '../../libs/domain/dates';
import { type Mailbox, mailText, startMailbox } from '../support/mailbox';
import { type AgencyStaff, type Api, createAgencyWithStaff, eventually, startStack } from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('the applicants’ portal', () => {
  let stack: Stack;
  let smtp: Mailbox;
  let staff: AgencyStaff;
  let portal: Api;

  beforeAll(async () => {
    smtp = await startMailbox();
    stack = await startStack({
      env: {
        OGI_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        OGI_SMTP_FROM: 'OGI Flow <ogi@agency.test>',
        // Small daily limits, so that a burst passes them (defaults 20 and 200).
        OGI_PORTAL_APPLICATIONS_PER_DAY: '6',
        OGI_PORTAL_APPLICATIONS_PER_CLIENT_PER_DAY: '14',
      },
    });
    staff = await createAgencyWithStaff(stack.api, '网上申请测试机关');
    portal = stack.api.withToken(null);
  });

  afterAll(async () => {
    await stack?.stop();
    await smtp?.close();
  });

  /** Asks a code for the address and reads it from the mail it was sent in. */
  async function codeFor(email: string): Promise<string> {
    const before = smtp.mails.length;
    const sent = await portal.post(`/portal/agencies/${staff.agency.code}/codes`, { email });
    expect(sent.status).toBe(202);
    const mail = await eventually('the code’s mail', async () =>
      smtp.mails.slice(before).find((m) => m.to.includes(email.toLowerCase())),
    );
    return /\b(\d{6})\b/.exec(mailText(mail.data))![1];
  }

  async function sessionOf(email: string): Promise<Api> {
    const code = await codeFor(email);
    const opened = await portal.post(`/portal/agencies/${staff.agency.code}/sessions`, { email, code });
    expect(opened.status).toBe(200);
    return stack.api.withToken(opened.body.token);
  }

  const form = {
    applicantName: '张三',
    applicantType: 'natural_person',
    applicantIdNumber: '110101199001011234',
    applicantContact: '13800000000',
    informationSought: '本县2025年度义务教育经费预算执行情况',
    deliveryPreference: '电子邮件',
  };

  it('files an application online, received on the platform’s confirmation date, and staff see it registered', async () => {
    const zhang = await sessionOf('ZhangSan@example.cn');
    const before = Date.now();
    const filed = await zhang.post('/portal/applications', form);
    expect(filed.status).toBe(201);
    expect(filed.body.receivedOn).toBe(dateInShanghai(new Date(filed.body.submittedAt)));
    expect(Date.parse(filed.body.submittedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(filed.body.caseNumber).toMatch(/^\d{4}-\d{4}$/);
    expect(filed.body.nextSteps).toContain('20个工作日');
    // The confirmation by e-mail: the case number and the receipt date.
    const confirmation = await eventually('the confirmation mail', async () =>
      smtp.mails.find(
        (m) => m.to.includes('zhangsan@example.cn') && mailText(m.data).includes(filed.body.caseNumber),
      ),
    );
    expect(mailText(confirmation.data)).toContain(`收到申请之日：${filed.body.receivedOn}`);

    // Staff see it as registered, from the online platform, with its evidence; the applicant is the actor.
    const app = (await staff.as.registrar.get(`/applications/${filed.body.id}`)).body;
    expect(app.status).toBe('registered');
    expect(app.channel).toBe('online_platform');
    expect(app.receivedOn).toBe(filed.body.receivedOn);
    expect(app.submittedAt).toBe(filed.body.submittedAt);
    expect(app.receiptEvidence).toContain('zhangsan@example.cn');
    expect(app.events[0].actor).toBe('申请人（zhangsan@example.cn）');
    // Staff see how many applications this applicant filed this month (Art. 35).
    const volume = (await staff.as.handler.get(`/applications/${filed.body.id}/deadlines`)).body
      .applicantVolume;
    expect(volume.count).toBe(1);
    expect(volume.explanation).toContain('第三十五条');
    const inbox = await staff.as.handler.get('/tasks?view=role');
    expect(inbox.body.items.map((t: { application: { id: string } }) => t.application.id)).toContain(
      filed.body.id,
    );

    // The applicant's list holds it.
    const mine = await zhang.get('/portal/applications');
    expect(mine.body.items.map((a: { id: string }) => a.id)).toEqual([filed.body.id]);
    expect(mine.body.items[0].statusLabel).toBe('已登记');
  });

  it('follows the case while staff act on it: supplement online, then the decision to download', async () => {
    const zhang = await sessionOf('zhangsan@example.cn');
    const filed = (
      await zhang.post('/portal/applications', { ...form, informationSought: '某路段改造工程的批复文件' })
    ).body;
    const id: string = filed.id;
    const today = filed.receivedOn as string;
    await staff.as.handler.ok(`/applications/${id}/accept`);
    await staff.as.handler.ok(`/applications/${id}/request-supplement`, {
      requestedOn: today,
      whatIsNeeded: '请写明批复文件的文号或形成时间',
    });
    const asked = (await zhang.get(`/portal/applications/${id}`)).body;
    expect(asked.supplement.whatIsNeeded).toContain('文号');
    expect(asked.stage).toContain('补正');
    expect(asked.steps).toEqual({ supplement: true, feePayment: false, withdraw: true });
    expect(asked.notices.map((n: { kindLabel: string }) => n.kindLabel)).toEqual(['补正告知书']);

    // The supplement supplied online is recorded with its receipt date: the clock restarts.
    const supplied = await zhang.post(`/portal/applications/${id}/supplement`, {
      text: '文号为X发改〔2025〕12号',
    });
    expect(supplied.status).toBe(200);
    expect(supplied.body.status).toBe('under_review');
    expect(supplied.body.steps.supplement).toBe(false);
    const app = (await staff.as.registrar.get(`/applications/${id}`)).body;
    const event = app.events.find((e: { type: string }) => e.type === 'supplement_received');
    expect(event.actor).toBe('申请人（zhangsan@example.cn）');
    expect(event.payload.note).toContain('12号');
    expect(app.clockStartedOn).toBe(today);
    // A second supplement is refused by the workflow's rule.
    expect((await zhang.post(`/portal/applications/${id}/supplement`, { text: '再补充' })).status).toBe(409);

    // Staff decide; the applicant sees the answer and downloads it.
    await staff.as.handler.ok(`/applications/${id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '《条例》第三十六条第（一）项',
    });
    await staff.as.reviewer.ok(`/applications/${id}/approve-decision`, {});
    await staff.as.registrar.ok(`/applications/${id}/deliver`, {
      deliveredOn: today,
      deliveryMethod: 'email',
    });
    const answered = (await zhang.get(`/portal/applications/${id}`)).body;
    expect(answered.stage).toContain('已于');
    expect(answered.outcomeLabel).toBe('予以公开');
    const decision = answered.notices.find((n: { kindLabel: string }) => n.kindLabel === '答复书');
    const file = await zhang.request('GET', decision.docx);
    expect(file.status).toBe(200);
    expect(await staff.as.registrar.get(decision.docx).then((r) => r.status)).toBe(401);

    // Another applicant cannot open it, nor its notices.
    const li = await sessionOf('lisi@example.cn');
    expect((await li.get(`/portal/applications/${id}`)).status).toBe(404);
    expect((await li.request('GET', decision.docx)).status).toBe(404);
  });

  it('withdraws an application online', async () => {
    const zhang = await sessionOf('zhangsan@example.cn');
    const filed = (await zhang.post('/portal/applications', form)).body;
    const withdrawn = await zhang.post(`/portal/applications/${filed.id}/withdraw`, {
      reason: '已从其他渠道获取',
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(withdrawn.body.steps).toEqual({ supplement: false, feePayment: false, withdraw: false });
    expect((await zhang.post(`/portal/applications/${filed.id}/withdraw`, {})).status).toBe(409);
  });

  it('confirms a fee payment online with its reference: the reply period resumes', async () => {
    const wang = await sessionOf('wangwu@example.cn');
    const filed = (
      await wang.post('/portal/applications', { ...form, informationSought: '近五年全部会议纪要' })
    ).body;
    const id: string = filed.id;
    const today = filed.receivedOn as string;
    await staff.as.handler.ok(`/applications/${id}/accept`);
    await staff.as.handler.ok(`/applications/${id}/issue-fee-notice`, {
      noticeOn: today,
      method: 'per_page',
      pages: 50,
    });
    const due = (await wang.get(`/portal/applications/${id}`)).body;
    expect(due.fee.amountYuan).toBe(200);
    expect(due.stage).toContain('200 元');
    expect(due.steps.feePayment).toBe(true);
    expect(due.notices.map((n: { kindLabel: string }) => n.kindLabel)).toContain('收费通知书');

    // The reference is required, and a date after today is refused naming the field.
    const noReference = await wang.post(`/portal/applications/${id}/fee-payment`, {});
    expect(noReference.status).toBe(400);
    expect(noReference.body.errors[0].field).toBe('paymentReference');
    const future = await wang.post(`/portal/applications/${id}/fee-payment`, {
      paymentReference: 'A1',
      paidOn: '2999-01-01',
    });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('paidOn');

    const paid = await wang.post(`/portal/applications/${id}/fee-payment`, {
      paymentReference: '3301202406200012',
    });
    expect(paid.status).toBe(200);
    expect(paid.body.fee).toBeNull();
    expect(paid.body.steps.feePayment).toBe(false);
    const app = (await staff.as.handler.get(`/applications/${id}`)).body;
    const event = app.events.find((e: { type: string }) => e.type === 'fee_paid');
    expect(event.actor).toBe('申请人（wangwu@example.cn）');
    expect(event.payload).toMatchObject({ paidOn: today, amountYuan: 200 });
    expect(event.payload.note).toContain('3301202406200012');
    expect(app.paused).toBe(false);
    // Paid once: a second confirmation is refused by the workflow's rule.
    const again = await wang.post(`/portal/applications/${id}/fee-payment`, { paymentReference: 'B2' });
    expect(again.status).toBe(409);
  });

  it('opens only the address’s own applications, and no staff endpoint', async () => {
    const li = await sessionOf('lisi@example.cn');
    expect((await li.get('/portal/applications')).body.items).toEqual([]);
    expect((await li.get('/applications')).status).toBe(401);
    expect((await portal.get('/portal/applications')).status).toBe(401);
    // A staff token is not an applicant session.
    expect((await staff.as.registrar.get('/portal/applications')).status).toBe(401);
  });

  it('refuses a wrong code, ends it after five tries, and never reuses one', async () => {
    const email = 'wangwu@example.cn';
    const code = await codeFor(email);
    const wrong = code === '000000' ? '111111' : '000000';
    const path = `/portal/agencies/${staff.agency.code}/sessions`;
    for (let i = 0; i < 5; i++) expect((await portal.post(path, { email, code: wrong })).status).toBe(401);
    // The right code no longer opens anything after five wrong tries.
    const late = await portal.post(path, { email, code });
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('CODE_INVALID');
    const fresh = await codeFor(email);
    expect((await portal.post(path, { email, code: fresh })).status).toBe(200);
    expect((await portal.post(path, { email, code: fresh })).status).toBe(401);
  });

  it('names the field of a bad request, and throttles a burst of code requests', async () => {
    const bad = await portal.post(`/portal/agencies/${staff.agency.code}/codes`, { email: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('email');
    expect((await portal.post('/portal/agencies/no-such-agency/codes', { email: 'a@b.cn' })).status).toBe(
      404,
    );
    const burst = await Promise.all(
      Array.from({ length: 8 }, () =>
        portal.post(`/portal/agencies/${staff.agency.code}/codes`, { email: 'flood@example.cn' }),
      ),
    );
    const statuses = burst.map((r) => r.status);
    // Exactly three codes per address in the window, however many arrive at once.
    expect(statuses.filter((s) => s === 202).length).toBe(3);
    expect(statuses.filter((s) => s === 429).length).toBe(5);
    const refused = burst.find((r) => r.status === 429)!;
    expect(refused.body.code).toBe('CODE_REQUESTS_THROTTLED');
  });

  it('refuses a bad application naming the field, and stays up', async () => {
    const zhao = await sessionOf('zhaoliu@example.cn');
    const bad = await zhao.post('/portal/applications', { ...form, applicantType: 'alien' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('applicantType');
    const missing = await zhao.post('/portal/applications', { ...form, informationSought: '' });
    expect(missing.status).toBe(400);
    expect((await zhao.get('/portal/applications')).body.items).toEqual([]);
  });

  it('throttles a burst of submissions per address and per client, and refuses an oversized body', async () => {
    const burst = async (email: string, n: number, applicantIdNumber = form.applicantIdNumber) => {
      const session = await sessionOf(email);
      const answers = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          session.post('/portal/applications', {
            ...form,
            applicantIdNumber,
            informationSought: `批量申请第${i + 1}件`,
          }),
        ),
      );
      return { session, answers };
    };
    // Six a day per e-mail address, however many arrive at once.
    const first = await burst('burst@example.cn', 10, '110101199202023456');
    expect(first.answers.filter((r) => r.status === 201).length).toBe(6);
    const refused = first.answers.filter((r) => r.status === 429);
    expect(refused.length).toBe(4);
    expect(refused[0].body.code).toBe('SUBMISSIONS_THROTTLED');
    expect(refused[0].body.message).toContain('6 件');
    // The refused ones left nothing behind: six applications, six case numbers.
    const filed = (await first.session.get('/portal/applications')).body.items;
    expect(filed.length).toBe(6);
    expect(new Set(filed.map((a: { caseNumber: string }) => a.caseNumber)).size).toBe(6);

    // Fourteen a day from one client address, whatever the e-mail addresses.
    const second = await burst('another@example.cn', 8);
    const statuses = second.answers.map((r) => r.status);
    expect(statuses.every((x) => x === 201 || x === 429)).toBe(true);
    expect(statuses).toContain(429);
    expect(second.answers.find((r) => r.status === 429)!.body.message).toContain('网络地址');
    const third = await sessionOf('third@example.cn');
    const late = await third.post('/portal/applications', form);
    expect(late.status).toBe(429);
    expect(late.body.message).toContain('网络地址');
    // The flood shows up for the Art. 35 assessment: this applicant's applications this month.
    const oneOf = filed[0].id as string;
    const volume = (await staff.as.handler.get(`/applications/${oneOf}/deadlines`)).body.applicantVolume;
    expect(volume.count).toBe(6);

    // A body over the limit (1 MiB) is refused before it is read, with a clear answer.
    const huge = await third.post('/portal/applications', {
      ...form,
      informationSought: '长'.repeat(600_000),
    });
    expect(huge.status).toBe(413);
    expect(JSON.stringify(huge.body)).toMatch(/too large|过大/i);
    expect((await third.get('/portal/applications')).status).toBe(200);
  });
});
