import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { ApiFileResponse } from '../common/file-response';
import { EXPORT_MAX_ROWS, EXPORT_MEDIA, listDisposition } from '../exports/list-export';
import { ApplicationSearchPageDto, ExportSearchQuery, SearchApplicationsQuery } from './search.dto';
import { SearchService } from './search.service';

@ApiTags('applications 依申请公开')
@ApiBearerAuth()
@Controller('applications')
export class SearchController {
  constructor(private readonly searches: SearchService) {}

  @Get('search')
  @ApiOperation({
    summary: '检索 Search applications and their replies',
    description:
      'By case number, applicant (name or certificate number), words of the information sought or of the reply (Chinese without spaces: character bigrams in a GIN index), receipt date range, status and outcome; over every agency the user may see (or `agencyId`), newest first. Matches are counted exactly up to 1000; past that `totalExact` is false and only the first 1000 are paged.',
  })
  @ApiOkResponse({ type: ApplicationSearchPageDto })
  @ApiBadRequestResponse({ description: 'a filter is malformed (the field is named)' })
  search(
    @CurrentUser() user: StaffUser,
    @Query() q: SearchApplicationsQuery,
  ): Promise<ApplicationSearchPageDto> {
    return this.searches.search(user, q);
  }

  @Get('search/export')
  @ApiOperation({
    summary: '导出 The search result (or the whole list) as .xlsx or .csv',
    description: `The same filters as GET /api/applications/search, every matching application the user may see, newest first, with Chinese column headings; CSV in UTF-8 with a byte-order mark. Content-Length is sent (the console shows the progress) and X-Export-Rows says how many rows. At most ${EXPORT_MAX_ROWS} rows (422 EXPORT_TOO_LARGE beyond).`,
  })
  @ApiFileResponse('the list', EXPORT_MEDIA.xlsx, 'text/csv')
  @ApiResponse({ status: 422, description: `more than ${EXPORT_MAX_ROWS} rows: narrow the filters` })
  async export(
    @CurrentUser() user: StaffUser,
    @Query() q: ExportSearchQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { format, ...filters } = q;
    const { file, rows } = await this.searches.export(user, filters, format);
    await reply
      .header('content-type', EXPORT_MEDIA[format])
      .header('content-disposition', listDisposition('applications', '申请列表', format))
      .header('content-length', file.length)
      .header('x-export-rows', rows)
      .send(file);
  }
}
