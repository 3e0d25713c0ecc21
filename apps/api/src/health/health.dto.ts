/** The health answer (200 when ok, the same shape with 503 when degraded). */
import { ApiProperty } from '@nestjs/swagger';

const REACHABLE = ['ok', 'unreachable'] as const;

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty({ enum: REACHABLE }) database!: (typeof REACHABLE)[number];
  @ApiProperty({ enum: REACHABLE }) temporal!: (typeof REACHABLE)[number];
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'How many workflows cannot make progress (all agencies; null when the database is unreachable)',
  })
  stuckCases!: number | null;
  @ApiProperty({
    enum: ['ok', 'unreachable', 'off'],
    description: 'Whether the worker’s Prometheus exporter answers (informational)',
  })
  workerMetrics!: 'ok' | 'unreachable' | 'off';
}
