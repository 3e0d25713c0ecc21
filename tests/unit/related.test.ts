import {
  type ApplicationState,
  type Command,
  type DecisionContext,
  decide,
  initialState,
} from '../../libs/domain/application';
import { BUILT_IN_CALENDAR } from '../../libs/domain/calendar';
import { composeNotice, defaultNoticeTemplate, noticeOfTransition } from '../../libs/domain/notices';
import {
  MAX_SUGGESTIONS,
  bigrams,
  earlierApplicationProblem,
  normalizeForComparison,
  rankBySimilarity,
  sameApplicant,
  similarity,
} from '../../libs/domain/related';

describe('similarity of information sought (character bigrams, Dice)', () => {
  it('compares letters and digits only, folding width and case', () => {
    expect(normalizeForComparison('２０２４年 预算，Ａb！')).toBe('2024年预算ab');
    expect([...bigrams('预算表')]).toEqual(['预算', '算表']);
    expect([...bigrams('表')]).toEqual(['表']);
    expect(bigrams('，。 ').size).toBe(0);
  });

  it('is 1 for the same text, 0 for nothing shared, and symmetric', () => {
    const a = '请公开2024年某区财政预算执行情况';
    expect(similarity(a, a)).toBe(1);
    expect(similarity(a, `${a}。`)).toBe(1);
    expect(similarity(a, '申请获取道路施工许可证')).toBe(0);
    expect(similarity(a, '')).toBe(0);
    const b = '申请公开某区2024年度财政预算的执行情况';
    expect(similarity(a, b)).toBeCloseTo(similarity(b, a), 10);
  });

  it('finds the same information asked in other words, not a different one on the same subject', () => {
    const first = '请公开本区2024年城中村改造项目的征收补偿方案';
    const again = '申请公开贵区2024年城中村改造项目征收补偿方案全文';
    const other = '请公开本区2024年城中村改造项目的环境影响评价报告';
    expect(similarity(first, again)).toBeGreaterThan(0.6);
    expect(similarity(first, other)).toBeLessThan(similarity(first, again));
  });

  it('ranks the candidates above the threshold, most alike first, at most N', () => {
    const sought = '请公开本区2024年城中村改造项目的征收补偿方案';
    const candidates = [
      { id: 'a', informationSought: '道路施工许可证', receivedOn: '2024-05-01' },
      { id: 'b', informationSought: '2024年城中村改造项目征收补偿方案', receivedOn: '2024-03-01' },
      {
        id: 'c',
        informationSought: '请公开本区2024年城中村改造项目的征收补偿方案',
        receivedOn: '2024-02-01',
      },
      ...Array.from({ length: 10 }, (_, i) => ({
        id: `x${i}`,
        informationSought: `请公开本区2024年城中村改造项目的征收补偿方案附件${i}`,
        receivedOn: `2024-01-${String(10 + i)}`,
      })),
    ];
    const ranked = rankBySimilarity(sought, candidates);
    expect(ranked).toHaveLength(MAX_SUGGESTIONS);
    expect(ranked[0].id).toBe('c');
    expect(ranked[0].similarity).toBe(1);
    expect(ranked.map((r) => r.id)).not.toContain('a');
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i].similarity).toBeLessThanOrEqual(ranked[i - 1].similarity);
  });

  it('ranks 500 long candidates quickly', () => {
    const text = '请公开某市某区人民政府关于某某事项的决定及相关会议纪要、请示、批复等文件'.repeat(20);
    const candidates = Array.from({ length: 500 }, (_, i) => ({
      id: String(i),
      informationSought: `${text}${i}`,
      receivedOn: '2024-01-01',
    }));
    const started = performance.now();
    rankBySimilarity(text, candidates);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('the same applicant', () => {
  const p = { applicantName: '张三', applicantIdNumber: null, applicantContact: '13800000000' };
  it('is the same certificate number, or without one the same name and contact', () => {
    expect(
      sameApplicant(
        { ...p, applicantIdNumber: '110101' },
        { ...p, applicantName: '张叁', applicantIdNumber: '110101' },
      ),
    ).toBe(true);
    expect(sameApplicant({ ...p, applicantIdNumber: '110101' }, { ...p, applicantIdNumber: '110102' })).toBe(
      false,
    );
    expect(sameApplicant({ ...p, applicantIdNumber: '110101' }, p)).toBe(false);
    expect(sameApplicant(p, { ...p })).toBe(true);
    expect(sameApplicant(p, { ...p, applicantContact: '13900000000' })).toBe(false);
    expect(sameApplicant({ ...p, applicantContact: null }, { ...p, applicantContact: null })).toBe(false);
  });

  it('names what keeps an earlier application from being the one repeated', () => {
    const current = { ...p, id: 'n', agencyId: 'g' };
    const earlier = {
      ...p,
      id: 'e',
      agencyId: 'g',
      status: 'delivered',
      outcome: 'disclosed',
      concludedOn: '2024-03-01',
    };
    expect(earlierApplicationProblem(current, earlier)).toBeNull();
    expect(earlierApplicationProblem(current, { ...earlier, id: 'n' })).toMatch('自身');
    expect(earlierApplicationProblem(current, { ...earlier, agencyId: 'h' })).toMatch('本机关');
    expect(earlierApplicationProblem(current, { ...earlier, applicantContact: 'x' })).toMatch('同一申请人');
    expect(
      earlierApplicationProblem(current, {
        ...earlier,
        status: 'under_review',
        outcome: null,
        concludedOn: null,
      }),
    ).toMatch('办结');
    expect(earlierApplicationProblem(current, { ...earlier, status: 'withdrawn' })).toMatch('办结');
  });
});

describe('deciding a repeated application (Art. 36(6), rules 3)', () => {
  const ctx: DecisionContext = { today: '2026-11-20', calendar: BUILT_IN_CALENDAR };
  const underReview = (rules: number): ApplicationState => {
    const d = decide(initialState({ receivedOn: '2026-11-02' }, rules), { type: 'accept' }, ctx);
    if (!d.ok) throw new Error(d.violation.message);
    return d.next;
  };
  const repeated: Command = {
    type: 'draftDecision',
    outcome: 'not_processed.repeated_application',
    legalGround: '《条例》第三十六条第（六）项',
  };
  const named = {
    earlierApplication: '2026-0001',
    earlierReply: '某政依公开〔2026〕1号，2026-03-10',
    factsUnchanged: '申请人未提出新的事实和理由',
  };

  it('refuses without the earlier application, its reply or the facts-unchanged statement, naming the field', () => {
    const state = underReview(3);
    for (const field of ['earlierApplication', 'earlierReply', 'factsUnchanged'] as const) {
      const d = decide(state, { ...repeated, ...named, [field]: '  ' } as Command, ctx);
      expect(d.ok).toBe(false);
      if (!d.ok) {
        expect(d.violation.code).toBe('EARLIER_REPLY_REQUIRED');
        expect(d.violation.message).toContain(field);
      }
    }
    const multiline = decide(
      state,
      { ...repeated, ...named, earlierApplication: '2026-\n0001' } as Command,
      ctx,
    );
    expect(multiline.ok || multiline.violation.code).toMatch(/INVALID/);
  });

  it('accepts it with them, keeps them in the draft and the event, and cites them in the reply', () => {
    const d = decide(underReview(3), { ...repeated, ...named } as Command, ctx);
    if (!d.ok) throw new Error(d.violation.message);
    expect(d.next.decision?.repeated).toEqual(named);
    expect(d.event.payload).toMatchObject(named);
    const approved = decide(d.next, { type: 'approveDecision', actor: 'reviewer' }, ctx);
    if (!approved.ok) throw new Error(approved.violation.message);
    const pending = noticeOfTransition({
      seq: 4,
      event: { ...approved.event, businessDate: '2026-11-20' },
      occurredAt: '2026-11-20T02:00:00Z',
      registration: {
        caseNumber: '2026-0002',
        applicantName: '张三',
        receivedOn: '2026-11-02',
        informationSought: '征收补偿方案',
      },
      state: approved.next,
      deadline: { replyDueOn: null },
    });
    expect(pending).not.toBeNull();
    const doc = composeNotice(
      'decision',
      { ...pending!.facts, serial: 1 },
      defaultNoticeTemplate('某区人民政府'),
    );
    const text = doc.paragraphs.join('\n');
    expect(text).toContain('2026-0001');
    expect(text).toContain(named.earlierReply);
    expect(text).toContain(named.factsUnchanged);
  });

  it('leaves cases begun under rules 2 as they were: the draft needs no earlier reply', () => {
    expect(decide(underReview(2), repeated, ctx).ok).toBe(true);
    expect(decide(underReview(1), repeated, ctx).ok).toBe(true);
  });

  it('asks nothing more of other outcomes', () => {
    const d = decide(
      underReview(3),
      { type: 'draftDecision', outcome: 'disclosed', legalGround: '第三十六条' },
      ctx,
    );
    expect(d.ok).toBe(true);
    if (d.ok) expect(d.next.decision?.repeated).toBeUndefined();
  });
});
