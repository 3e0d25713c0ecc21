/**
 * Legacy import (历史数据导入, issue 11). An upload is validated as a whole first (every problem by row
 * and column; nothing is imported while one remains, 422); a clean file becomes an import job whose
 * rows are written in batches, one transaction each:
 *  - a concluded row becomes an application (`source = 'import'`) with its recorded history — seq 1
 *    `registered` (the receipt), seq 2 `imported` (the conclusion with its outcome) — and its
 *    `application_facts` row, so the report counts it like any other;
 *  - an open row becomes a registration with its workflow's input (the outbox), and its workflow is
 *    started after the batch commits (bounded concurrency): it counts its clocks from the real receipt
 *    date, as a late entry does, and takes the row's steps so far again with their real dates (accepted,
 *    supplement requested or received, consultation sent or answered, extension approved), so a case
 *    imported 待补正 waits for its supplement and one imported 征求意见中 has its clock paused. A workflow left unstarted by a crash is started by the outbox sweeper.
 * The batch also moves the job's `done`; a job whose process died (its lease lapsed) is resumed from
 * there by any API process. Rows insert with `ON CONFLICT (agency_id, case_number) DO NOTHING` and the
 * file's SHA-256 is unique per agency, so a file imports once however often it is sent.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  HttpException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Workbook, type CellValue } from 'exceljs';
import type { Registration } from '../../../../libs/domain/application';
import { missingPastYear } from '../../../../libs/domain/application';
import { yearOf } from '../../../../libs/domain/dates';
import {
  type ImportProblem,
  type LegacyRow,
  caseNumberCounters,
  decodeCsvBytes,
  existingCaseNumberProblems,
  importedState,
  importedStatusOf,
  parseCsv,
  sortProblems,
  validateLegacySheet,
} from '../../../../libs/domain/legacy-import';
import { OUTCOME_LABELS } from '../../../../libs/domain/outcome';
import { applicationWorkflowId } from '../../../../platform/temporal';
import type { ApplicationWorkflowInput } from '../../../../workflows/definitions';
import { AgenciesService } from '../agencies/agencies.service';
import { WorkflowOutboxService } from '../applications/workflow-outbox.service';
import { type StaffUser, actorOf } from '../auth/auth.types';
import { CalendarService } from '../calendar/calendar.service';
import { PeriodicSweeper } from '../infrastructure/periodic-sweeper';
import { APP_CONFIG, type AppConfig } from '../infrastructure/config.provider';
import { badRequest, todayInChina } from '../common/validation';
import type { ImportJobDto } from './imports.dto';
import {
  existingCaseNumbers,
  insertImportedApplications,
  insertImportedFacts,
  raiseCaseSerials,
} from '../../../../platform/database/repositories/applications.repository';
import { insertImportedEvents } from '../../../../platform/database/repositories/events.repository';
import {
  type ImportJobRow,
  type ImportJobStatus,
  claimLapsedJobs,
  findJob,
  findJobByFile,
  findRunningJob,
  finishJob,
  insertRejectedJob,
  insertRunningJob,
  recentJobs,
  recordBatch,
} from '../../../../platform/database/repositories/import-jobs.repository';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv';
/** The largest file accepted (the route's body limit). */
export const IMPORT_MAX_BYTES = 32 * 1024 * 1024;
/** Rows per transaction. */
export const IMPORT_BATCH_SIZE = 500;
/** Workflows of open rows started at once. */
const START_CONCURRENCY = 8;

export type { ImportJobStatus };
export const IMPORT_JOB_STATUS_LABELS: Record<ImportJobStatus, string> = {
  rejected: '未通过校验，未导入',
  running: '导入中',
  done: '导入完成',
};

