import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { WorkingDayCalendar } from '../../../../libs/domain/calendar';
import { dayOfWeek, isIsoDate, yearOf } from '../../../../libs/domain/dates';
import { type EffectiveCalendar, loadEffectiveCalendar } from '../../../../platform/calendar-store';
import { calendarChangedSignal } from '../../../../workflows/definitions';
import { CONCLUDED_STATUSES } from '../../../../libs/domain/application';
import { TemporalService } from '../infrastructure/temporal.service';
import { badRequest, todayInChina } from '../common/validation';
import type { EnterCalendarYearDto } from './calendar.dto';

/** The effective calendar (built in + entered by admins), cached per version. */
@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);
  private cached: { calendar: EffectiveCalendar; workingDays: WorkingDayCalendar } | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalService,
  ) {}

  async current(): Promise<{ calendar: EffectiveCalendar; workingDays: WorkingDayCalendar }> {
    const [{ version }] = (await this.db.query(
      'SELECT coalesce(max(id), 0)::int AS version FROM calendar_years',
    )) as Array<{
      version: number;
    }>;
    if (!this.cached || this.cached.calendar.version !== version) {
      const calendar = await loadEffectiveCalendar(this.db);
      this.cached = { calendar, workingDays: new WorkingDayCalendar(calendar.arrangements) };
    }
    return this.cached;
  }

  async describe() {
    const { calendar } = await this.current();
    const today = todayInChina();
    const nextYear = yearOf(today) + 1;
    const years = calendar.sources.map((s) => {
      const a = calendar.arrangements.find((x) => x.year === s.year)!;
      return { ...s, offDays: a.off, workDays: a.work };
    });
    return {
      version: calendar.version,
      years,
      /** From 1 November, next year's arrangement should be entered. */
      missingNextYear: today.slice(5) >= '11-01' && !years.some((y) => y.year === nextYear) ? nextYear : null,
    };
  }

  /** Enters (or corrects) a year's arrangement: a new calendar version; open applications recount. */
  async enterYear(year: number, dto: EnterCalendarYearDto, enteredBy: string) {
    const problems: Array<{ field: string; reasons: string[] }> = [];
    const checkDates = (field: 'offDays' | 'workDays', dates: string[]) => {
      const bad = dates.filter((d) => !isIsoDate(d) || yearOf(d) !== year);
      if (bad.length)
        problems.push({
          field,
          reasons: [`${field} must be dates of ${year} (YYYY-MM-DD); not: ${bad.join(', ')}`],
        });
      if (new Set(dates).size !== dates.length)
        problems.push({ field, reasons: [`${field} lists a date twice`] });
    };
    checkDates('offDays', dto.offDays);
    checkDates('workDays', dto.workDays);
    const weekdays = dto.workDays.filter((d) => isIsoDate(d) && dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6);
    if (weekdays.length) {
      problems.push({
        field: 'workDays',
        reasons: [
          `make-up working days (调休上班) fall on weekends; these are weekdays: ${weekdays.join(', ')}`,
        ],
      });
    }
    const both = dto.offDays.filter((d) => dto.workDays.includes(d));
    if (both.length)
      problems.push({
        field: 'workDays',
        reasons: [`a day cannot be both off and a working day: ${both.join(', ')}`],
      });
    if (problems.length) throw badRequest(problems);

    const [{ id }] = (await this.db.query(
      `INSERT INTO calendar_years (year, off_days, work_days, notice, entered_by) VALUES ($1, $2::date[], $3::date[], $4, $5) RETURNING id`,
      [year, [...dto.offDays].sort(), [...dto.workDays].sort(), dto.notice.trim(), enteredBy],
    )) as Array<{ id: number }>;
    const { calendar } = await this.current();
    const signalled = await this.signalOpenApplications({
      version: calendar.version,
      arrangements: calendar.arrangements,
    });
    return { year, version: id, signalled };
  }

  /** Tells every open application's workflow to recount with the new calendar. */
  private async signalOpenApplications(snapshot: {
    version: number;
    arrangements: EffectiveCalendar['arrangements'];
  }) {
    const rows = (await this.db.query(`SELECT workflow_id FROM applications WHERE status <> ALL($1)`, [
      [...CONCLUDED_STATUSES],
    ])) as Array<{ workflow_id: string }>;
    const client = await this.temporal.client();
    let signalled = 0;
    for (let i = 0; i < rows.length; i += 32) {
      const batch = rows.slice(i, i + 32);
      const results = await Promise.allSettled(
        batch.map((r) => client.workflow.getHandle(r.workflow_id).signal(calendarChangedSignal, snapshot)),
      );
      signalled += results.filter((r) => r.status === 'fulfilled').length;
      for (const r of results)
        if (r.status === 'rejected') this.logger.warn(`calendar signal failed: ${String(r.reason)}`);
    }
    return signalled;
  }
}
