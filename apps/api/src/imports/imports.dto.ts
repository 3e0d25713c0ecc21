/** Response shapes of the legacy import (历史数据导入). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ImportJobStatus } from './imports.service';

/** A problem of a row of the uploaded file. */
export class ImportProblemDto {
  @ApiProperty({ description: 'The row of the file (the header is row 1)' }) row!: number;
  @ApiProperty({ description: 'The column (its header)' }) column!: string;
  @ApiProperty({ description: 'What is wrong, in Chinese' }) message!: string;
}

/** An import job: an uploaded file and how far its rows are written. */
export class ImportJobDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() filename!: string;
  @ApiProperty({ description: 'SHA-256 of the file (the same file is imported once)' }) sha256!: string;
  @ApiProperty({ enum: ['rejected', 'running', 'done'] }) status!: ImportJobStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ description: 'Rows in the file (valid rows for an accepted file)' }) total!: number;
  @ApiProperty({ description: 'Rows written so far' }) done!: number;
  @ApiProperty() concluded!: number;
  @ApiProperty() open!: number;
  @ApiProperty({ description: 'Applications created (rows whose case number was new)' }) imported!: number;
  @ApiProperty({ type: [ImportProblemDto], description: 'Empty in the list of jobs' })
  problems!: ImportProblemDto[];
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiPropertyOptional({
    description:
      'Present (true) when the answer is an earlier upload of the same file (nothing imported again)',
  })
  duplicate?: boolean;
}

/** 422: the file has problems; nothing was imported (the upload is recorded as a rejected job). */
export class ImportRejectedDto {
  @ApiProperty({ example: 422 }) statusCode!: number;
  @ApiProperty({ example: 'Unprocessable Entity' }) error!: string;
  @ApiProperty({ enum: ['IMPORT_INVALID'] }) code!: 'IMPORT_INVALID';
  @ApiProperty({ description: 'How many problems, in Chinese' }) message!: string;
  @ApiProperty({ format: 'uuid', description: 'The rejected upload’s job' }) jobId!: string;
  @ApiProperty({ description: 'Rows in the file' }) total!: number;
  @ApiProperty({ type: [ImportProblemDto], description: 'Every problem of every row' })
  problems!: ImportProblemDto[];
}