function view(j: ImportJobRow): ImportJobDto {
  return {
    id: j.id,
    agencyId: j.agency_id,
    filename: j.filename,
    sha256: j.sha256,
    status: j.status,
    statusLabel: IMPORT_JOB_STATUS_LABELS[j.status],
    total: j.total,
    done: j.done,
    concluded: j.concluded,
    open: j.open,
    imported: j.imported,
    problems: j.problems,
    createdBy: j.created_by,
    createdAt: new Date(j.created_at).toISOString(),
    finishedAt: j.finished_at ? new Date(j.finished_at).toISOString() : null,
  };
}

/** 422: the file has problems; nothing was imported. */
export class ImportRejectedError extends HttpException {
  constructor(jobId: string, total: number, problems: ImportProblem[]) {
    super(
      {
        statusCode: 422,
        error: 'Unprocessable Entity',
        code: 'IMPORT_INVALID',
        message: `文件有${problems.length}处问题，未导入任何数据；请改正后重新上传`,
        jobId,
        total,
        problems,
      },
      422,
    );
  }
}

function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as unknown as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as Array<{ text: string }>).map((t) => t.text).join('');
    if ('result' in v) return cellText(v.result as CellValue);
    if ('text' in v) return cellText(v.text as CellValue);
    if ('error' in v) return String(v.error);
    return '';
  }
  return String(value);
}

/** The first worksheet of an .xlsx file as rows of text cells. */
async function readXlsx(body: Buffer): Promise<string[][]> {
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
  } catch (err) {
    throw badRequest([{ field: 'file', reasons: [`不是有效的 .xlsx 文件：${(err as Error).message}`] }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw badRequest([{ field: 'file', reasons: ['.xlsx 文件中没有工作表'] }]);
  const width = sheet.columnCount;
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c += 1) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  }
  return rows;
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(runners);
}

