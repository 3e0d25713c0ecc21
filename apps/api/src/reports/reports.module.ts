import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { ProactiveDisclosureModule } from '../proactive-disclosure/proactive-disclosure.controller';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [AgenciesModule, ProactiveDisclosureModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
