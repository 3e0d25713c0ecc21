/** The portal's receipt rule (RULES.md §1, issue 14) and the applicant's e-mail address. */
import { BUILT_IN_ARRANGEMENTS, WorkingDayCalendar } from '../../libs/domain/calendar';
import { normalizedEmail, portalReceipt } from '../../libs/domain/portal';

describe('a portal submission’s receipt', () => {
  it('is the date of the platform’s confirmation in China Standard Time, the instant kept apart', () => {
    // 23:30 in Beijing is 15:30 UTC the same day.
    expect(portalReceipt(new Date('2025-03-18T15:30:00Z'))).toEqual({
      receivedOn: '2025-03-18',
      submittedAt: '2025-03-18T15:30:00.000Z',
    });
    // 00:30 in Beijing on the 19th is still the 18th in UTC: the receipt is the 19th.
    expect(portalReceipt(new Date('2025-03-18T16:30:00Z')).receivedOn).toBe('2025-03-19');
  });

  it('on a holiday is that day, and the reply period counts from the next working day', () => {
    // National Day 2024: submitted at 21:00 on 3 October, a holiday (1–7 October off).
    const receipt = portalReceipt(new Date('2024-10-03T13:00:00Z'));
    expect(receipt.receivedOn).toBe('2024-10-03');
    const calendar = new WorkingDayCalendar(BUILT_IN_ARRANGEMENTS);
    // Day 1 is 8 October; Saturday 12 October is a make-up working day; day 20 is 1 November.
    expect(calendar.addWorkingDays(receipt.receivedOn, 20).due).toBe('2024-11-01');
  });

  it('keeps an e-mail address trimmed and in lower case, and refuses what is not one', () => {
    expect(normalizedEmail('  ZhangSan@Example.CN ')).toBe('zhangsan@example.cn');
    for (const bad of ['', 'zhangsan', 'a@b', 'a b@c.cn', 42, null, `${'x'.repeat(250)}@a.cn`])
      expect(normalizedEmail(bad)).toBeNull();
  });
});