@Injectable()
export class ImportsService extends PeriodicSweeper implements OnApplicationShutdown {
  private readonly logger = new Logger(ImportsService.name);
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly agencies: AgenciesService,
    private readonly calendars: CalendarService,
    private readonly outbox: WorkflowOutboxService,
  ) {
    super(30_000);
  }

  /** Reads the uploaded bytes as rows of text: .xlsx by its name or type, otherwise CSV. */
  async readSheet(filename: string, contentType: string, body: Buffer): Promise<string[][]> {
    const isXlsx = contentType.startsWith(XLSX_TYPE) || /\.xlsx$/i.test(filename);
    if (isXlsx) return readXlsx(body);
    return parseCsv(decodeCsvBytes(body).text);
  }

  /**
   * Validates the file; with problems, records the rejected upload and answers 422 with all of them;
   * otherwise creates the import job and starts it. The same file again answers the first job.
   */
  async upload(
    user: StaffUser,
    filename: string,
    contentType: string,
    body: Buffer,
  ): Promise<{ job: ImportJobDto; created: boolean }> {
    if (!body.length) throw badRequest([{ field: 'file', reasons: ['上传的文件为空'] }]);
    const agency = await this.agencies.find(user.agencyId);
    if (!agency) throw badRequest([{ field: 'agency', reasons: ['所在机关不存在'] }]);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const earlier = await this.findByFile(agency.id, sha256);
    if (earlier) return { job: { ...earlier, duplicate: true }, created: false };

    const sheet = await this.readSheet(filename, contentType, body);
    const today = todayInChina();
    const { workingDays } = await this.calendars.current();
    const { rows, problems } = validateLegacySheet(sheet, today, workingDays);
    if (rows.length) {
      const existing = await existingCaseNumbers(
        this.db,
        agency.id,
        rows.map((r) => r.caseNumber),
      );
      problems.push(...existingCaseNumberProblems(rows, existing));
      for (const r of rows) {
        if (r.conclusion) continue;
        const missing = missingPastYear(r.receivedOn, today, workingDays);
        if (missing) problems.push({ row: r.row, column: '收到申请日期', message: missing });
      }
    }
    const id = randomUUID();
    const actor = actorOf(user);
    if (problems.length) {
      const sorted = sortProblems(problems);
      const badRows = new Set(sorted.map((p) => p.row)).size;
      const total = rows.length + badRows;
      await insertRejectedJob(this.db, {
        id,
        agencyId: agency.id,
        filename,
        sha256,
        total,
        problems: sorted,
        createdBy: actor,
      });
      throw new ImportRejectedError(id, total, sorted);
    }
    const concluded = rows.filter((r) => r.conclusion).length;
    const inserted = await insertRunningJob(this.db, {
      id,
      agencyId: agency.id,
      filename,
      sha256,
      rows,
      concluded,
      createdBy: actor,
    });
    if (!inserted) {
      // The same file, sent twice at once: the other request created the job.
      const other = await this.findByFile(agency.id, sha256);
      return { job: { ...other!, duplicate: true }, created: false };
    }
    this.start(id);
    return { job: await this.get(user, id), created: true };
  }

  private async findByFile(agencyId: string, sha256: string): Promise<ImportJobDto | null> {
    const row = await findJobByFile(this.db, agencyId, sha256);
    return row ? view(row) : null;
  }

  async get(user: StaffUser, id: string): Promise<ImportJobDto> {
    const scope = await this.agencies.scope(user);
    const row = await findJob(this.db, id);
    if (!row || !scope.includes(row.agency_id))
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no import job with id ${id}`,
      });
    return view(row);
  }

  /** The agency's last 50 uploads, newest first (problems left out: see each job). */
  async list(user: StaffUser): Promise<ImportJobDto[]> {
    const rows = await recentJobs(this.db, user.agencyId, 50);
    return rows.map((r) => ({ ...view(r), problems: [] }));
  }

  /** Tests and the bench: resolves when the job (started in this process) has finished. */
  async settled(id: string): Promise<void> {
    await this.running.get(id);
  }

  private start(id: string): void {
    if (this.running.has(id)) return;
    const run = this.run(id)
      .catch((err: unknown) => {
        // The lease lapses and a sweep (here or in another process) resumes the job from `done`.
        this.logger.error(`import job ${id} interrupted: ${String(err)}`);
      })
      .finally(() => this.running.delete(id));
    this.running.set(id, run);
  }

  /** Resumes jobs whose process died (lease lapsed), in this or any API process. */
  async sweep(): Promise<void> {
    try {
      for (const id of await claimLapsedJobs(this.db)) {
        this.logger.log(`resuming import job ${id}`);
        this.start(id);
      }
    } catch (err) {
      this.logger.warn(`import sweep failed: ${String(err)}`);
    }
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    void this.sweep();
  }

  override async onApplicationShutdown(): Promise<void> {
    await super.onApplicationShutdown();
    await Promise.all([...this.running.values()]);
  }

  private async run(id: string): Promise<void> {
    const job = await findRunningJob(this.db, id);
    if (!job) return;
    const { calendar } = await this.calendars.current();
    const calendarSnapshot = { version: calendar.version, arrangements: calendar.arrangements };
    for (let start = job.done; start < job.rows.length; start += IMPORT_BATCH_SIZE) {
      if (this.stopping.signal.aborted) return;
      const batch = job.rows.slice(start, start + IMPORT_BATCH_SIZE);
      const opened = await this.db.transaction((m) =>
        this.writeBatch(m, id, job.agency_id, job.agency_code, job.created_by, batch, start + batch.length, {
          calendar: calendarSnapshot,
        }),
      );
      await pool(opened, START_CONCURRENCY, async (o) => {
        await this.outbox.startWorkflow(o.id, o.workflowId, o.input);
      });
    }
    const counters = caseNumberCounters(job.rows.map((r) => r.caseNumber));
    await this.db.transaction(async (m) => {
      await raiseCaseSerials(m, job.agency_id, counters);
      await finishJob(m, id);
    });
  }

  /** One batch in one transaction; answers the open rows it registered (their workflows to start). */
  private async writeBatch(
    m: EntityManager,
    jobId: string,
    agencyId: string,
    agencyCode: string,
    actor: string | null,
    batch: readonly LegacyRow[],
    doneAfter: number,
    extra: { calendar: ApplicationWorkflowInput['calendar'] },
  ): Promise<Array<{ id: string; workflowId: string; input: ApplicationWorkflowInput }>> {
    const prepared = batch.map((r) => {
      const id = randomUUID();
      const workflowId = applicationWorkflowId(agencyCode, r.caseNumber);
      const registration: Registration = {
        applicationId: id,
        agencyId,
        caseNumber: r.caseNumber,
        applicantName: r.applicantName,
        applicantType: r.applicantType,
        applicantIdNumber: null,
        applicantContact: null,
        channel: r.channel,
        receivedOn: r.receivedOn,
        submittedAt: null,
        receiptEvidence: null,
        informationSought: r.informationSought,
        deliveryPreference: null,
      };
      const input: ApplicationWorkflowInput | null = r.conclusion
        ? null
        : {
            registration,
            actor,
            timing: {
              workingDayMs: this.config.workingDayMs,
              continueAsNewAfterEvents: this.config.continueAsNewAfterEvents,
            },
            calendar: extra.calendar,
            // The open application's steps so far, taken again with their real dates (办理状态).
            ...(r.openSteps?.length
              ? { importedSteps: r.openSteps.map((step) => ({ ...step, actor })) }
              : {}),
          };
      return { row: r, id, workflowId, registration, input };
    });
    const inserted = await insertImportedApplications(
      m,
      agencyId,
      prepared.map((p) => ({
        id: p.id,
        caseNumber: p.row.caseNumber,
        workflowId: p.workflowId,
        receiptYear: yearOf(p.row.receivedOn),
        applicantName: p.row.applicantName,
        applicantType: p.row.applicantType,
        channel: p.row.channel,
        receivedOn: p.row.receivedOn,
        informationSought: p.row.informationSought,
        status: p.row.conclusion ? importedStatusOf(p.row.conclusion.outcome) : 'registered',
        outcome: p.row.conclusion?.outcome ?? null,
        concludedOn: p.row.conclusion?.concludedOn ?? null,
        version: p.row.conclusion ? 2 : 0,
        startInput: p.input ? JSON.stringify(p.input) : null,
        state: p.row.conclusion ? JSON.stringify(importedState(p.row.receivedOn, p.row.conclusion)) : null,
      })),
    );
    const insertedIds = new Set(inserted);
    const fresh = prepared.filter((p) => insertedIds.has(p.id));
    const concluded = fresh.filter((p) => p.row.conclusion);
    if (concluded.length) {
      // The recorded history: the receipt (seq 1) and the imported conclusion (seq 2).
      const events = concluded.flatMap((p) => [
        {
          applicationId: p.id,
          seq: 1,
          type: 'registered',
          businessDate: p.row.receivedOn,
          payload: { ...p.registration, imported: true, importJobId: jobId },
        },
        {
          applicationId: p.id,
          seq: 2,
          type: 'imported',
          businessDate: p.row.conclusion!.concludedOn,
          payload: {
            conclusion: { ...p.row.conclusion!, timeliness: null },
            outcomeLabel: OUTCOME_LABELS[p.row.conclusion!.outcome],
            importJobId: jobId,
            sourceRow: p.row.row,
          },
        },
      ]);
      await insertImportedEvents(m, events, actor);
      // The report's facts, as the recording activity's fold leaves them after seq 2.
      await insertImportedFacts(
        m,
        agencyId,
        concluded.map((p) => ({
          applicationId: p.id,
          applicantType: p.row.applicantType,
          receivedOn: p.row.receivedOn,
          outcome: p.row.conclusion!.outcome,
          concludedOn: p.row.conclusion!.concludedOn,
        })),
      );
    }
    await recordBatch(m, jobId, doneAfter, fresh.length);
    return fresh.filter((p) => p.input).map((p) => ({ id: p.id, workflowId: p.workflowId, input: p.input! }));
  }
}
