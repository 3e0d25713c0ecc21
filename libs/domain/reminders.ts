/**
 * Deadline reminders (期限提醒): 5 working days before the reply deadline, 1 working day before, on the
 * day, and every working day after it is missed (then escalated to reviewers). Each reminder is keyed
 * by application, clock, deadline and offset, so it is stored and sent once, whatever is retried.
 */
import type { WorkingDayCalendar } from './calendar';
import type { IsoDate } from './dates';

export const REMINDER_OFFSETS_BEFORE = [-5, -1, 0] as const;

/** The offset that follows `offset`: −5, −1, 0, 1, 2, 3, … */
export function nextReminderOffset(offset: number): number {
  if (offset < -1) return -1;
  return offset + 1;
}

/** The working day on which the reminder of `offset` is due. */
export function reminderDay(dueOn: IsoDate, offset: number, calendar: WorkingDayCalendar): IsoDate {
  if (offset < 0) return calendar.workingDayBefore(dueOn, -offset);
  if (offset === 0) return dueOn;
  return calendar.addWorkingDays(dueOn, offset).due;
}

/**
 * The first reminder still to send on or after `currentDay`, given the last one sent for this deadline
 * (null: none yet). Reminders whose day has passed are not sent late, except that an overdue deadline
 * is reminded of on the current working day.
 */
export function nextReminder(
  dueOn: IsoDate,
  lastSentOffset: number | null,
  currentDay: IsoDate,
  calendar: WorkingDayCalendar,
): { offset: number; day: IsoDate } {
  let offset = lastSentOffset === null ? REMINDER_OFFSETS_BEFORE[0] : nextReminderOffset(lastSentOffset);
  if (currentDay > dueOn) {
    // Working days after the deadline up to today; today's offset if today is a working day.
    const overdue = calendar.workingDaysBetween(dueOn, currentDay);
    offset = Math.max(offset, calendar.isWorkingDay(currentDay) ? overdue : overdue + 1);
  }
  let day = reminderDay(dueOn, offset, calendar);
  while (day < currentDay) {
    offset = nextReminderOffset(offset);
    day = reminderDay(dueOn, offset, calendar);
  }
  return { offset, day };
}

export interface ReminderNotice {
  key: string;
  offset: number;
  day: IsoDate;
  dueOn: IsoDate;
  escalated: boolean;
  audienceRole: 'handler' | 'reviewer' | 'registrar';
  title: string;
  body: string;
}

export function reminderNotice(
  app: { applicationId: string; caseNumber: string; applicantName: string },
  dueOn: IsoDate,
  offset: number,
  day: IsoDate,
): ReminderNotice {
  const escalated = offset > 0;
  const when =
    offset < 0
      ? `距答复期限（${dueOn}）还有${-offset}个工作日`
      : offset === 0
        ? `今天（${dueOn}）是答复期限的最后一天`
        : `已超过答复期限（${dueOn}）${offset}个工作日`;
  return {
    key: `${app.applicationId}:reply:${dueOn}:${offset}`,
    offset,
    day,
    dueOn,
    escalated,
    audienceRole: escalated ? 'reviewer' : 'handler',
    title: `${escalated ? '【逾期】' : '【期限提醒】'}${app.caseNumber} ${when}`,
    body: `申请 ${app.caseNumber}（申请人：${app.applicantName}）${when}。${
      escalated
        ? '请审核人督促承办人立即办理，并记录逾期原因。'
        : '请承办人及时拟定答复，或在期限届满前依法申请延长答复期限。'
    }`,
  };
}

/**
 * A supplement or fee period ended without an entry (rules 2): the registrar is told that an in-time
 * supplement or payment can still be entered until the grace ends, after which the case is concluded
 * as abandoned.
 */
export function lateEntryNotice(
  app: { applicationId: string; caseNumber: string; applicantName: string },
  what: 'lapseSupplement' | 'lapseFeePayment',
  lastDay: IsoDate,
  firesAfter: IsoDate,
): ReminderNotice {
  const period = what === 'lapseSupplement' ? '补正期限' : '缴费期限';
  const entry = what === 'lapseSupplement' ? '补正' : '缴费';
  return {
    key: `${app.applicationId}:late-entry:${what}:${lastDay}`,
    offset: 0,
    day: lastDay,
    dueOn: firesAfter,
    escalated: false,
    audienceRole: 'registrar',
    title: `【期限届满】${app.caseNumber} ${period}已于${lastDay}届满`,
    body: `申请 ${app.caseNumber}（申请人：${app.applicantName}）的${period}已于${lastDay}届满，系统尚未登记${entry}。如申请人在期限内已${entry}，请于${firesAfter}前登记；逾期未登记的，将按视为放弃申请办结。`,
  };
}
