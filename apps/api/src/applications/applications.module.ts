import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { CalendarModule } from '../calendar/calendar.controller';
import { markActionEndpoints } from '../common/idempotency';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { RegistrationRecordedService } from './registration-recorded.service';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';
import { WorkflowOutboxService } from './workflow-outbox.service';

// Every `POST applications/{id}/<action>` performs a staff action: it takes an Idempotency-Key.
markActionEndpoints(ApplicationsController);

@Module({
  imports: [AgenciesModule, CalendarModule],
  controllers: [ApplicationsController, SearchController],
  providers: [ApplicationsService, WorkflowOutboxService, RegistrationRecordedService, SearchService],
  exports: [ApplicationsService, WorkflowOutboxService],
})
export class ApplicationsModule {}
