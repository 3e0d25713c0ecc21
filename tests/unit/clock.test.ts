/** The reply clock ledger and deadline calculus (RULES.md §2, §4, §5, §6). */
import vectors from '../fixtures/deadline-vectors.json';
import { BUILT_IN_CALENDAR as cal } from '../../libs/domain/calendar';
import {
  type ClockEntry,
  CONSULTATION_WINDOW_WORKING_DAYS,
  FEE_PAYMENT_WINDOW_WORKING_DAYS,
  MAX_EXTENSION_WORKING_DAYS,
  PAUSE_GROUND_LABELS,
  REPLY_WORKING_DAYS,
  computeReplyDeadline,
  consultationWindowEnd,
  feePaymentWindowEnd,
  supplementNoticeDeadline,
  workingDaysTaken,
} from '../../libs/domain/clock';
import { type IsoDate, addDays, fromEpochDay, toEpochDay } from '../../libs/domain/dates';
import { prng } from '../support/prng';

const start = (on: IsoDate): ClockEntry => ({ kind: 'start', on });
const restart = (on: IsoDate): ClockEntry => ({ kind: 'restart', on });
const pauseBegin = (
  on: IsoDate,
  ref: string,
  windowEnd: IsoDate = consultationWindowEnd(on, cal).due,
  ground:
    'third_party_consultation' | 'other_agency_consultation' | 'fee_notice' = 'third_party_consultation',
): ClockEntry => ({ kind: 'pause_begin', on, ground, ref, windowEnd });
const pauseEnd = (
  on: IsoDate,
  ref: string,
  reason: 'answered' | 'window_lapsed' | 'paid' | 'cancelled' = 'answered',
): ClockEntry => ({ kind: 'pause_end', on, ref, reason });

describe('constants', () => {
  it('are the statutory periods', () => {
    expect(REPLY_WORKING_DAYS).toBe(20);
    expect(MAX_EXTENSION_WORKING_DAYS).toBe(20);
    expect(CONSULTATION_WINDOW_WORKING_DAYS).toBe(15);
    expect(FEE_PAYMENT_WINDOW_WORKING_DAYS).toBe(20);
    expect(PAUSE_GROUND_LABELS.third_party_consultation).toContain('第三十二条');
    expect(PAUSE_GROUND_LABELS.other_agency_consultation).toContain('第三十四条');
    expect(PAUSE_GROUND_LABELS.fee_notice).toContain('收费');
  });
});

