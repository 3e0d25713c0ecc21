/**
 * The inbox at scale (issue 12): working-day thresholds become deadline dates (the domain), and the
 * inbox's SQL is built from a view and its filters (platform/database/repositories/task-inbox.ts, pure).
 */
import {
  BUILT_IN_ARRANGEMENTS,
  BUILT_IN_CALENDAR as cal,
  WorkingDayCalendar,
} from '../../libs/domain/calendar';
import { addDays } from '../../libs/domain/dates';
import { DUE_SOON_WORKING_DAYS, inboxDueBounds } from '../../libs/domain/tasks';
import {
  INBOX_ORDER,
  claimNextStatement,
  inboxConditions,
  inboxCountsStatement,
  inboxPageStatement,
  inboxTotalStatement,
} from '../../platform/database/repositories/task-inbox';
import { prng } from '../support/prng';

describe('firstDayWithWorkingDaysLeft', () => {
  it('splits the days into fewer than n working days left and at least n, for any start and n', () => {
    const random = prng(12);
    for (let run = 0; run < 300; run++) {
      const from = addDays('2008-01-01', Math.floor(random() * 365 * 18));
      const n = Math.floor(random() * 81) - 40;
      const first = cal.firstDayWithWorkingDaysLeft(from, n);
      expect(cal.workingDaysUntil(from, first)).toBeGreaterThanOrEqual(n);
      // Every day before it has fewer than n left; the boundary is exact.
      for (let d = addDays(first, -90); d < first; d = addDays(d, 1))
        expect(cal.workingDaysUntil(from, d)).toBeLessThan(n);
      for (let d = first; d < addDays(first, 90); d = addDays(d, 1))
        expect(cal.workingDaysUntil(from, d)).toBeGreaterThanOrEqual(n);
    }
  });

  it('is addWorkingDays for n ≥ 1 and workingDayBefore for n ≤ 0', () => {
    const random = prng(7);
    for (let run = 0; run < 500; run++) {
      const from = addDays('2010-01-01', Math.floor(random() * 365 * 16));
      const n = Math.floor(random() * 30);
      if (n >= 1) expect(cal.firstDayWithWorkingDaysLeft(from, n)).toBe(cal.addWorkingDays(from, n).due);
      expect(cal.firstDayWithWorkingDaysLeft(from, -n)).toBe(cal.workingDayBefore(from, n));
    }
  });

  it('over a holiday: from the Saturday before National Day 2024', () => {
    // Saturday 28 September 2024 is off; Sunday 29 September a make-up working day; 1–7 October off.
    expect(cal.firstDayWithWorkingDaysLeft('2024-09-28', 0)).toBe('2024-09-27');
    expect(cal.firstDayWithWorkingDaysLeft('2024-09-28', 1)).toBe('2024-09-29');
    expect(cal.firstDayWithWorkingDaysLeft('2024-09-28', 2)).toBe('2024-09-30');
    expect(cal.firstDayWithWorkingDaysLeft('2024-09-28', 3)).toBe('2024-10-08');
    expect(cal.firstDayWithWorkingDaysLeft('2024-09-28', -1)).toBe('2024-09-26');
  });

  it('refuses fractions and counts beyond the calendar', () => {
    expect(() => cal.firstDayWithWorkingDaysLeft('2024-06-10', 0.5)).toThrow(RangeError);
    expect(() => cal.firstDayWithWorkingDaysLeft('2100-12-01', 40)).toThrow(RangeError);
  });
});

describe('inboxDueBounds', () => {
  it('turns overdue, due soon and due within N into deadline dates, on the calendar given', () => {
    const today = '2024-09-27'; // a Friday; 1–7 October is National Day
    const b = inboxDueBounds(cal, today, 5);
    expect(b).toEqual({ overdueBefore: today, dueSoonBefore: '2024-10-09', dueWithinBefore: '2024-10-11' });
    for (let d = addDays(today, -20); d < addDays(today, 30); d = addDays(d, 1)) {
      const left = cal.workingDaysUntil(today, d);
      expect(d < b.overdueBefore).toBe(left < 0);
      expect(d >= b.overdueBefore && d < b.dueSoonBefore).toBe(left >= 0 && left <= DUE_SOON_WORKING_DAYS);
      expect(d < b.dueWithinBefore!).toBe(left <= 5);
    }
    expect(inboxDueBounds(cal, today).dueWithinBefore).toBeNull();
  });

  it('moves with the calendar: a day off entered later shifts the bounds', () => {
    const today = '2030-03-04'; // a Monday of a year without an arrangement
    const plain = inboxDueBounds(cal, today, 3);
    const withDayOff = inboxDueBounds(
      new WorkingDayCalendar([...BUILT_IN_ARRANGEMENTS, { year: 2030, off: ['2030-03-05'], work: [] }]),
      today,
      3,
    );
    expect(plain.dueWithinBefore).toBe('2030-03-08');
    expect(withDayOff.dueWithinBefore).toBe('2030-03-11');
  });
});

