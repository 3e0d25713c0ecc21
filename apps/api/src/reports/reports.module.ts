import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { ReviewCasesModule } from '../review-cases/review-cases.controller';
import { ProactiveDisclosureModule } from '../proactive-disclosure/proactive-disclosure.controller';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [AgenciesModule, ProactiveDisclosureModule, ReviewCasesModule],
  controllers: [ReportsController],
  providers: [ReportsService],
  exports: [ReportsService], // issue 9: the exports build their document from the report
})
export class ReportsModule {}
