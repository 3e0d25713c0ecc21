import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { WorkflowIdReusePolicy } from '@temporalio/client';
import type { applicationWorkflow } from '../../../../workflows';
import {
  type StaffActionName,
  APPLICATION_WORKFLOW_TYPE,
  staffActionUpdates,
} from '../../../../workflows/definitions';
import {
  type ApplicationStatus,
  type Registration,
  type StaffCommand,
  APPLICATION_STATUS_LABELS,
  CONCLUDED_STATUSES,
  EVENT_TYPE_LABELS,
  type ApplicationEventType,
} from '../../../../libs/domain/application';
import { OUTCOME_LABELS, type OutcomeCode } from '../../../../libs/domain/outcome';
import { dateInShanghai, yearOf } from '../../../../libs/domain/dates';
import { ApplicationEntity, ApplicationEventEntity } from '../../../../platform/database/entities';
import { applicationWorkflowId } from '../../../../platform/temporal';
import { APP_CONFIG, type AppConfig } from '../infrastructure/config.provider';
import { TemporalService } from '../infrastructure/temporal.service';
import { AgenciesService } from '../agencies/agencies.service';
import { ConflictError, ServiceUnavailableError, staffActionError } from '../common/http-exception.filter';
import { badRequest } from '../common/validation';
import type {
  ApplicationDetailDto,
  ApplicationPageDto,
  ApplicationSummaryDto,
  ListApplicationsQuery,
  RegisterApplicationDto,
} from './application.dto';

function summary(a: ApplicationEntity): ApplicationSummaryDto {
  return {
    id: a.id,
    agencyId: a.agencyId,
    caseNumber: a.caseNumber,
    workflowId: a.workflowId,
    applicantName: a.applicantName,
    applicantType: a.applicantType,
    channel: a.channel,
    receivedOn: a.receivedOn,
    status: a.status,
    statusLabel: APPLICATION_STATUS_LABELS[a.status as ApplicationStatus] ?? a.status,
    outcome: a.outcome,
    outcomeLabel: a.outcome ? (OUTCOME_LABELS[a.outcome as OutcomeCode] ?? a.outcome) : null,
    concludedOn: a.concludedOn,
    clockStartedOn: a.clockStartedOn,
    supplementDueOn: a.supplementDueOn,
    version: a.version,
  };
}

@Injectable()
export class ApplicationsService {
  private readonly logger = new Logger(ApplicationsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly temporal: TemporalService,
    private readonly agencies: AgenciesService,
  ) {}

