import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { WorkingDayCalendar } from '../../../../libs/domain/calendar';
import { dayOfWeek, isIsoDate, yearOf } from '../../../../libs/domain/dates';
import {
  type EffectiveCalendar,
  calendarVersion,
  insertCalendarYear,
  insertPropagation,
  loadEffectiveCalendar,
} from '../../../../platform/database/repositories/calendar.repository';
import { calendarPropagationWorkflowId } from '../../../../workflows/calendar-propagation.definitions';
import { CalendarPropagationService } from './calendar-propagation.service';
import { badRequest, todayInChina } from '../common/validation';
import type { CalendarDto, CalendarEntryDto, EnterCalendarYearDto } from './calendar.dto';

/**
 * How long the API answers from its cached calendar before it asks PostgreSQL for the calendar's version
 * again (issue 12: not one more statement per request). An entry made through this process is seen at
 * once; one made through another API process within this time.
 */
const VERSION_CHECK_MS = 1000;

type CurrentCalendar = { calendar: EffectiveCalendar; workingDays: WorkingDayCalendar };

/** The effective calendar (built in + entered by platform admins), cached per version. */
@Injectable()
export class CalendarService {
  private cached: CurrentCalendar | null = null;
  /** Date.now() until which `cached` is answered without asking for the version. */
  private freshUntil = 0;
  /** The version check under way, shared by the requests that arrive meanwhile. */
  private checking: Promise<CurrentCalendar> | null = null;
  /** Moves with every forget(); a check begun before it does not make its answer fresh. */
  private epoch = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly propagations: CalendarPropagationService,
  ) {}

  current(): Promise<CurrentCalendar> {
    if (this.cached && Date.now() < this.freshUntil) return Promise.resolve(this.cached);
    if (this.checking) return this.checking;
    const checking = this.check().finally(() => {
      if (this.checking === checking) this.checking = null;
    });
    this.checking = checking;
    return checking;
  }

  private async check(): Promise<CurrentCalendar> {
    const startedAt = Date.now();
    const epoch = this.epoch;
    const version = await calendarVersion(this.db);
    if (!this.cached || this.cached.calendar.version !== version) {
      const calendar = await loadEffectiveCalendar(this.db);
      this.cached = { calendar, workingDays: new WorkingDayCalendar(calendar.arrangements) };
    }
    if (epoch === this.epoch) this.freshUntil = startedAt + VERSION_CHECK_MS;
    return this.cached;
  }

  /** The next current() asks PostgreSQL again (after an entry). */
  private forget(): void {
    this.epoch++;
    this.freshUntil = 0;
    this.checking = null;
  }

  async describe(): Promise<CalendarDto> {
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

  /**
   * Enters (or corrects) a year's arrangement: a new calendar version and its propagation, committed
   * together; the propagation workflow then brings it to every open application (they recount).
   */
  async enterYear(year: number, dto: EnterCalendarYearDto, enteredBy: string): Promise<CalendarEntryDto> {
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

    // The entry and its propagation are one transaction: an entry is never left without its delivery.
    const propagationId = randomUUID();
    const workflowId = calendarPropagationWorkflowId(propagationId);
    const version = await this.db.transaction(async (m) => {
      const id = await insertCalendarYear(m, {
        year,
        offDays: [...dto.offDays].sort(),
        workDays: [...dto.workDays].sort(),
        notice: dto.notice.trim(),
        enteredBy,
      });
      await insertPropagation(m, { id: propagationId, version: id, workflowId, enteredBy });
      return id;
    });
    this.forget();
    // Temporal away: the entry stands, the propagation stays pending and the sweeper starts it later.
    const started = await this.propagations.start({ id: propagationId, workflowId, version });
    const propagation = await this.propagations.get(propagationId);
    return { year, version, propagationId, workflowStarted: started, propagation };
  }
}
