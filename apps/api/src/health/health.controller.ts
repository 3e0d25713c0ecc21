import { Controller, Get, HttpException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TemporalService } from '../infrastructure/temporal.service';
import { Public } from '../auth/auth.types';
import { StuckCasesService } from '../admin/stuck-cases.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalService,
    private readonly stuckCases: StuckCasesService,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({
    description:
      'database and Temporal reachable; stuckCases: how many workflows cannot make progress (all agencies; null when the database is unreachable)',
  })
  @ApiServiceUnavailableResponse({ description: 'one of them is not' })
  async check() {
    const database = await this.db.query('SELECT 1').then(
      () => 'ok',
      () => 'unreachable',
    );
    const temporal = (await this.temporal.healthy()) ? 'ok' : 'unreachable';
    const stuckCases =
      database === 'ok' ? await this.stuckCases.count().catch((): number | null => null) : null;
    const body = {
      status: database === 'ok' && temporal === 'ok' ? 'ok' : 'degraded',
      database,
      temporal,
      stuckCases,
    };
    if (body.status !== 'ok') throw new HttpException(body, 503);
    return body;
  }
}
