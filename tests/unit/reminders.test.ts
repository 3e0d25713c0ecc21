import { BUILT_IN_CALENDAR as cal } from '../../libs/domain/calendar';
import { nextReminder, reminderDay, reminderNotice } from '../../libs/domain/reminders';

describe('deadline reminders', () => {
  const due = '2024-11-13';

  it('fall 5 and 1 working days before, on the day, then every working day after', () => {
    expect([-5, -1, 0, 1, 2, 3].map((o) => reminderDay(due, o, cal))).toEqual([
      '2024-11-06',
      '2024-11-12',
      '2024-11-13',
      '2024-11-14',
      '2024-11-15',
      '2024-11-18',
    ]);
  });

  it('go in order without repeating', () => {
    const seen: number[] = [];
    let last: number | null = null;
    for (let i = 0; i < 6; i++) {
      const next = nextReminder(due, last, '2024-10-01', cal);
      seen.push(next.offset);
      last = next.offset;
    }
    expect(seen).toEqual([-5, -1, 0, 1, 2, 3]);
  });

  it('skip the ones already past when armed late, but remind of an overdue deadline today', () => {
    expect(nextReminder(due, null, '2024-11-08', cal)).toEqual({ offset: -1, day: '2024-11-12' });
    expect(nextReminder(due, null, '2024-11-20', cal)).toEqual({ offset: 5, day: '2024-11-20' });
    // A Saturday: the next working day's reminder.
    expect(nextReminder(due, null, '2024-11-23', cal)).toEqual({ offset: 8, day: '2024-11-25' });
    expect(nextReminder(due, 5, '2024-11-20', cal)).toEqual({ offset: 6, day: '2024-11-21' });
  });

  it('escalate to reviewers once overdue, keyed by application, deadline and offset', () => {
    const app = { applicationId: 'a1', caseNumber: '2024-0007', applicantName: '张三' };
    const before = reminderNotice(app, due, -5, '2024-11-06');
    expect(before).toMatchObject({
      key: 'a1:reply:2024-11-13:-5',
      escalated: false,
      audienceRole: 'handler',
    });
    expect(before.title).toContain('还有5个工作日');
    const after = reminderNotice(app, due, 2, '2024-11-15');
    expect(after).toMatchObject({ key: 'a1:reply:2024-11-13:2', escalated: true, audienceRole: 'reviewer' });
    expect(after.title).toContain('【逾期】');
  });
});
