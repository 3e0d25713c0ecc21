/** Every migration, in order. A new migration is added here as well as in this folder. */
import { InitialSchema1764338400000 } from './1764338400000-initial-schema';
import { DeadlinesAndNotifications1764345600000 } from './1764345600000-deadlines-and-notifications';
import { StaffAccounts1764352800000 } from './1764352800000-staff-accounts';
import { Tasks1764356400000 } from './1764356400000-tasks';
import { WorkflowOutbox1764400000000 } from './1764400000000-workflow-outbox';
import { WorkflowProblems1764403600000 } from './1764403600000-workflow-problems';
import { ReviewCases1764500000000 } from './1764500000000-review-cases';
import { ProactiveDisclosure1764510000000 } from './1764510000000-proactive-disclosure';
import { ApplicationFacts1764520000000 } from './1764520000000-application-facts';
import { YearEnd1764540000000 } from './1764540000000-year-end';
// issue 9: publishing the annual report
import { AnnualReportPublication1764600000000 } from './1764600000000-annual-report-publication';
// issue 10: accounts agencies manage
import { AccountManagement1764700000000 } from './1764700000000-account-management';
// issue 10: the national calendar is the platform's; its propagation is a workflow
import { CalendarPropagation1764705000000 } from './1764705000000-calendar-propagation';
// issue 10: each notification channel a delivery of its own
import { NotificationDeliveries1764720000000 } from './1764720000000-notification-deliveries';
// issue 10: safe defaults (sign-in throttling, idle sessions)
import { SafeDefaults1764710000000 } from './1764710000000-safe-defaults';
// issue 11: formal notices (正式文书)
import { FormalNotices1764800000000 } from './1764800000000-formal-notices';
// issue 11: legacy import (历史数据导入)
import { LegacyImport1764810000000 } from './1764810000000-legacy-import';
// issue 12: the inbox filtered, ordered and counted in PostgreSQL
import { InboxAtScale1764900000000 } from './1764900000000-inbox-at-scale';
// issue 12: the recording of a registration notifies the API (no polling)
import { RegistrationRecordedNotify1764910000000 } from './1764910000000-registration-recorded-notify';
// issue 12: a notice's .docx rendered on first download, not while the step is recorded
import { NoticeDocxOnDownload1764920000000 } from './1764920000000-notice-docx-on-download';
// issue 14: the applicants' portal (one-time codes, sessions, submissions)
import { ApplicantPortal1764930000000 } from './1764930000000-applicant-portal';
import { PortalSubmissionsByClient1764940000000 } from './1764940000000-portal-submissions-by-client';
import { ApplicationFactCounts1764950000000 } from './1764950000000-application-fact-counts';
import { ApplicationSearch1764960000000 } from './1764960000000-application-search';
// issue 16: departments (内设机构)
import { Departments1764980000000 } from './1764980000000-departments';
// issue 16: related and repeated applications
import { RelatedApplications1764970000000 } from './1764970000000-related-applications';

export const MIGRATIONS = [
  InitialSchema1764338400000,
  DeadlinesAndNotifications1764345600000,
  StaffAccounts1764352800000,
  Tasks1764356400000,
  WorkflowOutbox1764400000000,
  WorkflowProblems1764403600000,
  ReviewCases1764500000000,
  ProactiveDisclosure1764510000000,
  ApplicationFacts1764520000000,
  YearEnd1764540000000,
  AnnualReportPublication1764600000000,
  AccountManagement1764700000000,
  CalendarPropagation1764705000000,
  SafeDefaults1764710000000,
  NotificationDeliveries1764720000000,
  FormalNotices1764800000000,
  LegacyImport1764810000000,
  InboxAtScale1764900000000,
  RegistrationRecordedNotify1764910000000,
  NoticeDocxOnDownload1764920000000,
  ApplicantPortal1764930000000,
  PortalSubmissionsByClient1764940000000,
  ApplicationFactCounts1764950000000,
  ApplicationSearch1764960000000,
  RelatedApplications1764970000000,
  Departments1764980000000,
];
