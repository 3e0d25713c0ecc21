/**
 * Related and repeated applications (issue 16) on the real stack: an applicant asks again for what the
 * agency already answered; the registration form's suggestion and the application page's show the first
 * application with its outcome, date and reply; staff link the two (the link and its removal show beside
 * the timeline, the workflow's events untouched); not processing the second as a repeated application
 * (Art. 36(6)) is refused until the earlier application, its reply and the facts-unchanged statement are
 * named, and then cited in the 答复书; linked applications are answered together, each by its workflow.
 */
import JSZip from 'jszip';
import { type Api, createAgencyWithStaff, eventually, registration, startStack } from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

const ID_NUMBER = '110101199001011234';
const FIRST = '请公开本县2023年城中村改造项目的征收补偿方案';
const AGAIN = '申请公开贵县2023年城中村改造项目征收补偿方案全文';

describe('related and repeated applications', () => {
  let stack: Stack;
  let api: Api;
  let reviewer: Api;
  let first: any;

  beforeAll(async () => {
    stack = await startStack();
    const staff = await createAgencyWithStaff(stack.api, '关联申请测试县人民政府');
    api = staff.api;
    reviewer = staff.as.reviewer;
    first = await api.ok(
      '/applications',
      registration({
        applicantIdNumber: ID_NUMBER,
        applicantContact: '13800000000',
        informationSought: FIRST,
      }),
      201,
    );
    await api.ok(`/applications/${first.id}/accept`);
    await api.ok(`/applications/${first.id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '《条例》第三十六条第（二）项',
      notes: '见附件征收补偿方案',
    });
    await reviewer.ok(`/applications/${first.id}/approve-decision`, {});
    first = await api.ok(`/applications/${first.id}/deliver`, {
      deliveredOn: '2024-03-20',
      deliveryMethod: 'post',
    });
    expect(first.status).toBe('delivered');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const register = (overrides: Record<string, unknown>) =>
    api.ok('/applications', registration({ receivedOn: '2024-04-01', ...overrides }), 201);

  it('suggests the earlier application with its outcome, date and reply, on registration and on the page', async () => {
    // The registration form, before saving: the applicant by certificate number, the information as typed.
    const typed = await api.ok('/applications/suggestions', {
      applicantName: '张三（另写）',
      applicantIdNumber: ID_NUMBER,
      informationSought: AGAIN,
    });
    expect(typed.matchedBy).toBe('id_number');
    expect(typed.items).toHaveLength(1);
    const s = typed.items[0];
    expect(s).toMatchObject({
      id: first.id,
      caseNumber: first.caseNumber,
      outcome: 'disclosed',
      outcomeLabel: '予以公开',
      concludedOn: '2024-03-20',
      citable: true,
    });
    expect(s.similarity).toBeGreaterThan(0.5);
    expect(s.reply).toMatchObject({
      legalGround: '《条例》第三十六条第（二）项',
      notes: '见附件征收补偿方案',
    });
    expect(s.reply.number).toBeTruthy();
    expect(s.reply.citation).toContain(s.reply.number);

    // Another applicant's, or other information: nothing.
    const other = await api.ok('/applications/suggestions', {
      applicantIdNumber: '110101199001019999',
      informationSought: AGAIN,
    });
    expect(other.items).toEqual([]);
    const unlike = await api.ok('/applications/suggestions', {
      applicantIdNumber: ID_NUMBER,
      informationSought: '申请获取本县道路施工许可证',
    });
    expect(unlike.items).toEqual([]);
    // Without a certificate number: name and contact.
    const byContact = await api.ok('/applications/suggestions', {
      applicantName: '张三',
      applicantContact: '13800000000',
      informationSought: AGAIN,
    });
    expect(byContact.matchedBy).toBe('name_and_contact');
    expect(byContact.items).toEqual([]); // the first has a certificate number: a different key
    const bad = await api.post('/applications/suggestions', { applicantIdNumber: ID_NUMBER });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('informationSought');

    const second = await register({ applicantIdNumber: ID_NUMBER, informationSought: AGAIN });
    const onPage = await api.get(`/applications/${second.id}/suggestions`);
    expect(onPage.status).toBe(200);
    expect(onPage.body.items.map((i: any) => i.id)).toEqual([first.id]);
    expect(onPage.body.items[0].linked).toBe(false);
  });

  it('links applications, shows the link on both, keeps its history, and leaves the events alone', async () => {
    const second = await register({ applicantIdNumber: ID_NUMBER, informationSought: AGAIN });
    const before = (await api.get(`/applications/${second.id}`)).body.events.length;
    const linked = await api.ok(`/applications/${second.id}/links`, {
      caseNumber: first.caseNumber,
      reason: '同一申请人再次申请相同信息',
    });
    expect(linked.items).toHaveLength(1);
    expect(linked.items[0]).toMatchObject({
      id: first.id,
      status: 'delivered',
      outcome: 'disclosed',
      linkReason: '同一申请人再次申请相同信息',
    });
    const again = await api.post(`/applications/${first.id}/links`, { applicationId: second.id });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_LINKED');
    const self = await api.post(`/applications/${first.id}/links`, { applicationId: first.id });
    expect(self.status).toBe(400);
    const fromFirst = (await api.get(`/applications/${first.id}/links`)).body;
    expect(fromFirst.items.map((i: any) => i.id)).toEqual([second.id]);
    expect(fromFirst.history.map((e: any) => e.type)).toEqual(['linked']);
    const suggested = (await api.get(`/applications/${second.id}/suggestions`)).body.items;
    expect(suggested.find((i: any) => i.id === first.id).linked).toBe(true);

    const removed = await api.request(
      'DELETE',
      `/applications/${second.id}/links/${first.id}?reason=${encodeURIComponent('误关联')}`,
    );
    expect(removed.status).toBe(200);
    expect(removed.body.items).toEqual([]);
    expect(removed.body.history.map((e: any) => [e.type, e.reason])).toEqual([
      ['linked', '同一申请人再次申请相同信息'],
      ['unlinked', '误关联'],
    ]);
    // Linking is not a step of the procedure: the workflow's events and their numbering are as they were.
    const after = (await api.get(`/applications/${second.id}`)).body.events;
    expect(after).toHaveLength(before);
    expect(after.map((e: any) => e.seq)).toEqual(after.map((_: unknown, i: number) => i + 1));
  });

  it('refuses the repeated-application decision without the earlier reply, and cites it once named', async () => {
    const second = await register({ applicantIdNumber: ID_NUMBER, informationSought: AGAIN });
    await api.ok(`/applications/${second.id}/accept`);
    const repeated = {
      outcome: 'not_processed.repeated_application',
      legalGround: '《条例》第三十六条第（六）项',
    };
    const named = {
      earlierApplication: first.caseNumber,
      earlierReply: '前次答复书及日期',
      factsUnchanged: '申请人未提出新的事实和理由',
    };

    // Nothing named: 400 naming the field, nothing recorded.
    const bare = await api.post(`/applications/${second.id}/draft-decision`, repeated);
    expect(bare.status).toBe(400);
    const fields = bare.body.errors.map((e: any) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['earlierApplication', 'earlierReply', 'factsUnchanged']));
    const noFacts = await api.post(`/applications/${second.id}/draft-decision`, {
      ...repeated,
      ...named,
      factsUnchanged: undefined,
    });
    expect(noFacts.status).toBe(400);
    expect(noFacts.body.errors.map((e: any) => e.field)).toEqual(['factsUnchanged']);
    // Blank: the workflow's rule refuses (409 naming the field).
    const blank = await api.post(`/applications/${second.id}/draft-decision`, {
      ...repeated,
      ...named,
      factsUnchanged: '   ',
    });
    expect(blank.status).toBe(409);
    expect(blank.body.code).toBe('EARLIER_REPLY_REQUIRED');
    expect(blank.body.message).toContain('factsUnchanged');
    // An application not concluded, another applicant's, or none at all: 400 on earlierApplication.
    const open = await register({ applicantIdNumber: ID_NUMBER, informationSought: FIRST });
    const stranger = await register({ applicantIdNumber: '110101199001019999', informationSought: FIRST });
    for (const ref of [open.caseNumber, stranger.id, '1999-0001', second.caseNumber]) {
      const wrong = await api.post(`/applications/${second.id}/draft-decision`, {
        ...repeated,
        ...named,
        earlierApplication: ref,
      });
      expect([ref, wrong.status]).toEqual([ref, 400]);
      expect(wrong.body.errors.map((e: any) => e.field)).toEqual(['earlierApplication']);
    }
    expect((await api.get(`/applications/${second.id}`)).body.status).toBe('under_review');

    // Named (by id here; recorded by its case number): accepted, and the 答复书 cites the earlier reply.
    const drafted = await api.ok(`/applications/${second.id}/draft-decision`, {
      ...repeated,
      ...named,
      earlierApplication: first.id,
    });
    expect(drafted.status).toBe('decision_drafted');
    const event = drafted.events.find((e: any) => e.type === 'decision_drafted');
    expect(event.payload).toMatchObject({ ...named, earlierApplication: first.caseNumber });
    const approved = await reviewer.ok(`/applications/${second.id}/approve-decision`, {});
    expect(approved.status).toBe('decision_approved');
    const notice = await eventually('the 答复书', async () =>
      (await api.get(`/applications/${second.id}`)).body.notices.find((x: any) => x.kind === 'decision'),
    );
    const res = await fetch(`${api.baseUrl}/applications/${second.id}/notices/${notice.id}.docx`, {
      headers: { authorization: `Bearer ${api.token}` },
    });
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(text).toContain(first.caseNumber);
    expect(text).toContain(named.earlierReply);
    expect(text).toContain(named.factsUnchanged);
  });

  it('drafts one decision for linked open applications, each by its own workflow, reporting each', async () => {
    const a = await register({ applicantIdNumber: '220101199001011111', informationSought: FIRST });
    const b = await register({ applicantIdNumber: '220101199001011111', informationSought: AGAIN });
    const c = await register({ applicantIdNumber: '220101199001011111', informationSought: AGAIN });
    await api.ok(`/applications/${a.id}/accept`);
    await api.ok(`/applications/${b.id}/accept`);
    await api.ok(`/applications/${a.id}/links`, { applicationId: b.id });
    await api.ok(`/applications/${a.id}/links`, { applicationId: c.id });
    const draft = { outcome: 'unavailable.not_held', legalGround: '《条例》第三十六条第（四）项' };

    // c is not yet accepted: named explicitly, it is refused by its workflow while a and b are drafted.
    const together = await api.ok(`/applications/${a.id}/draft-decision-linked`, {
      ...draft,
      applicationIds: [b.id, c.id],
    });
    expect(together.results.map((r: any) => [r.caseNumber, r.ok, r.errorStatus])).toEqual([
      [a.caseNumber, true, null],
      [b.caseNumber, true, null],
      [c.caseNumber, false, 409],
    ]);
    for (const x of [a, b]) {
      const d = (await api.get(`/applications/${x.id}`)).body;
      expect([d.status, d.outcome]).toEqual(['decision_drafted', 'unavailable.not_held']);
      // Each keeps its own deadline.
      expect(d.replyDueOn).toBeTruthy();
    }
    expect((await api.get(`/applications/${c.id}`)).body.status).toBe('registered');
    const notLinked = await api.post(`/applications/${a.id}/draft-decision-linked`, {
      ...draft,
      applicationIds: [first.id],
    });
    expect(notLinked.status).toBe(400);
    expect(notLinked.body.errors[0].field).toBe('applicationIds');
    const noGround = await api.post(`/applications/${a.id}/draft-decision-linked`, { outcome: 'disclosed' });
    expect(noGround.status).toBe(400);
  });
});