describe('the inbox SQL', () => {
  const scope = { agencyId: 'agency-1', userId: 'user-1', roles: ['handler', 'reviewer'] };
  const bounds = { overdueBefore: '2026-01-05', dueSoonBefore: '2026-01-08', dueWithinBefore: '2026-01-12' };

  it('narrows each view to its tasks', () => {
    expect(inboxConditions(scope, { view: 'agency' }, bounds)).toEqual({
      sql: `t.agency_id = $1 AND t.state <> 'done'`,
      parameters: ['agency-1'],
    });
    expect(inboxConditions(scope, { view: 'mine' }, bounds)).toEqual({
      sql: `t.agency_id = $1 AND t.state <> 'done' AND t.state = 'claimed' AND t.assignee_id = $2`,
      parameters: ['agency-1', 'user-1'],
    });
    expect(inboxConditions(scope, { view: 'role' }, bounds)).toEqual({
      sql: `t.agency_id = $1 AND t.state <> 'done' AND t.state = 'open' AND t.role = ANY($2::text[]) AND t.department_id IS NULL`,
      parameters: ['agency-1', ['handler', 'reviewer']],
    });
    // Issue 16: 本科室待办, the tasks of the user's departments.
    expect(inboxConditions({ ...scope, departmentIds: ['d-1'] }, { view: 'department' }, bounds)).toEqual({
      sql: `t.agency_id = $1 AND t.state <> 'done' AND t.department_id = ANY($2::uuid[])`,
      parameters: ['agency-1', ['d-1']],
    });
  });

  it('adds every filter as a parameter, the working-day ones as deadline ranges', () => {
    const c = inboxConditions(
      scope,
      { view: 'agency', kind: 'deliver', state: 'open', paused: false, overdue: true, dueWithin: true },
      bounds,
    );
    expect(c.sql).toBe(
      `t.agency_id = $1 AND t.state <> 'done' AND t.kind = $2 AND t.state = $3 AND NOT t.paused` +
        ` AND t.reply_due_on < $4::date AND t.reply_due_on < $5::date`,
    );
    expect(c.parameters).toEqual(['agency-1', 'deliver', 'open', '2026-01-05', '2026-01-12']);
    expect(inboxConditions(scope, { view: 'agency', paused: true }, bounds).sql).toContain('AND t.paused');
    expect(() =>
      inboxConditions(scope, { view: 'agency', dueWithin: true }, { ...bounds, dueWithinBefore: null }),
    ).toThrow();
  });

  it('pages in the inbox order and counts the same tasks', () => {
    const page = inboxPageStatement(scope, { view: 'role', kind: 'accept' }, bounds, 3, 20);
    expect(page.sql).toContain(`ORDER BY ${INBOX_ORDER} LIMIT $4 OFFSET $5`);
    expect(page.sql).toContain('ORDER BY p.paused, p.reply_due_on, p.created_at, p.id');
    expect(page.parameters).toEqual(['agency-1', ['handler', 'reviewer'], 'accept', 20, 40]);
    const total = inboxTotalStatement(scope, { view: 'role', kind: 'accept' }, bounds);
    expect(total.sql).toMatch(/^SELECT count\(\*\)::int AS total FROM tasks t WHERE /);
    expect(total.parameters).toEqual(['agency-1', ['handler', 'reviewer'], 'accept']);
  });

  it('counts every badge in one statement and claims the most urgent running task', () => {
    const counts = inboxCountsStatement(scope, bounds);
    for (const name of ['mine', 'role', 'agency', 'overdue', '"dueSoon"', 'paused', 'department'])
      expect(counts.sql).toContain(`AS ${name}`);
    expect(counts.parameters).toEqual([
      'agency-1',
      'user-1',
      ['handler', 'reviewer'],
      '2026-01-05',
      '2026-01-08',
      [],
    ]);
    const next = claimNextStatement(scope);
    expect(next.sql).toContain(`ORDER BY ${INBOX_ORDER} LIMIT 1 FOR UPDATE SKIP LOCKED`);
    expect(next.sql).toContain('NOT t.paused');
  });
});
