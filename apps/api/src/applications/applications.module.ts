import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AgenciesModule } from '../agencies/agencies.module';
import { CalendarModule } from '../calendar/calendar.controller';
import { IdempotencyKeyInterceptor, markActionEndpoints } from '../common/idempotency';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { WorkflowOutboxService } from './workflow-outbox.service';

// Every `POST applications/{id}/<action>` performs a staff action: it takes an Idempotency-Key.
markActionEndpoints(ApplicationsController);

@Module({
  imports: [AgenciesModule, CalendarModule],
  controllers: [ApplicationsController],
  providers: [
    ApplicationsService,
    WorkflowOutboxService,
    { provide: APP_INTERCEPTOR, useClass: IdempotencyKeyInterceptor },
  ],
  exports: [ApplicationsService, WorkflowOutboxService],
})
export class ApplicationsModule {}