describe('computeReplyDeadline', () => {
  const plain = vectors.vectors.filter((v) => v.workingDays === 20);

  it.each(plain)('received $from: due $due (20 working days)', ({ from, due }) => {
    const d = computeReplyDeadline([start(from)], cal);
    expect(d.due).toBe(due);
    expect(d.clockStartedOn).toBe(from);
    expect(d.workingDays).toBe(20);
    expect(d.extensionWorkingDays).toBe(0);
    expect(d.pausedWorkingDays).toBe(0);
    expect(d.paused).toBe(false);
    expect(d.openPause).toBeNull();
    expect(d.provisional).toBe(false);
    expect(d.laterDeadline).toBeNull();
  });

  it('adds back the working days of a pause (RULES.md §2 example)', () => {
    const d = computeReplyDeadline(
      [start('2024-09-27'), pauseBegin('2024-10-08', 'TP-1'), pauseEnd('2024-10-21', 'TP-1')],
      cal,
    );
    expect(d.due).toBe('2024-11-13');
    expect(d.pausedWorkingDays).toBe(10);
    expect(d.paused).toBe(false);
    expect(d.pauses).toEqual([
      {
        ground: 'third_party_consultation',
        ref: 'TP-1',
        from: '2024-10-08',
        to: '2024-10-21',
        workingDays: 10,
        open: false,
      },
    ]);
    expect(d.daysOffCrossed).toEqual(expect.arrayContaining(['2024-10-01', '2024-10-07']));
    expect(d.makeUpDaysCrossed).toEqual(['2024-09-29', '2024-10-12']);
  });

  it('restarts from zero at the supplemented application (Art. 30), ignoring earlier entries', () => {
    const d = computeReplyDeadline(
      [
        start('2024-02-01'),
        pauseBegin('2024-02-05', 'OLD'),
        { kind: 'extension', on: '2024-02-06', workingDays: 20, approvedBy: '张主任' },
        restart('2024-09-27'),
      ],
      cal,
    );
    expect(d.clockStartedOn).toBe('2024-09-27');
    expect(d.due).toBe('2024-10-30');
    expect(d.pauses).toEqual([]);
    expect(d.extensionWorkingDays).toBe(0);
    expect(d.steps[0].text).toContain('补正');
    expect(d.steps[0].text).toContain('2024-09-27');
  });

  it('adds an extension of 20 working days (Art. 33): 2025-01-24 + 40 = 2025-03-27', () => {
    const d = computeReplyDeadline(
      [start('2025-01-24'), { kind: 'extension', on: '2025-02-20', workingDays: 20, approvedBy: '王科长' }],
      cal,
    );
    expect(d.due).toBe('2025-03-27');
    expect(d.workingDays).toBe(40);
    expect(d.extensionWorkingDays).toBe(20);
    const ext = d.steps.find((s) => s.kind === 'extension');
    expect(ext?.text).toContain('王科长');
    expect(ext?.text).toContain('20个工作日');
  });

  it('rejects an extension beyond 20 working days or not a whole number', () => {
    expect(() =>
      computeReplyDeadline(
        [start('2025-01-24'), { kind: 'extension', on: '2025-02-20', workingDays: 21, approvedBy: 'x' }],
        cal,
      ),
    ).toThrow(RangeError);
    expect(() =>
      computeReplyDeadline(
        [start('2025-01-24'), { kind: 'extension', on: '2025-02-20', workingDays: 1.5, approvedBy: 'x' }],
        cal,
      ),
    ).toThrow(RangeError);
  });

  it('projects an open pause to its window end', () => {
    const windowEnd = consultationWindowEnd('2024-10-08', cal).due;
    expect(windowEnd).toBe('2024-10-28');
    const d = computeReplyDeadline([start('2024-09-27'), pauseBegin('2024-10-08', 'TP-1', windowEnd)], cal);
    expect(d.paused).toBe(true);
    expect(d.openPause).toEqual({
      ground: 'third_party_consultation',
      ref: 'TP-1',
      since: '2024-10-08',
      windowEnd: '2024-10-28',
    });
    expect(d.pausedWorkingDays).toBe(15);
    expect(d.pauses[0]).toMatchObject({ to: '2024-10-28', workingDays: 15, open: true });
    expect(d.due).toBe(cal.addWorkingDays('2024-10-30', 15).due);
    expect(d.steps.some((s) => s.kind === 'pause_open' && s.text.includes('2024-10-28'))).toBe(true);
  });

  it('caps a pause that ends after its window at the window end', () => {
    const d = computeReplyDeadline(
      [start('2024-09-27'), pauseBegin('2024-10-08', 'TP-1', '2024-10-21'), pauseEnd('2024-11-05', 'TP-1')],
      cal,
    );
    expect(d.pauses[0].to).toBe('2024-10-21');
    expect(d.due).toBe('2024-11-13');
  });

  it('counts overlapping pauses once', () => {
    // Third party 2024-10-08 → 2024-10-21 (10 wd), other agency 2024-10-15 → 2024-10-25 (4 more wd).
    const d = computeReplyDeadline(
      [
        start('2024-09-27'),
        pauseBegin('2024-10-08', 'TP-1'),
        pauseBegin(
          '2024-10-15',
          'OA-1',
          consultationWindowEnd('2024-10-15', cal).due,
          'other_agency_consultation',
        ),
        pauseEnd('2024-10-21', 'TP-1'),
        pauseEnd('2024-10-25', 'OA-1'),
      ],
      cal,
    );
    expect(cal.workingDaysBetween('2024-10-08', '2024-10-25')).toBe(14);
    expect(d.pausedWorkingDays).toBe(14);
    expect(d.due).toBe(cal.addWorkingDays('2024-10-30', 14).due);
    expect(d.pauses.map((p) => p.workingDays)).toEqual([10, 8]);

    // A pause wholly inside another adds nothing.
    const inner = computeReplyDeadline(
      [
        start('2024-09-27'),
        pauseBegin('2024-10-08', 'TP-1'),
        pauseBegin('2024-10-10', 'OA-1', '2024-10-31', 'other_agency_consultation'),
        pauseEnd('2024-10-14', 'OA-1'),
        pauseEnd('2024-10-21', 'TP-1'),
      ],
      cal,
    );
    expect(inner.due).toBe('2024-11-13');
    expect(inner.pausedWorkingDays).toBe(10);
  });

  it('is not moved by a pause that begins on or after the due date', () => {
    for (const on of ['2024-10-30', '2024-11-05']) {
      const d = computeReplyDeadline(
        [start('2024-09-27'), pauseBegin(on, 'FEE-1'), pauseEnd(addDays(on, 10), 'FEE-1')],
        cal,
      );
      expect(d.due).toBe('2024-10-30');
      expect(d.pausedWorkingDays).toBe(0);
    }
  });

  it('pauses for a fee notice until payment', () => {
    const d = computeReplyDeadline(
      [
        start('2024-09-27'),
        pauseBegin('2024-10-08', 'FEE-1', feePaymentWindowEnd('2024-10-08', cal).due, 'fee_notice'),
        pauseEnd('2024-10-21', 'FEE-1', 'paid'),
      ],
      cal,
    );
    expect(d.due).toBe('2024-11-13');
    expect(d.steps.some((s) => s.text.includes('收费通知') && s.text.includes('已缴费'))).toBe(true);
  });

  it('replaces the due by a later deadline set under Art. 35, keeping the computed one in the steps', () => {
    const d = computeReplyDeadline(
      [
        start('2024-09-27'),
        { kind: 'later_deadline', on: '2024-10-10', due: '2024-12-31', reason: '申请数量明显超过合理范围' },
      ],
      cal,
    );
    expect(d.due).toBe('2024-12-31');
    expect(d.laterDeadline).toEqual({ due: '2024-12-31', reason: '申请数量明显超过合理范围' });
    expect(d.steps.some((s) => s.kind === 'computed_due' && s.text.includes('2024-10-30'))).toBe(true);
    expect(
      d.steps.some((s) => s.text.includes('第三十五条') && s.text.includes('申请数量明显超过合理范围')),
    ).toBe(true);
    expect(d.steps[d.steps.length - 1].text).toContain('2024-12-31');
  });

  it('is provisional when the due falls into a year without an arrangement (2027)', () => {
    const d = computeReplyDeadline([start('2026-12-15')], cal);
    expect(d.due.startsWith('2027-')).toBe(true);
    expect(d.provisional).toBe(true);
    expect(d.provisionalYears).toEqual([2027]);
    expect(d.steps[d.steps.length - 1].text).toContain('暂定');
  });

  it('explains itself in Chinese, with the dates', () => {
    const d = computeReplyDeadline(
      [
        start('2024-09-27'),
        pauseBegin('2024-10-08', 'TP-1'),
        pauseEnd('2024-10-21', 'TP-1'),
        { kind: 'extension', on: '2024-11-01', workingDays: 10, approvedBy: '李主任' },
      ],
      cal,
    );
    const text = d.steps.map((s) => s.text).join('\n');
    expect(d.steps[0]).toMatchObject({ kind: 'start', date: '2024-09-27' });
    expect(d.steps[0].text).toContain('起算日');
    expect(d.steps[0].text).toContain('收到申请');
    expect(text).toContain('20个工作日');
    expect(text).toContain('征求第三方意见');
    expect(text).toContain('2024-10-08');
    expect(text).toContain('2024-10-21');
    expect(text).toContain('10个工作日');
    expect(text).toContain('李主任');
    expect(text).toContain('2024-10-01'); // a holiday skipped
    expect(text).toContain('2024-10-12'); // a make-up working day counted
    expect(text).not.toContain('暂定');
    const last = d.steps[d.steps.length - 1];
    expect(last.kind).toBe('result');
    expect(last.date).toBe(d.due);
    expect(last.text).toContain(d.due);
    for (const s of d.steps) expect(s.text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('throws without a start entry; ignores a pause_end for no open pause', () => {
    expect(() => computeReplyDeadline([], cal)).toThrow(RangeError);
    expect(computeReplyDeadline([start('2024-09-27'), pauseEnd('2024-10-01', 'X')], cal).due).toBe(
      '2024-10-30',
    );
    expect(() => computeReplyDeadline([start('2024-02-30')], cal)).toThrow(RangeError);
  });

  describe('properties (seeded)', () => {
    const first = toEpochDay('2024-01-01');
    const span = toEpochDay('2026-06-30') - first;

    it('a closed pause of k working days before the unpaused due moves it by exactly k working days', () => {
      const rnd = prng(20240927);
      for (let i = 0; i < 500; i++) {
        const s = fromEpochDay(first + Math.floor(rnd() * span));
        const dueWithout = computeReplyDeadline([start(s)], cal).due;
        // Begin on any day from s to the day before the unpaused due.
        const gap = toEpochDay(dueWithout) - toEpochDay(s);
        const b = fromEpochDay(toEpochDay(s) + Math.floor(rnd() * gap));
        const k = 1 + Math.floor(rnd() * 15);
        const e = cal.addWorkingDays(b, k).due;
        const windowEnd = cal.addWorkingDays(b, 15).due;
        const d = computeReplyDeadline([start(s), pauseBegin(b, 'P', windowEnd), pauseEnd(e, 'P')], cal);
        expect(cal.workingDaysBetween(dueWithout, d.due)).toBe(k);
        expect(d.pausedWorkingDays).toBe(k);
      }
    });

    it('a restart on or after the receipt never yields an earlier due', () => {
      const rnd = prng(42);
      for (let i = 0; i < 500; i++) {
        const s = fromEpochDay(first + Math.floor(rnd() * span));
        const r = addDays(s, Math.floor(rnd() * 60));
        const receiptOnly = computeReplyDeadline([start(s)], cal).due;
        const restarted = computeReplyDeadline([start(s), restart(r)], cal).due;
        expect(restarted >= receiptOnly).toBe(true);
      }
    });
  });
});

describe('window helpers', () => {
  it('supplement notice: 7 working days from receipt', () => {
    expect(supplementNoticeDeadline('2024-02-08', cal).due).toBe('2024-02-23');
    expect(supplementNoticeDeadline('2024-02-08', cal).workingDays).toBe(7);
  });
  it('consultation window: 15 working days from the request', () => {
    expect(consultationWindowEnd('2024-10-08', cal)).toMatchObject({
      from: '2024-10-08',
      workingDays: 15,
      due: '2024-10-28',
    });
  });
  it('fee payment window: 20 working days from the notice', () => {
    expect(feePaymentWindowEnd('2024-09-27', cal).due).toBe('2024-10-30');
  });
});

describe('deadline rules of 2026-11 (issue 7)', () => {
  it('keeps pausing a restarted clock while a consultation sent before the supplement is still out', () => {
    // Received 2024-09-02; a third party asked on 09-03 (window to 09-25); supplemented on 09-10.
    const ledger: ClockEntry[] = [start('2024-09-02'), pauseBegin('2024-09-03', 'c1'), restart('2024-09-10')];
    const open = computeReplyDeadline(ledger, cal);
    expect(open.clockStartedOn).toBe('2024-09-10');
    expect(open.paused).toBe(true);
    expect(open.pauses).toEqual([expect.objectContaining({ ref: 'c1', from: '2024-09-10', open: true })]);
    // Answered on 09-20: the clock ran from 09-20 only.
    const answered = computeReplyDeadline([...ledger, pauseEnd('2024-09-20', 'c1')], cal);
    expect(answered.paused).toBe(false);
    expect(answered.due).toBe(cal.addWorkingDays('2024-09-20', 20).due);
    expect(answered.pausedWorkingDays).toBe(cal.workingDaysBetween('2024-09-10', '2024-09-20'));
  });

  it('treats an Art. 35 deadline as a new base: a later pause and an extension still apply', () => {
    const base: ClockEntry[] = [
      start('2024-09-02'),
      { kind: 'later_deadline', on: '2024-09-10', due: '2024-11-29', reason: '申请数量较大', asBase: true },
    ];
    expect(computeReplyDeadline(base, cal).due).toBe('2024-11-29');
    const paused = computeReplyDeadline(
      [...base, pauseBegin('2024-10-08', 'c1'), pauseEnd('2024-10-21', 'c1')],
      cal,
    );
    const pausedDays = cal.workingDaysBetween('2024-10-08', '2024-10-21');
    expect(paused.due).toBe(cal.addWorkingDays('2024-11-29', pausedDays).due);
    const extended = computeReplyDeadline(
      [...base, { kind: 'extension', on: '2024-11-01', workingDays: 5, approvedBy: '张主任' }],
      cal,
    );
    expect(extended.due).toBe(cal.addWorkingDays('2024-11-29', 5).due);
    expect(extended.steps.some((s) => s.kind === 'later_deadline_base')).toBe(true);
  });

  it('keeps the old override for cases whose later deadline was set before (no asBase)', () => {
    const d = computeReplyDeadline(
      [
        start('2024-09-02'),
        { kind: 'later_deadline', on: '2024-09-10', due: '2024-11-29', reason: '申请数量较大' },
        pauseBegin('2024-10-08', 'c1'),
        pauseEnd('2024-10-21', 'c1'),
      ],
      cal,
    );
    expect(d.due).toBe('2024-11-29');
  });

  it('replaces a lapse by an in-time answer entered late (corrects)', () => {
    const windowEnd = consultationWindowEnd('2024-10-08', cal).due;
    const lapsed: ClockEntry[] = [
      start('2024-09-27'),
      pauseBegin('2024-10-08', 'c1', windowEnd),
      pauseEnd(windowEnd, 'c1', 'window_lapsed'),
    ];
    const corrected = computeReplyDeadline(
      [...lapsed, { kind: 'pause_end', on: '2024-10-21', ref: 'c1', reason: 'answered', corrects: true }],
      cal,
    );
    expect(computeReplyDeadline(lapsed, cal).due > corrected.due).toBe(true);
    expect(corrected.due).toBe('2024-11-13');
  });

  it('counts working days taken without every paused day, also those after the deadline', () => {
    // Received 2024-09-27 (due 2024-10-30); a fee notice after the deadline, 2024-11-04 to 2024-11-08.
    const ledger: ClockEntry[] = [
      start('2024-09-27'),
      pauseBegin('2024-11-04', 'fee', feePaymentWindowEnd('2024-11-04', cal).due, 'fee_notice'),
      pauseEnd('2024-11-08', 'fee', 'paid'),
    ];
    const total = cal.workingDaysBetween('2024-09-27', '2024-11-15');
    expect(workingDaysTaken(ledger, cal, '2024-11-15')).toBe(total - 4);
    // Overlapping pauses count once.
    const overlapping: ClockEntry[] = [
      start('2024-09-27'),
      pauseBegin('2024-10-08', 'c1'),
      pauseBegin('2024-10-10', 'c2'),
      pauseEnd('2024-10-21', 'c1'),
      pauseEnd('2024-10-15', 'c2'),
    ];
    expect(workingDaysTaken(overlapping, cal, '2024-11-13')).toBe(20);
  });
});

describe('pauses across an Art. 35 base', () => {
  it('counts a pause open at the base once in the working days taken, ended when it ends', () => {
    const ledger: ClockEntry[] = [
      start('2024-09-02'),
      pauseBegin('2024-09-03', 'c1'),
      { kind: 'later_deadline', on: '2024-09-10', due: '2024-11-29', reason: '申请数量较大', asBase: true },
      pauseEnd('2024-09-12', 'c1'),
    ];
    const taken = workingDaysTaken(ledger, cal, '2024-09-20');
    expect(taken).toBe(
      cal.workingDaysBetween('2024-09-02', '2024-09-20') - cal.workingDaysBetween('2024-09-03', '2024-09-12'),
    );
    // The part after the base pauses the new segment.
    const d = computeReplyDeadline(ledger, cal);
    expect(d.pauses).toEqual([expect.objectContaining({ ref: 'c1', from: '2024-09-10', to: '2024-09-12' })]);
  });
});
