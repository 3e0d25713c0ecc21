/**
 * Tables of OGI Flow. The event log (application_events) is the record of truth for the statistics;
 * `applications` is the read model of each application's current state, written by the workflow's
 * recording activity (and created, with its case number, at registration).
 */
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

/** An agency (行政机关) that handles applications; every application belongs to one. */
@Entity({ name: 'agencies' })
export class AgencyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Short code used in workflow ids, e.g. `demo`. */
  @Column({ type: 'varchar', length: 64, unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Where deadline reminders are e-mailed when SMTP is configured. */
  @Column({ name: 'notification_email', type: 'text', nullable: true })
  notificationEmail!: string | null;

  /** The agency it is grouped under (a county government over its departments), for roll-up views. */
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** The last case number given out per agency and receipt year. */
@Entity({ name: 'case_number_counters' })
export class CaseNumberCounterEntity {
  @PrimaryColumn({ name: 'agency_id', type: 'uuid' })
  agencyId!: string;

  @PrimaryColumn({ type: 'int' })
  year!: number;

  @Column({ name: 'last_number', type: 'int' })
  lastNumber!: number;
}

@Entity({ name: 'applications' })
@Unique('uq_applications_agency_case', ['agencyId', 'caseNumber'])
@Index('ix_applications_agency_status', ['agencyId', 'status'])
@Index('ix_applications_agency_year', ['agencyId', 'receiptYear'])
export class ApplicationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId!: string;

  @Column({ name: 'case_number', type: 'varchar', length: 32 })
  caseNumber!: string;

  @Column({ name: 'workflow_id', type: 'text', unique: true })
  workflowId!: string;

  @Column({ name: 'receipt_year', type: 'int' })
  receiptYear!: number;

  @Column({ name: 'applicant_name', type: 'text' })
  applicantName!: string;

  @Column({ name: 'applicant_type', type: 'varchar', length: 32 })
  applicantType!: string;

  @Column({ name: 'applicant_id_number', type: 'text', nullable: true })
  applicantIdNumber!: string | null;

  @Column({ name: 'applicant_contact', type: 'text', nullable: true })
  applicantContact!: string | null;

  @Column({ type: 'varchar', length: 32 })
  channel!: string;

  @Column({ name: 'received_on', type: 'date' })
  receivedOn!: string;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'receipt_evidence', type: 'text', nullable: true })
  receiptEvidence!: string | null;

  @Column({ name: 'information_sought', type: 'text' })
  informationSought!: string;

  @Column({ name: 'delivery_preference', type: 'text', nullable: true })
  deliveryPreference!: string | null;

  @Column({ type: 'varchar', length: 32 })
  status!: string;

  /** The drafted or final outcome code (REPORT.md table 三 row key). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  outcome!: string | null;

  @Column({ name: 'concluded_on', type: 'date', nullable: true })
  concludedOn!: string | null;

  @Column({ name: 'clock_started_on', type: 'date' })
  clockStartedOn!: string;

  @Column({ name: 'supplement_due_on', type: 'date', nullable: true })
  supplementDueOn!: string | null;

  /** The reply deadline (答复期限) as it stands; projected to the window's end while paused. */
  @Column({ name: 'reply_due_on', type: 'date', nullable: true })
  replyDueOn!: string | null;

  /** True while the deadline reaches into a year without an official holiday arrangement. */
  @Column({ name: 'reply_due_provisional', type: 'boolean', default: false })
  replyDueProvisional!: boolean;

  /** True while the reply clock is paused (consultation, fee notice). */
  @Column({ type: 'boolean', default: false })
  paused!: boolean;

  /** The calendar version the deadline was computed with. */
  @Column({ name: 'calendar_version', type: 'int', default: 0 })
  calendarVersion!: number;

  /** The workflow's state after the last recorded event (ledger, consultations, fee, …). */
  @Column({ type: 'jsonb', nullable: true })
  state!: Record<string, unknown> | null;

  /** The sequence number of the last event reflected here (0: registered, not yet recorded). */
  @Column({ type: 'int' })
  version!: number;

  /** Issue 11: `registered` through the API, `import` from the legacy import (历史数据导入). */
  @Column({ type: 'varchar', length: 16, default: 'registered' })
  source!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** One transition of one application; append-only, unique per application and sequence. */
@Entity({ name: 'application_events' })
@Unique('uq_application_events_seq', ['applicationId', 'seq'])
export class ApplicationEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: number;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 48 })
  type!: string;

  @Column({ name: 'business_date', type: 'date', nullable: true })
  businessDate!: string | null;

  @Column({ type: 'text', nullable: true })
  actor!: string | null;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** The workflow's clock when the transition happened. */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}

/** One year's official holiday arrangement as entered by an admin; each row is a new calendar version. */
@Entity({ name: 'calendar_years' })
export class CalendarYearEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  year!: number;

  @Column({ name: 'off_days', type: 'date', array: true })
  offDays!: string[];

  @Column({ name: 'work_days', type: 'date', array: true })
  workDays!: string[];

  /** The State Council notice it follows. */
  @Column({ type: 'text' })
  notice!: string;

  @Column({ name: 'entered_by', type: 'text' })
  enteredBy!: string;

  @Column({ name: 'entered_at', type: 'timestamptz', default: () => 'now()' })
  enteredAt!: Date;
}

/** An in-app notification (a deadline reminder, a missing calendar year), delivered also by webhook/e-mail. */
@Entity({ name: 'notifications' })
export class NotificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: number;

  /** Idempotency key: a reminder is keyed by application, clock, deadline and offset. */
  @Column({ type: 'text', unique: true })
  key!: string;

  @Column({ name: 'agency_id', type: 'uuid', nullable: true })
  agencyId!: string | null;

  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ name: 'audience_role', type: 'varchar', length: 16 })
  audienceRole!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;

  @Column({ name: 'offset_working_days', type: 'int', nullable: true })
  offsetWorkingDays!: number | null;

  @Column({ type: 'boolean', default: false })
  escalated!: boolean;

  @Column({ type: 'jsonb', default: {} })
  payload!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @Column({ name: 'webhook_status', type: 'varchar', length: 16, default: 'none' })
  webhookStatus!: string;

  @Column({ name: 'webhook_attempts', type: 'int', default: 0 })
  webhookAttempts!: number;

  @Column({ name: 'email_status', type: 'varchar', length: 16, default: 'none' })
  emailStatus!: string;
}

export const ENTITIES = [
  AgencyEntity,
  CaseNumberCounterEntity,
  ApplicationEntity,
  ApplicationEventEntity,
  CalendarYearEntity,
  NotificationEntity,
];
