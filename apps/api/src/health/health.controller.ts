import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TemporalService } from '../infrastructure/temporal.service';
import { Public } from '../auth/auth.types';
import { StuckCasesService } from '../admin/stuck-cases.service';
import { APP_CONFIG, type AppConfig } from '../infrastructure/config.provider';
import { fetchWorkerMetrics } from '../operability/operability';
import { HealthDto } from './health.dto';
import { databaseReachable } from '../../../../platform/database/repositories/queryable';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalService,
    private readonly stuckCases: StuckCasesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({
    type: HealthDto,
    description:
      'status ok; database and temporal: ok | unreachable; stuckCases: how many workflows cannot make progress (all agencies; null when the database is unreachable); workerMetrics: ok | unreachable | off — whether the worker’s Prometheus exporter answers (informational: it does not make the status degraded)',
  })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'one of them is not (status degraded)' })
  async check(): Promise<HealthDto> {
    const database = (await databaseReachable(this.db)) ? ('ok' as const) : ('unreachable' as const);
    const temporal = (await this.temporal.healthy()) ? ('ok' as const) : ('unreachable' as const);
    const stuckCases =
      database === 'ok' ? await this.stuckCases.count().catch((): number | null => null) : null;
    const address = this.config.operability.workerMetricsAddress;
    const workerMetrics: HealthDto['workerMetrics'] = !address
      ? 'off'
      : (await fetchWorkerMetrics(address, 500)) === null
        ? 'unreachable'
        : 'ok';
    const body: HealthDto = {
      status: database === 'ok' && temporal === 'ok' ? 'ok' : 'degraded',
      database,
      temporal,
      stuckCases,
      workerMetrics,
    };
    if (body.status !== 'ok') throw new HttpException(body, 503);
    return body;
  }
}
