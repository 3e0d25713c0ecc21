import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../../../platform/config';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { AuthModule } from './auth/auth.module';
import { TasksModule } from './tasks/tasks.controller';
import { AgenciesModule } from './agencies/agencies.module';
import { ApplicationsModule } from './applications/applications.module';
import { ReportsModule } from './reports/reports.module';
import { DashboardModule } from './dashboard/dashboard.controller';
import { HealthModule } from './health/health.module';
import { ReferenceModule } from './reference/reference.controller';
import { PortalModule } from './portal/portal.controller';
import { CalendarModule } from './calendar/calendar.controller';
import { NotificationsModule } from './notifications/notifications.controller';
import { StuckCasesModule } from './admin/stuck-cases.controller';
// issue 8: proactive disclosure (table 二)
import { ProactiveDisclosureModule } from './proactive-disclosure/proactive-disclosure.controller';
import { YearEndModule } from './year-end/year-end.controller';
// Issue 8: reconsideration and litigation cases (table 四).
import { ReviewCasesModule } from './review-cases/review-cases.controller';
// Issue 9: publishing the annual report.
import { PublicationModule } from './publication/publication.controller';
// Issue 9: the annual report as a print page, Word, PDF and spreadsheet.
import { ReportExportModule } from './report-export/report-export.controller';
// Issue 10: deliveries of notifications (webhook, e-mail) for admins.
import { NotificationDeliveriesModule } from './admin/notification-deliveries.controller';
// Issue 11: formal notices (正式文书).
import { NoticesModule } from './notices/notices.controller';
// Issue 11: legacy import (历史数据导入).
import { ImportsModule } from './imports/imports.controller';
// Issue 16: departments (内设机构) and supervision (督办).
import { DepartmentsModule } from './departments/departments.controller';
import { RelatedModule } from './related/related.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config),
        AuthModule,
        TasksModule,
        AgenciesModule,
        ApplicationsModule,
        ReportsModule,
        DashboardModule,
        ReferenceModule,
        PortalModule,
        CalendarModule,
        NotificationsModule,
        StuckCasesModule,
        ProactiveDisclosureModule, // issue 8: table 二
        YearEndModule,
        ReviewCasesModule,
        PublicationModule, // issue 9: publishing
        ReportExportModule, // issue 9: exports
        NotificationDeliveriesModule, // issue 10: deliveries
        NoticesModule, // issue 11: formal notices
        ImportsModule, // issue 11: legacy import
        DepartmentsModule, // issue 16: departments, supervision
        RelatedModule, // issue 16: related and repeated applications
        HealthModule,
      ],
    };
  }
}
