import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { StuckCasesModule } from '../admin/stuck-cases.controller';

@Module({ imports: [StuckCasesModule], controllers: [HealthController] })
export class HealthModule {}
