import { Controller, Get, HttpException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TemporalService } from '../infrastructure/temporal.service';
import { Public } from '../auth/auth.types';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalService,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'database and Temporal reachable' })
  @ApiServiceUnavailableResponse({ description: 'one of them is not' })
  async check() {
    const database = await this.db.query('SELECT 1').then(
      () => 'ok',
      () => 'unreachable',
    );
    const temporal = (await this.temporal.healthy()) ? 'ok' : 'unreachable';
    const body = { status: database === 'ok' && temporal === 'ok' ? 'ok' : 'degraded', database, temporal };
    if (body.status !== 'ok') throw new HttpException(body, 503);
    return body;
  }
}
