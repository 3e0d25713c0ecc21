import { Controller, Get, Module, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AgenciesModule } from '../agencies/agencies.module';
import { ApplicationsModule } from '../applications/applications.module';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { RequireRoles } from '../auth/roles.guard';
import { CalendarModule } from '../calendar/calendar.controller';
import { UuidParam } from '../common/pipes';
import { badRequest } from '../common/validation';
import { CSV_TYPE, IMPORT_MAX_BYTES, ImportsService, XLSX_TYPE } from './imports.service';
import { ImportJobDto, ImportRejectedDto } from './imports.dto';

export class ImportUploadQuery {
  @ApiPropertyOptional({ description: '文件名（.xlsx 或 .csv）' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  filename?: string;
}

/**
 * The import route takes the raw file as its body (no multipart): .xlsx or CSV, up to IMPORT_MAX_BYTES,
 * a limit that holds for these content types only (everything else keeps the API's 1 MB).
 */
export function installImportBodyParsers(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  fastify.addContentTypeParser(
    [XLSX_TYPE, CSV_TYPE, 'application/csv', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES },
    (_request: FastifyRequest, body: Buffer, done: (err: Error | null, body?: Buffer) => void) =>
      done(null, body),
  );
}

@ApiTags('imports 历史数据导入')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @RequireRoles(['admin'], '历史数据导入')
  @ApiOperation({
    summary: '历史数据导入 Upload a spreadsheet of past applications (admin)',
    description:
      'The raw file is the body: `Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` (.xlsx, first sheet) or `text/csv` (UTF-8 with or without BOM, or GB18030), at most 32 MB, with `?filename=`. Columns (Chinese headers or English keys): 案件编号 case_number, 申请人类型 applicant_type, 申请渠道 channel, 收到申请日期 received_on, 办理结果 outcome (code or Chinese label), 办结日期 concluded_on, 办理状态 state, 申请人 applicant_name, 申请内容 information_sought. Every row is validated first: any problem answers 422 with all of them (row, column, message in Chinese) and nothing is imported. A clean file answers 202 with the import job (GET /api/imports/{id} for its progress); the same file again answers 200 with the first job (`duplicate: true`) and imports nothing.',
  })
  @ApiConsumes(XLSX_TYPE, CSV_TYPE)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({ type: ImportJobDto, description: 'the import job (status running)' })
  @ApiOkResponse({
    type: ImportJobDto,
    description: 'the same file was imported before: its job, duplicate true',
  })
  @ApiUnprocessableEntityResponse({
    type: ImportRejectedDto,
    description: 'code IMPORT_INVALID, jobId, total, problems[{row, column, message}]',
  })
  async upload(
    @CurrentUser() user: StaffUser,
    @Query() q: ImportUploadQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportJobDto> {
    const body = request.body;
    const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
    if (!Buffer.isBuffer(body)) {
      throw badRequest([
        {
          field: 'file',
          reasons: [
            `请求体应为文件本身，Content-Type 为 ${XLSX_TYPE} 或 ${CSV_TYPE}（收到：${contentType || '无'}）`,
          ],
        },
      ]);
    }
    const filename = q.filename ?? (contentType.startsWith(XLSX_TYPE) ? 'import.xlsx' : 'import.csv');
    const { job, created } = await this.imports.upload(user, filename, contentType, body);
    void reply.status(created ? 202 : 200);
    return job;
  }

  @Get()
  @RequireRoles(['admin'], '历史数据导入')
  @ApiOperation({ summary: '导入记录 The agency’s last 50 uploads, newest first (admin)' })
  @ApiOkResponse({ type: [ImportJobDto], description: 'import jobs without their problem lists' })
  list(@CurrentUser() user: StaffUser): Promise<ImportJobDto[]> {
    return this.imports.list(user);
  }

  @Get(':id')
  @RequireRoles(['admin'], '历史数据导入')
  @ApiOperation({
    summary: '导入进度 An import job: status, total, done, imported, problems (admin)',
  })
  @ApiOkResponse({ type: ImportJobDto, description: 'the import job' })
  get(@CurrentUser() user: StaffUser, @Param('id', new UuidParam()) id: string): Promise<ImportJobDto> {
    return this.imports.get(user, id);
  }
}

@Module({
  imports: [AgenciesModule, CalendarModule, ApplicationsModule],
  controllers: [ImportsController],
  providers: [ImportsService],
})
export class ImportsModule {}
