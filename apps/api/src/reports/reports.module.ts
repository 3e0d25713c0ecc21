import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({ imports: [AgenciesModule], controllers: [ReportsController], providers: [ReportsService] })
export class ReportsModule {}