  /**
   * Registers an application: gives it the next case number of its agency and receipt year, stores it,
   * and starts its workflow, all or nothing (the transaction rolls back if Temporal refuses the start).
   */
  async register(dto: RegisterApplicationDto): Promise<ApplicationDetailDto> {
    const agency = await this.agencies.find(dto.agencyId);
    if (!agency) throw badRequest([{ field: 'agencyId', reasons: [`no agency with id ${dto.agencyId}`] }]);
    if (dto.submittedAt) {
      const submittedOn = dateInShanghai(new Date(dto.submittedAt));
      if (submittedOn > dto.receivedOn) {
        throw badRequest([
          {
            field: 'submittedAt',
            reasons: [
              `submittedAt falls on ${submittedOn} (China Standard Time), after the receipt date ${dto.receivedOn}; an application cannot be received before it is submitted`,
            ],
          },
        ]);
      }
    }
    const client = await this.connectedClient();
    const id = randomUUID();
    const year = yearOf(dto.receivedOn);

    await this.db.transaction(async (m) => {
      const [{ last_number: n }] = (await m.query(
        `INSERT INTO case_number_counters (agency_id, year, last_number) VALUES ($1, $2, 1)
         ON CONFLICT (agency_id, year) DO UPDATE SET last_number = case_number_counters.last_number + 1
         RETURNING last_number`,
        [agency.id, year],
      )) as Array<{ last_number: number }>;
      const caseNumber = `${year}-${String(n).padStart(4, '0')}`;
      const workflowId = applicationWorkflowId(agency.code, caseNumber);
      const registration: Registration = {
        applicationId: id,
        agencyId: agency.id,
        caseNumber,
        applicantName: dto.applicantName.trim(),
        applicantType: dto.applicantType,
        applicantIdNumber: dto.applicantIdNumber?.trim() || null,
        applicantContact: dto.applicantContact?.trim() || null,
        channel: dto.channel,
        receivedOn: dto.receivedOn,
        submittedAt: dto.submittedAt ? new Date(dto.submittedAt).toISOString() : null,
        receiptEvidence: dto.receiptEvidence?.trim() || null,
        informationSought: dto.informationSought.trim(),
        deliveryPreference: dto.deliveryPreference?.trim() || null,
      };
      await m.query(
        `INSERT INTO applications (
           id, agency_id, case_number, workflow_id, receipt_year, applicant_name, applicant_type,
           applicant_id_number, applicant_contact, channel, received_on, submitted_at, receipt_evidence,
           information_sought, delivery_preference, status, clock_started_on, version)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,'registered',$11,0)`,
        [
          id,
          agency.id,
          caseNumber,
          workflowId,
          year,
          registration.applicantName,
          registration.applicantType,
          registration.applicantIdNumber,
          registration.applicantContact,
          registration.channel,
          registration.receivedOn,
          registration.submittedAt,
          registration.receiptEvidence,
          registration.informationSought,
          registration.deliveryPreference,
        ],
      );
      try {
        await client.workflow.start<typeof applicationWorkflow>(APPLICATION_WORKFLOW_TYPE, {
          workflowId,
          taskQueue: this.temporal.taskQueue,
          args: [
            { registration, actor: dto.actor ?? null, timing: { workingDayMs: this.config.workingDayMs } },
          ],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
      } catch (err) {
        this.logger.error(`could not start workflow ${workflowId}: ${String(err)}`);
        throw new ServiceUnavailableError(
          'the workflow service did not accept the application; nothing was registered, try again',
        );
      }
    });
    await this.awaitRegistrationRecorded(id);
    return this.get(id);
  }

  /**
   * The workflow records the `registered` event (seq 1) right after it starts; wait briefly for it so
   * the answer already shows it. If the worker is slow, answer anyway: the application is registered.
   */
  private async awaitRegistrationRecorded(id: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const [row] = (await this.db.query('SELECT version FROM applications WHERE id = $1', [id])) as Array<{
        version: number;
      }>;
      if (row && row.version >= 1) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.logger.warn(
      `application ${id}: registration not yet recorded by the workflow after ${timeoutMs} ms`,
    );
  }

  async list(q: ListApplicationsQuery): Promise<ApplicationPageDto> {
    const qb = this.db.getRepository(ApplicationEntity).createQueryBuilder('a');
    if (q.agencyId) qb.andWhere('a.agency_id = :agencyId', { agencyId: q.agencyId });
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    if (q.year) qb.andWhere('a.receipt_year = :year', { year: q.year });
    if (q.applicantType) qb.andWhere('a.applicant_type = :applicantType', { applicantType: q.applicantType });
    qb.orderBy('a.received_on', 'DESC').addOrderBy('a.case_number', 'DESC');
    qb.skip((q.page - 1) * q.pageSize).take(q.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(summary), total, page: q.page, pageSize: q.pageSize };
  }

  private async find(id: string): Promise<ApplicationEntity> {
    const app = await this.db.getRepository(ApplicationEntity).findOneBy({ id });
    if (!app)
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no application with id ${id}`,
      });
    return app;
  }

  async get(id: string): Promise<ApplicationDetailDto> {
    const a = await this.find(id);
    const events = await this.db
      .getRepository(ApplicationEventEntity)
      .find({ where: { applicationId: id }, order: { seq: 'ASC' } });
    return {
      ...summary(a),
      applicantIdNumber: a.applicantIdNumber,
      applicantContact: a.applicantContact,
      submittedAt: a.submittedAt ? a.submittedAt.toISOString() : null,
      receiptEvidence: a.receiptEvidence,
      informationSought: a.informationSought,
      deliveryPreference: a.deliveryPreference,
      events: events.map((e) => ({
        seq: e.seq,
        type: e.type,
        typeLabel: EVENT_TYPE_LABELS[e.type as ApplicationEventType] ?? e.type,
        businessDate: e.businessDate,
        actor: e.actor,
        payload: e.payload,
        occurredAt: e.occurredAt.toISOString(),
      })),
    };
  }

  /** Performs a staff action as an Update of the application's workflow; answers once it is recorded. */
  async act<N extends StaffActionName>(
    id: string,
    action: N,
    body: Omit<Extract<StaffCommand, { type: N }>, 'type'>,
  ): Promise<ApplicationDetailDto> {
    const app = await this.find(id);
    if (CONCLUDED_STATUSES.includes(app.status as ApplicationStatus)) {
      throw new ConflictError(
        'APPLICATION_CONCLUDED',
        `申请已办结（${APPLICATION_STATUS_LABELS[app.status as ApplicationStatus]}${app.concludedOn ? `，${app.concludedOn}` : ''}），不能再办理`,
      );
    }
    const client = await this.connectedClient();
    const command = { ...body, type: action } as Extract<StaffCommand, { type: N }>;
    try {
      await client.workflow
        .getHandle(app.workflowId)
        .executeUpdate(staffActionUpdates[action] as never, { args: [command] as never });
    } catch (err) {
      throw staffActionError(err) ?? err;
    }
    return this.get(id);
  }

  private async connectedClient() {
    try {
      return await this.temporal.client();
    } catch (err) {
      this.logger.error(`Temporal unreachable: ${String(err)}`);
      throw new ServiceUnavailableError(
        'the workflow service (Temporal) is unreachable; nothing was changed, try again',
      );
    }
  }
}
